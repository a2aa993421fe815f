"""Who receives a provider's or a service point's report packs
(:mod:`kb.reports.packs`), and in which language: a short list of e-mail
addresses kept by the administrator (the API and the directory pages).

An address is one plain ``local@domain`` (no display name, no comma, no
line break: it goes into a ``To`` header as it is;
:func:`kb.mail.is_address`), at most :data:`RECIPIENTS_MAX` of them.
"""
import re

from kb.errors import ValidationError
from kb.events import ObjectModified
from kb.i18n import _
from kb.mail import ADDRESS_MAX, is_address
from kb.refdata import UI_LANGUAGES

RECIPIENTS_MAX = 10


def _problem(field, message):
    return ValidationError(message, details=[{'field': field,
                                             'message': message}])


def checked_addresses(addresses):
    """The addresses, stripped, checked and without repeats (the first
    spelling kept)."""
    if not isinstance(addresses, list) or not all(
            isinstance(address, str) for address in addresses):
        raise _problem('addresses', _('Give the addresses as a list.'))
    checked, seen = [], set()
    for address in (address.strip() for address in addresses):
        if not address or address.lower() in seen:
            continue
        if not is_address(address):
            raise _problem('addresses', _(
                '"${address}" is not an e-mail address.',
                mapping={'address': address[:ADDRESS_MAX]}))
        seen.add(address.lower())
        checked.append(address)
    if len(checked) > RECIPIENTS_MAX:
        raise _problem('addresses', _('At most ${max} addresses.',
                                      mapping={'max': RECIPIENTS_MAX}))
    return tuple(checked)


def language_of(owner):
    """The language a provider's or point's packs are mailed in: the one
    chosen, else a point's first language of service that the interface
    has, else Finnish."""
    if owner.report_lang:
        return owner.report_lang
    fields = getattr(owner, 'fields', {})
    for lang in re.split(r'[\s,]+', fields.get('languages', '')):
        if lang in UI_LANGUAGES:
            return lang
    return 'fi'


def describe_recipients(owner):
    return {'addresses': list(owner.report_recipients),
            'lang': language_of(owner)}


def set_recipients(registry, actor, owner, addresses, lang):
    """Replace the recipients of ``owner`` (a provider or a service
    point) and their language (None or '' keeps the default of
    :func:`language_of`); audited.

    :returns: the changes, ``{field: [old, new]}``.
    """
    addresses = checked_addresses(addresses)
    if lang not in (None, '') + UI_LANGUAGES:
        raise _problem('lang', _('Choose Finnish, Swedish or Northern '
                                 'Sámi.'))
    old = {'addresses': tuple(owner.report_recipients),
           'lang': owner.report_lang}
    new = {'addresses': addresses, 'lang': lang or None}
    changes = {key: [list(old[key]) if key == 'addresses' else old[key],
                     list(new[key]) if key == 'addresses' else new[key]]
               for key in new if old[key] != new[key]}
    if changes:
        owner.report_recipients = addresses
        owner.report_lang = new['lang']
        registry.notify(ObjectModified(
            owner, actor, change='report_recipients', changes=changes))
    return changes
