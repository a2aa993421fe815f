"""How an advisor reaches an expert for a remote session (seed 002's
"asiantuntijapankki", 004's list of virtual rooms): each provider's
contact, kept by the administrator, and a card's own where its experts
differ, kept by the card's editors in the card. Staff only: a virtual
room is no public address."""
import re

from kb.i18n import _

FIELDS = ('room_url', 'booking_url', 'hours', 'phone')
URLS = ('room_url', 'booking_url')
TEXT_MAX = 200
HTTPS_RE = re.compile(r'^https://[^\s<>"]+$')


def checked_contact(contact):
    """``(contact, problems)``: the known fields of ``contact`` as
    stripped text, empty ones left out; ``problems`` lists ``(field,
    message)`` for what is wrong (an address must be https: the advisor
    opens it for a customer)."""
    if not isinstance(contact, dict):
        return {}, [(None, _('Give the fields as an object.'))]
    checked, problems = {}, []
    for field, value in contact.items():
        if field not in FIELDS:
            problems.append((field, _('Unknown field.')))
        elif not isinstance(value, str) or len(value) > TEXT_MAX:
            problems.append((field, _('Text of at most ${max} characters.',
                                      mapping={'max': TEXT_MAX})))
        elif field in URLS and value.strip() and not HTTPS_RE.match(
                value.strip()):
            problems.append((field, _(
                'The address must start with https://.')))
        elif value.strip():
            checked[field] = value.strip()
    return checked, problems


def contact_for(provider_contact, card_contact):
    """The contact an advisor sees for a card: the card's own, when it
    has one, in place of its provider's (never a mix of two experts'
    fields)."""
    return dict(card_contact or provider_contact or {})
