"""Posting lists as NumPy arrays, cached for the life of each segment.

Whoosh's matchers are pure Python: a query over many word forms in six
fields and two languages visited every posting one by one, and the p95
of a warm query at 10,000 cards was 400 ms. A segment never changes once
written (deletions only grow), so each term's postings are read from it
once into arrays: document numbers, weights and the documents' field
lengths, all that BM25F needs. :class:`IndexView` puts the segments of
one searcher side by side in the searcher's document numbering.
"""
import threading

import numpy as np

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


class SegmentPostings:
    """The postings of one segment that queries have asked for."""

    def __init__(self):
        self._terms = {}
        self._groups = None

    def term(self, reader, field, text):
        """``(ids, weights, lengths, frequency)`` of a term in this
        segment; ``frequency`` counts deleted documents too, as Whoosh's
        idf does.

        Documents already deleted when the term is first read are left
        out; later deletions are applied by :class:`IndexView`.
        """
        key = (field, text)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = _read_postings(reader, field, text)
        return found

    def groups(self, reader, codes):
        """Each document's ``group`` as an integer code."""
        if self._groups is None and not reader.has_column('group'):
            self._groups = EMPTY_IDS  # NB: an empty index's reader
        if self._groups is None:
            column = reader.column_reader('group')
            self._groups = np.fromiter(
                (codes.setdefault(value, len(codes)) for value in column),
                dtype=np.int64, count=reader.doc_count_all())
        return self._groups


def _read_postings(reader, field, text):
    if (field, text) not in reader:
        return EMPTY_IDS, EMPTY_WEIGHTS, EMPTY_WEIGHTS, 0
    matcher = reader.postings(field, text)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    lengths = [reader.doc_field_length(docnum, field, 1) or 1
               for docnum in ids]
    return (np.array(ids, dtype=np.int64),
            np.array(weights, dtype=np.float32),
            np.array(lengths, dtype=np.float32),
            reader.doc_frequency(field, text))


def segment_key(reader):
    """A segment's id (an empty index has a reader without one)."""
    segment = getattr(reader, '_segment', None)
    return segment.segment_id() if segment is not None else id(reader)


class PostingsCache:
    """Segment postings by segment id, and each searcher's
    :class:`IndexView`; segments that no searcher uses any more are
    dropped."""

    def __init__(self):
        self._segments = {}
        self._codes = {}  # group value → integer, shared by all segments
        self._lock = threading.Lock()

    def view(self, searcher):
        """The view of ``searcher``, made once: it goes with the
        searcher (a thread may take one warm from the pool,
        :meth:`kb.search.index.SearchIndex.fill`; only one thread uses a
        searcher at a time)."""
        view = getattr(searcher, 'kb_view', None)
        if view is None:
            view = searcher.kb_view = self._new_view(searcher)
        return view

    def _new_view(self, searcher):
        with self._lock:
            leaves = []
            for sub, offset in searcher.leaf_searchers():
                reader = sub.reader()
                key = segment_key(reader)
                segment = self._segments.get(key)
                if segment is None:
                    segment = self._segments[key] = SegmentPostings()
                leaves.append((reader, offset, segment))
            live = {segment_key(reader) for reader, _, _ in leaves}
            for key in set(self._segments) - live:
                del self._segments[key]
            return IndexView(searcher, leaves, self._codes)


class IndexView:
    """One searcher's documents as arrays: postings in the searcher's
    document numbers, which documents are live, their groups."""

    def __init__(self, searcher, leaves, codes):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._leaves = leaves
        self._postings = {}
        self._scored = {}
        self._masks = {}
        self._values = {}
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset, _segment in leaves:
            if reader.has_deletions():
                deleted = np.fromiter(reader.deleted_docs_set,
                                      dtype=np.int64)
                self.live[deleted + offset] = False
        self.groups = np.concatenate(
            [segment.groups(reader, codes)
             for reader, _, segment in leaves]) if leaves else EMPTY_IDS

    def postings(self, field, text):
        """``(ids, weights, lengths, frequency)`` of a term over the whole
        index, live documents only (``frequency`` as Whoosh counts it)."""
        key = (field, text)
        found = self._postings.get(key)
        if found is None:
            found = self._postings[key] = self._gather(field, text)
        return found

    def _gather(self, field, text):
        parts, frequency = [], 0
        for reader, offset, segment in self._leaves:
            ids, weights, lengths, count = segment.term(reader, field, text)
            frequency += count
            if len(ids):
                parts.append((ids + offset, weights, lengths))
        if not parts:
            return EMPTY_IDS, EMPTY_WEIGHTS, EMPTY_WEIGHTS, frequency
        ids, weights, lengths = (np.concatenate(column)
                                 for column in zip(*parts))
        keep = self.live[ids]
        return ids[keep], weights[keep], lengths[keep], frequency

    def scored(self, field, text, score):
        """``(ids, scores)`` of a term, ``score(searcher, field, text,
        weights, lengths, frequency)`` computed once per searcher."""
        key = (field, text)
        found = self._scored.get(key)
        if found is None:
            ids, weights, lengths, frequency = self.postings(field, text)
            found = self._scored[key] = (ids, score(
                self.searcher, field, text, weights, lengths, frequency))
        return found

    def mask(self, field, text):
        """The live documents that have a term, as a boolean array."""
        key = (field, text)
        found = self._masks.get(key)
        if found is None:
            found = np.zeros(self.size, dtype=bool)
            found[self.postings(field, text)[0]] = True
            self._masks[key] = found
        return found

    def range_mask(self, query):
        """The live documents a :class:`TermRange` admits."""
        found = np.zeros(self.size, dtype=bool)
        for field, text in query.expanded_terms(self.searcher.reader()):
            found |= self.mask(field, text)
        return found

    def field_values(self, field):
        """Every term of a (facet) field."""
        found = self._values.get(field)
        if found is None:
            found = self._values[field] = [
                text.decode('utf-8')
                for text in self.searcher.reader().lexicon(field)]
        return found
