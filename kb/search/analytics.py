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


class SearchLog(Persistent):
    """Time-ordered entries (tuples) and the results opened per entry."""

    __name__ = 'search_log'
    __parent__ = None

    def __init__(self):
        self.entries = LOBTree()
        self.opened = LOBTree()

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
