"""The publication log: which card version went to which channel, when,
by whom, and with what outcome.

Entries are written once and never changed; a later outcome (a Suomi.fi
push that succeeded or failed) is a new entry. They are keyed like the
audit log, by a time-ordered 64-bit integer, so concurrent appends touch
different keys; ``by_card`` holds ``(card id, key)`` pairs so that one
card's history is a range scan.
"""
import random

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent

from kb.cards.audit import newest_first
from kb.clock import free_key, stamp

#: The channels a card version is published to.
CHANNELS = ('intranet', 'public', 'suomifi')
#: How it went; ``pending`` waits for the Suomi.fi push.
OUTCOMES = ('done', 'scheduled', 'pending', 'failed')

_MAX_KEY = 2 ** 63 - 1


class PublicationLog(Persistent):
    """The log; see the module docstring."""

    __name__ = 'publication'
    __parent__ = None

    def __init__(self):
        self.entries = LOBTree()
        self.by_card = OOTreeSet()

    def append(self, entry, now, rand=random.randrange):
        """Add ``entry`` (a dict with at least ``card`` and ``channel``)
        at the aware datetime ``now`` (its ``time``).

        :returns: its key.
        """
        key = free_key(self.entries, now, rand)
        self.entries[key] = dict(entry, time=stamp(now))
        self.by_card.add((entry['card'], key))
        return key

    def recent(self, channel=None, outcome=None, provider=None,
               before=None, limit=50):
        """Entries newest first, each with its ``seq``; optional filters.

        :param before: a ``seq`` from an earlier page; only older entries.
        """
        maximum = before - 1 if before else None
        found = []
        for key, entry in newest_first(self.entries, maximum):
            if channel is not None and entry['channel'] != channel:
                continue
            if outcome is not None and entry['outcome'] != outcome:
                continue
            if provider is not None and entry['provider'] != provider:
                continue
            found.append(dict(entry, seq=key))
            if len(found) >= limit:
                break
        return found

    def of_card(self, card_id):
        """One card's entries, newest first."""
        keys = self.by_card.keys(min=(card_id, 0), max=(card_id, _MAX_KEY))
        return [
            dict(self.entries[key], seq=key)
            for _, key in reversed(list(keys))
        ]
