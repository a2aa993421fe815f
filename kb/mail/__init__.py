"""E-mail from the knowledge base (docs/operations.md, "E-mail").

Mail goes out only after the transaction that caused it commits
(:func:`send_after_commit`), through the SMTP server of the settings
(:mod:`kb.mail.smtp`).
"""
import re

from kb.mail.outbox import send_after_commit

ADDRESS_MAX = 254
#: A plain address, ``local@domain`` (no display name, comma or line
#: break: nothing that could add a header or a recipient).
ADDRESS_RE = re.compile(
    r'[A-Za-z0-9!#$%&\'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]{1,63}'
    r'(\.[A-Za-z0-9-]{1,63})+')


def is_address(text):
    """Whether ``text`` is a plain mail address (:data:`ADDRESS_RE`,
    at most :data:`ADDRESS_MAX` characters)."""
    return isinstance(text, str) and len(text) <= ADDRESS_MAX and \
        ADDRESS_RE.fullmatch(text) is not None


def one_line(text):
    """``text`` fit for a header: its whitespace (a line break in a card
    title, a directory name) collapsed to single spaces."""
    return ' '.join(text.split())


__all__ = ['ADDRESS_MAX', 'is_address', 'one_line', 'send_after_commit']
