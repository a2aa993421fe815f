"""The index's vocabulary, for prefix and typo expansion.

Whoosh's own ``Prefix`` and ``FuzzyTerm`` queries walk the term
dictionary once per field and build an automaton per term: with six
fields and several languages that took hundreds of milliseconds a query.
Here each index segment's terms are read once (segments never change)
and searched with ``bisect`` (prefixes) and rapidfuzz's Levenshtein
distance (typos), and the expansions become plain term queries.
"""
import bisect
import threading

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kb.search.documents import WEIGHTS
from kb.search.postings import segment_key

EXPANSIONS_MAX = 30


class SegmentTerms:
    """The terms and languages of one segment."""

    def __init__(self, reader):
        self.fields = {name: frozenset(_texts(reader, name))
                       for name in WEIGHTS}
        self.terms = sorted(set().union(*self.fields.values()))
        self.by_initial = {}
        for term in self.terms:
            self.by_initial.setdefault(term[0], []).append(term)
        self.langs = set(_texts(reader, 'lang'))


def _texts(reader, field):
    if field not in reader.indexed_field_names():
        return []
    return [term.decode('utf-8') for term in reader.lexicon(field)]


class Vocabulary:
    """Per-segment term lists, cached for the life of each segment."""

    def __init__(self):
        self._cache = {}
        self._lock = threading.Lock()

    def segments(self, searcher):
        leaves = searcher.leaf_searchers()
        found = []
        for sub, _offset in leaves:
            reader = sub.reader()
            key = segment_key(reader)
            terms = self._cache.get(key)
            if terms is None:
                terms = SegmentTerms(reader)
                with self._lock:
                    self._cache[key] = terms
            found.append((key, terms))
        live = {key for key, _ in found}
        with self._lock:
            for key in set(self._cache) - live:
                del self._cache[key]
        return [terms for _, terms in found]

    def languages(self, searcher):
        langs = set()
        for terms in self.segments(searcher):
            langs |= terms.langs
        return langs

    def existing(self, searcher, field, terms):
        """The ``terms`` that occur in ``field`` (a query for the others
        could only cost time)."""
        found = set()
        for segment in self.segments(searcher):
            found |= segment.fields[field] & terms
        return found

    def prefixed(self, searcher, prefix):
        """Terms that start with ``prefix`` (at most EXPANSIONS_MAX)."""
        found = set()
        for terms in self.segments(searcher):
            start = bisect.bisect_left(terms.terms, prefix)
            for term in terms.terms[start:start + EXPANSIONS_MAX]:
                if not term.startswith(prefix):
                    break
                found.add(term)
        return sorted(found)[:EXPANSIONS_MAX]

    def similar(self, searcher, word, distance):
        """Terms within ``distance`` edits, with the same first letter."""
        found = set()
        for terms in self.segments(searcher):
            candidates = terms.by_initial.get(word[0], ())
            for term, _score, _index in process.extract(
                word, candidates, scorer=Levenshtein.distance,
                score_cutoff=distance, limit=EXPANSIONS_MAX,
            ):
                found.add(term)
        found.discard(word)
        return sorted(found)[:EXPANSIONS_MAX]
