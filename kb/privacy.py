"""Recognising personal data in free text: Finnish personal identity
codes (with their check character), e-mail addresses, phone numbers.

Used to keep personal data out of logs and tickets.
"""
import datetime
import re

HETU_RE = re.compile(
    r'(?<![\w-])(\d{2})(\d{2})(\d{2})([-+ABCDEFYXWVU])(\d{3})([0-9A-Y])(?!\w)',
    re.IGNORECASE)
CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY'
CENTURY = {'+': 1800, '-': 1900, 'Y': 1900, 'X': 1900, 'W': 1900,
           'V': 1900, 'U': 1900, 'A': 2000, 'B': 2000, 'C': 2000,
           'D': 2000, 'E': 2000, 'F': 2000}
EMAIL_RE = re.compile(r'[\w.+-]+@[\w-]+(?:\.[\w-]+)+')
PHONE_RE = re.compile(r'(?<![\w])(?:\+|00)?\d[\d \-()]{6,}\d(?!\w)')
KINDS = ('identity_code', 'email', 'phone')


def is_identity_code(day, month, year, sign, number, check):
    """True for a valid Finnish personal identity code."""
    sign = sign.upper()
    try:
        datetime.date(CENTURY[sign] + int(year), int(month), int(day))
    except ValueError:
        return False
    value = int(f'{day}{month}{year}{number}')
    return CHECK_CHARS[value % 31] == check.upper()


def find_personal_data(text):
    """The kinds of personal data in ``text`` (a sorted list)."""
    found = set()
    for match in HETU_RE.finditer(text or ''):
        if is_identity_code(*match.groups()):
            found.add('identity_code')
    if EMAIL_RE.search(text or ''):
        found.add('email')
    for match in PHONE_RE.finditer(text or ''):
        digits = re.sub(r'\D', '', match.group())
        if 7 <= len(digits) <= 15:
            found.add('phone')
    return sorted(found)


def redact(text):
    """``text`` with identity codes, e-mail addresses and phone numbers
    replaced by ``[identity_code]``, ``[email]`` and ``[phone]``."""
    def hetu(match):
        if is_identity_code(*match.groups()):
            return '[identity_code]'
        return match.group()

    def phone(match):
        digits = re.sub(r'\D', '', match.group())
        return '[phone]' if 7 <= len(digits) <= 15 else match.group()

    text = HETU_RE.sub(hetu, text or '')
    text = EMAIL_RE.sub('[email]', text)
    return PHONE_RE.sub(phone, text)
