"""Redacting personal data stored before screening was complete.

Until normalised screening (issue 13), identity codes written with a
space, another dash, lower case, glued letters or zero-width characters
got into ticket notes and visit ids, flag comments and resolutions,
notices and the search log. This step redacts them where they are
rather than only reporting them: nothing offers a way to edit a note, a
flag or a logged query, so a report would leave the data stored for
good. The log says how many objects changed, never what they held.
"""
import logging

from kb.events import ObjectModified
from kb.privacy import KINDS, find_personal_data, redact
from kb.search.analytics import TEXT_MAX

log = logging.getLogger(__name__)

ACTOR = 'kb upgrade'
IDENTITY = ('identity_code',)


def _cleaned(text, kinds=KINDS):
    """``text`` redacted, or None if it holds nothing to redact."""
    if text and find_personal_data(text, kinds):
        return redact(text, kinds)
    return None


def _redact_attributes(obj, names):
    """Redact ``obj``'s text attributes ``names``; True if any changed."""
    changed = False
    for name in names:
        clean = _cleaned(getattr(obj, name))
        if clean is not None:
            setattr(obj, name, clean)
            changed = True
    return changed


def _search_log(search_log):
    changed = 0
    entries = search_log.entries
    for key in list(entries.keys()):
        entry = entries[key]
        clean = _cleaned(entry[0])
        if clean is not None:
            entries[key] = (clean[:TEXT_MAX].strip(),) + entry[1:]
            changed += 1
    return changed


def _tickets(store):
    changed = 0
    for bucket in store.months():
        for ticket in bucket.tickets.values():
            redacted = _redact_attributes(ticket, ('note',))
            if find_personal_data(ticket.visit, IDENTITY):
                # a redacted visit id would join strangers' tickets
                ticket.visit = ticket.id
                redacted = True
            changed += redacted
    return changed


def _flags(store):
    return sum(_redact_attributes(flag, ('comment', 'resolution'))
               for flags in store.flags.values() for flag in flags.values())


def _notices(root, registry):
    """Identity codes only: a notice's phone numbers and addresses are
    the service's own. A changed notice is announced, so that the search
    index and the audit log follow."""
    changed = 0
    for provider in root['providers'].values():
        for notice in provider['notices'].values():
            texts = {}
            for lang, fields in notice.texts.items():
                clean = {key: _cleaned(value, IDENTITY)
                         for key, value in fields.items()}
                if any(value is not None for value in clean.values()):
                    texts[lang] = {key: clean[key] or fields[key]
                                   for key in fields}
            if texts:
                notice.texts.update(texts)
                registry.notify(ObjectModified(notice, ACTOR,
                                               change='redact'))
                changed += 1
    return changed


def redact_stored(root, registry):
    """Redact personal data in every stored free text.

    :returns: how many entries or objects changed, per store.
    """
    store = root['tickets']
    changed = {
        'search_log': _search_log(root['search_log']),
        'tickets': _tickets(store),
        'flags': _flags(store),
        'notices': _notices(root, registry),
    }
    log.info('privacy: redacted personal data in %s', changed)
    return changed
