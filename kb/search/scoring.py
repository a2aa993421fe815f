"""Matching and scoring a Whoosh query tree over posting arrays.

:mod:`kb.search.query` builds its queries from ``whoosh.query`` objects;
here they are evaluated with NumPy over :class:`~kb.search.postings.IndexView`
arrays, scoring as Whoosh itself does: BM25F per term (B 0.75, K1 1.2,
Whoosh's idf and average field length), the sum of the matching
children in ``And`` and ``Or``, compound boosts multiplied in, and
``ConstantScoreQuery`` filters that restrict without scoring. Results
are collapsed to the best document of each group (card), best first,
ties in document order, as Whoosh's collector orders them.
"""
from functools import reduce
import math

import numpy as np
from whoosh import query as q

from kb.search.postings import EMPTY_IDS, EMPTY_WEIGHTS

B = 0.75
K1 = 1.2


class Unmarked(q.Or):
    """An ``Or`` whose terms score but are not remembered for
    highlighting: words the search adds, not the caller's."""


class Scorer:
    """Evaluates queries over one :class:`IndexView`; remembers which
    documents each scored term matched, for highlighting."""

    def __init__(self, view):
        self.view = view
        self.searcher = view.searcher
        self.matched_by = {}  # (field, text) → ids

    # -- scoring -----------------------------------------------------

    def score(self, query):
        """``(ids, scores)`` of the live documents that match, ids
        ascending."""
        if isinstance(query, q.Term):
            ids, scores = self._term(query.fieldname, query.text)
        elif isinstance(query, q.Or):
            kept = self.matched_by
            if isinstance(query, Unmarked):
                self.matched_by = {}
            ids, scores = union([self.score(sub)
                                 for sub in query.subqueries])
            self.matched_by = kept
        elif isinstance(query, q.And):
            ids, scores = self._intersection(query.subqueries)
        elif isinstance(query, q.ConstantScoreQuery):
            ids = np.flatnonzero(self.mask(query.child))
            scores = np.full(len(ids), query.score)
        else:
            raise TypeError(f'cannot score {query!r}')
        # NB: a ConstantScoreQuery has no boost
        return ids, scores * getattr(query, 'boost', 1.0)

    def _term(self, field, text):
        ids, scores = self.view.scored(field, text, _bm25f)
        if len(ids):
            self.matched_by[(field, text)] = ids
        return ids, scores

    def _intersection(self, subqueries):
        filters, scored = [], []
        for sub in subqueries:
            if isinstance(sub, q.ConstantScoreQuery) and sub.score == 0:
                filters.append(sub)
            else:
                scored.append(self.score(sub))
        admitted = reduce(np.logical_and,
                          (self.mask(sub.child) for sub in filters),
                          self.view.live)
        if not scored:
            ids = np.flatnonzero(admitted)
            return ids, np.zeros(len(ids))
        scored.sort(key=lambda pair: len(pair[0]))
        ids, scores = scored[0]
        keep = admitted[ids]
        ids, scores = ids[keep], scores[keep]
        for other_ids, other_scores in scored[1:]:
            where = np.searchsorted(other_ids, ids)
            where[where == len(other_ids)] = 0
            keep = other_ids[where] == ids if len(other_ids) else \
                np.zeros(len(ids), dtype=bool)
            ids, scores = ids[keep], scores[keep] + other_scores[where[keep]]
        return ids, scores

    # -- filtering ---------------------------------------------------

    def mask(self, query):
        """The live documents a filter admits, as a boolean array."""
        view = self.view
        if isinstance(query, q.Term):
            return view.mask(query.fieldname, query.text)
        if isinstance(query, q.And):
            return reduce(np.logical_and,
                          (self.mask(sub) for sub in query.subqueries),
                          view.live)
        if isinstance(query, q.Or):
            return reduce(np.logical_or,
                          (self.mask(sub) for sub in query.subqueries),
                          np.zeros(view.size, dtype=bool))
        if isinstance(query, q.Not):
            return view.live & ~self.mask(query.query)
        if isinstance(query, q.ConstantScoreQuery):
            return self.mask(query.child)
        if isinstance(query, q.TermRange):
            return view.range_mask(query)
        raise TypeError(f'cannot filter with {query!r}')

    # -- results -----------------------------------------------------

    def collapsed(self, query):
        """The best document of each group, best first: ``(ids,
        scores)``."""
        return self.collapse(*self.score(query))

    def collapse(self, ids, scores):
        """:meth:`score`'s ``(ids, scores)`` as :meth:`collapsed`
        returns them."""
        order = np.lexsort((ids, -scores))
        ids, scores = ids[order], scores[order]
        _codes, first = np.unique(self.view.groups[ids], return_index=True)
        first.sort()
        return ids[first], scores[first]

    def matched_fields(self, docnums):
        """For each document, the scored terms that matched it, by
        field: ``[{field: {text, ...}}, ...]``."""
        found = [{} for _ in docnums]
        for (field, text), ids in self.matched_by.items():
            where = np.searchsorted(ids, docnums)
            where[where == len(ids)] = 0
            for i in np.flatnonzero(ids[where] == docnums):
                found[i].setdefault(field, set()).add(text)
        return found


def _bm25f(searcher, field, text, weights, lengths, frequency):
    """Whoosh's BM25F score of each posting of a term."""
    count = searcher.doc_count_all()
    idf = math.log(count / (frequency + 1)) + 1
    average = searcher.field_length(field) / (count or 1) or 1
    weights = weights.astype(np.float64)
    return idf * (weights * (K1 + 1)) / (
        weights + K1 * ((1 - B) + B * lengths / average))


def union(parts):
    """The documents of any of ``parts`` (``(ids, scores)`` each), their
    scores summed, as an ``Or`` scores them."""
    parts = [(ids, scores) for ids, scores in parts if len(ids)]
    if not parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([ids for ids, _ in parts])
    scores = np.concatenate([scores for _, scores in parts])
    unique, inverse = np.unique(ids, return_inverse=True)
    return unique, np.bincount(inverse, weights=scores)
