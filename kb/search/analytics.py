"""Search analytics: every query logged without personal data.

An entry holds the query text (normalised, with identity codes, e-mail
addresses and phone numbers redacted before it is stored: see
:func:`kb.privacy.redact`), language, audience, service point, the
provider filter or the top result's provider, and the result count;
results opened from it are recorded beside it. Editors see zero-result
queries and queries nobody opened a result of.
"""
import random

from BTrees.LOBTree import LOBTree
from persistent import Persistent

from kb.clock import free_key, utcnow
from kb.privacy import redact

TEXT_MAX = 200
#: Results recorded as opened per query (a results page shows fewer).
OPENED_MAX = 20
#: Cards of a staff query's results kept (a results page shows 10).
SHOWN_MAX = 10
#: Pairs (card, how) recorded per query.
PAIRS_MAX = 10


class SearchLog(Persistent):
    """Time-ordered entries (tuples), the results opened per entry, and
    for staff queries the cards shown and the pairs."""

    __name__ = 'search_log'
    __parent__ = None

    def __init__(self):
        self.entries = LOBTree()
        self.opened = LOBTree()
        self.shown = LOBTree()
        self.pairs = LOBTree()

    def log(self, text, lang, audience, point, provider, results,
            clock=utcnow, rand=random.randrange):
        key = free_key(self.entries, clock(), rand)
        self.entries[key] = (redact(text)[:TEXT_MAX].strip(), lang,
                             audience, point, provider, results)
        return key

    def open(self, key, card_id):
        """Record that a result of query ``key`` was opened (at most
        :data:`OPENED_MAX` cards per query: anyone may call this)."""
        if key not in self.entries:
            return False
        opened = self.opened.get(key, ())
        if card_id not in opened and len(opened) < OPENED_MAX:
            self.opened[key] = opened + (card_id,)
        return True

    def show(self, key, card_ids):
        """Keep the cards query ``key`` showed (the first
        :data:`SHOWN_MAX`), to tell later whether it found a card."""
        if key in self.entries:
            self.shown[key] = tuple(card_ids)[:SHOWN_MAX]

    def found(self, key, card_id):
        """Whether query ``key`` showed the card ``card_id``."""
        return card_id in self.shown.get(key, ())

    def pair(self, key, card_id, how, found, via=None):
        """Record that query ``key`` led to ``card_id`` (``how``:
        ``opened`` or ``used``), whether the query ``found`` it, and
        ``via`` the key of a later query of the session that did.

        :returns: True if recorded (once per card and how; at most
            :data:`PAIRS_MAX` per query).
        """
        if key not in self.entries:
            return False
        pairs = self.pairs.get(key, ())
        if len(pairs) >= PAIRS_MAX or any(
                pair[:2] == (card_id, how) for pair in pairs):
            return False
        self.pairs[key] = pairs + ((card_id, how, found, via),)
        return True

    def paired(self, since_key=0):
        """``(key, entry, pairs)`` of the queries since ``since_key``
        that led to a card."""
        for key, pairs in self.pairs.items(min=since_key):
            # NB: a pair committed beside a concurrent prune outlives it
            # until the next prune
            entry = self.entries.get(key)
            if entry is not None:
                yield key, entry, pairs

    def prune(self, before, keep):
        """Forget the queries logged before the key ``before`` and, of
        the rest, all but the newest ``keep``: anonymous searches write
        here, so its age and size are bounded.

        :returns: the number forgotten.
        """
        old = len(self.entries.keys(max=before - 1)) if before else 0
        cut = max(old, len(self.entries) - keep)
        for key in list(self.entries.keys()[:cut]):
            del self.entries[key]
            self.opened.pop(key, None)
        # NB: with a pair committed beside a concurrent prune
        oldest = self.entries.minKey() if self.entries else None
        for tree in (self.shown, self.pairs):
            for key in list(tree.keys(max=oldest - 1) if oldest is not None
                            else tree.keys()):
                del tree[key]
        return cut

    def report(self, kind, since_key=0, lang=None, providers=None):
        """Queries with no results (``zero``) or none opened
        (``unopened``), grouped by normalised text, most frequent first.

        :param providers: None for all; else only entries whose provider
            is one of these.
        """
        groups = {}
        for key, entry in self.entries.items(min=since_key):
            text, entry_lang, audience, point, provider, results = entry
            if lang and entry_lang != lang:
                continue
            if providers is not None and provider not in providers:
                continue
            if kind == 'zero' and results:
                continue
            if kind == 'unopened' and (not results or key in self.opened):
                continue
            name = (' '.join(text.lower().split()), entry_lang, provider)
            group = groups.setdefault(name, {
                'query': name[0], 'lang': entry_lang, 'provider': provider,
                'count': 0, 'results': results, 'last': key})
            group['count'] += 1
            group['last'] = max(group['last'], key)
        return sorted(groups.values(),
                      key=lambda g: (-g['count'], -g['last']))
