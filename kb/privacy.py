"""Recognising personal data in free text: Finnish personal identity
codes (with their check character), e-mail addresses, phone numbers.

Used to keep personal data out of everything stored from free text:
tickets, flags, notices and the search log. Text is screened in its
normalised form (:func:`normalise`), so that compatibility forms,
invisible characters and other dashes do not hide a code.
"""
import datetime
import re
import unicodedata

from kb.errors import ValidationError
from kb.i18n import _

#: Day, month, year, the century sign (or a space, a dash or nothing,
#: as people type them), the individual number and the check character;
#: glued letters may stand before and after, digits may not.
HETU_RE = re.compile(
    r'(?<!\d)(\d{2})(\d{2})(\d{2}) ?([-+ABCDEFYXWVU]?) ?(\d{3})'
    r'([0-9A-Y])(?!\d)', re.IGNORECASE)
CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY'
CENTURY = {'+': 1800, '-': 1900, 'Y': 1900, 'X': 1900, 'W': 1900,
           'V': 1900, 'U': 1900, 'A': 2000, 'B': 2000, 'C': 2000,
           'D': 2000, 'E': 2000, 'F': 2000}
#: Without a sign the century is unknown: any in which the date exists.
ANY_CENTURY = (1800, 1900, 2000)
EMAIL_RE = re.compile(r'[\w.+-]+@[\w-]+(?:\.[\w-]+)+')
#: A phone number starts like one (``+``, ``0`` or ``358``) and has
#: single spaces or hyphens between its digit groups. Dates and business
#: ids, which look alike, match the first alternative and are kept.
PHONE_RE = re.compile(
    r'(?<![\d+])(?:(\d{4}-\d\d?-\d\d?|\d\d?-\d\d?-\d{4}|\d{7}-\d)(?!\d)'
    r'|(?:\+ ?|00|358|\(0|0)(?:[ -]?\(?\d\)?){5,}(?!\w))')
KINDS = ('identity_code', 'email', 'phone')
#: Dashes that are not the ASCII hyphen-minus (after NFKC).
DASHES = {'\u2212'}


def normalise(text):
    """``text`` as screened: Unicode NFKC (full-width and other
    compatibility forms become plain ones), invisible format and
    control characters removed (zero-width spaces and joiners, soft
    hyphens, byte order marks, direction marks), every dash made ``-``
    and runs of spaces one space."""
    chars = []
    for char in unicodedata.normalize('NFKC', text or ''):
        category = unicodedata.category(char)
        if category == 'Cf' or (category == 'Cc' and char not in '\t\n\r'):
            continue
        chars.append('-' if category == 'Pd' or char in DASHES else char)
    return re.sub(r'[^\S\r\n]+', ' ', ''.join(chars))


def is_identity_code(day, month, year, sign, number, check):
    """True for a valid Finnish personal identity code (``sign`` may be
    empty: then the date must exist in some century)."""
    centuries = (CENTURY[sign.upper()],) if sign else ANY_CENTURY
    for century in centuries:
        try:
            datetime.date(century + int(year), int(month), int(day))
            break
        except ValueError:
            continue
    else:
        return False
    value = int(f'{day}{month}{year}{number}')
    return CHECK_CHARS[value % 31] == check.upper()


def _is_phone(match):
    if match.group(1):
        return False
    digits = re.sub(r'\D', '', match.group())
    return 7 <= len(digits) <= 15


def _finders():
    """``(kind, pattern, is it one)`` per kind."""
    return (
        ('identity_code', HETU_RE,
         lambda match: is_identity_code(*match.groups())),
        ('email', EMAIL_RE, lambda match: True),
        ('phone', PHONE_RE, _is_phone),
    )


def find_personal_data(text, kinds=KINDS):
    """The kinds of personal data in ``text`` (a sorted list)."""
    text = normalise(text)
    return sorted(
        kind for kind, pattern, accept in _finders() if kind in kinds
        and any(accept(match) for match in pattern.finditer(text)))


def redact(text, kinds=KINDS):
    """``text``, normalised, with identity codes, e-mail addresses and
    phone numbers (of ``kinds``) replaced by ``[identity_code]``,
    ``[email]`` and ``[phone]``."""
    text = normalise(text)
    for kind, pattern, accept in _finders():
        if kind in kinds:
            text = pattern.sub(
                lambda match: f'[{kind}]' if accept(match)
                else match.group(), text)
    return text


#: The refusal of each kind found alone, and of several (None): a whole
#: sentence each, so that the reader's language names the kind (the
#: details keep the kinds' codes for programs).
REFUSALS = {
    ('identity_code',): _(
        'Do not write personal data here: remove the identity code. '
        'Tickets never hold a customer\'s identity code, e-mail address or '
        'phone number.'),
    ('email',): _(
        'Do not write personal data here: remove the e-mail address. '
        'Tickets never hold a customer\'s identity code, e-mail address or '
        'phone number.'),
    ('phone',): _(
        'Do not write personal data here: remove the phone number. '
        'Tickets never hold a customer\'s identity code, e-mail address or '
        'phone number.'),
    None: _(
        'Do not write personal data here: remove the identity codes, '
        'e-mail addresses and phone numbers. Tickets never hold them.'),
}


def refuse_personal_data(text, field, kinds=KINDS):
    """Refuse ``text`` typed into ``field`` if it holds personal data of
    ``kinds``.

    :raises ValidationError: ``personal_data``, one detail per kind.
    """
    found = find_personal_data(text, kinds)
    if found:
        raise ValidationError(
            REFUSALS.get(tuple(found), REFUSALS[None]),
            details=[{'field': field, 'message': kind} for kind in found],
            code='personal_data')
