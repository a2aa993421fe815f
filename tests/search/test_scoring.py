"""The array scorer finds and ranks exactly what Whoosh itself would."""
import pytest
from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from kb.search.postings import PostingsCache
from kb.search.scoring import Scorer

DOCS = [
    ('card:a', 'fi', 'public', 'asumistuki tuki asuminen', 'kela'),
    ('card:a', 'sv', 'public', 'bostadsbidrag stöd', 'kela'),
    ('card:b', 'fi', 'advisor', 'ajokortti kortti poliisi', 'poliisi'),
    ('card:c', 'fi', 'public', 'verokortti kortti vero muutos', 'vero'),
    ('card:d', 'fi', 'public', 'tuki tuki tuki kortti', 'kela'),
    ('card:e', 'fi', 'public advisor', 'passi hakemus passi', 'poliisi'),
    ('notice:x', 'fi', 'advisor', 'tiedote kortti', 'kela'),
]


@pytest.fixture
def index(tmp_path):
    """An index of three segments, one document deleted."""
    schema = Schema(
        key=ID(unique=True, stored=True),
        group=ID(stored=True, sortable=True),
        lang=ID(stored=True), provider=ID(stored=True),
        audience=KEYWORD(stored=True), valid_from=ID(stored=True),
        title=TEXT(analyzer=SpaceSeparatedTokenizer(), field_boost=6.0,
                   phrase=False),
        description=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
    )
    ix = whoosh_index.create_in(tmp_path, schema)
    for chunk in (DOCS[:3], DOCS[3:5], DOCS[5:]):
        with ix.writer() as writer:
            writer.mergetype = _no_merge
            for n, (group, lang, audience, text, provider) in enumerate(
                    chunk):
                writer.add_document(
                    key=f'{group}:{lang}', group=group, lang=lang,
                    audience=audience, provider=provider,
                    valid_from=f'2026-0{n + 1}-01',
                    title=text.split()[0], description=text)
    with ix.writer() as writer:
        writer.mergetype = _no_merge
        writer.delete_by_term('key', 'card:d:fi')
    return ix


def _no_merge(writer, segments):
    return segments


def constant(query):
    return q.ConstantScoreQuery(query, 0.0)


KORTTI_OR_PASSI = q.Or([q.Term('description', 'kortti'),
                       q.Term('description', 'passi')])
IN_FORCE = q.Or([q.Not(q.Term('group', 'notice:x')),
                 q.TermRange('valid_from', None, '2026-01-15')])
#: (our query, its parts as Whoosh scores them: (query, filter, boost))
QUERIES = [
    (q.Term('description', 'kortti'),
     [(q.Term('description', 'kortti'), None, 1.0)]),
    (q.Or([q.Term('title', 'tuki'), q.Term('description', 'tuki')]),
     [(q.Or([q.Term('title', 'tuki'), q.Term('description', 'tuki')]),
       None, 1.0)]),
    (q.And([q.Term('description', 'kortti'),
            q.Or([q.Term('description', 'vero'),
                  q.Term('description', 'poliisi')], boost=0.5)]),
     [(q.And([q.Term('description', 'kortti'),
              q.Or([q.Term('description', 'vero'),
                    q.Term('description', 'poliisi')], boost=0.5)]),
       None, 1.0)]),
    (q.And([constant(q.Term('audience', 'public')), KORTTI_OR_PASSI],
           boost=2.0),
     [(KORTTI_OR_PASSI, q.Term('audience', 'public'), 2.0)]),
    (q.And([constant(IN_FORCE), q.Term('description', 'kortti')]),
     [(q.Term('description', 'kortti'), IN_FORCE, 1.0)]),
    (q.Or([q.And([constant(q.Term('lang', 'sv')),
                  q.Term('description', 'stöd')], boost=2.0),
           q.And([constant(q.Term('lang', 'fi')),
                  q.Term('description', 'tuki')])]),
     [(q.Term('description', 'stöd'), q.Term('lang', 'sv'), 2.0),
      (q.Term('description', 'tuki'), q.Term('lang', 'fi'), 1.0)]),
]


def whoosh_scores(searcher, parts):
    """What Whoosh scores the parts, filters only restricting.

    NB: a ``ConstantScoreQuery(..., 0.0)`` inside a Whoosh query does
    not score 0 (a falsy constant falls back to the posting weights), so
    the reference runs the filters as Whoosh's ``filter``.
    """
    total = {}
    for query, restrict, boost in parts:
        for hit in searcher.search(query, filter=restrict, limit=None):
            total[hit.docnum] = total.get(hit.docnum, 0) + hit.score * boost
    return sorted(((docnum, pytest.approx(score, rel=1e-5))
                   for docnum, score in total.items()),
                  key=lambda pair: (-pair[1].expected, pair[0]))


@pytest.mark.parametrize('query,parts', QUERIES, ids=range(len(QUERIES)))
def test_scores_and_ranks_as_whoosh_does(index, query, parts):
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 3
        ids, scores = Scorer(PostingsCache().view(searcher)).score(query)
        ranked = sorted(zip(ids.tolist(), scores.tolist()),
                        key=lambda pair: (-pair[1], pair[0]))
        assert ranked == whoosh_scores(searcher, parts)
        assert ranked


def test_collapses_to_the_best_document_of_each_group(index):
    query = q.Or([q.Term('description', 'stöd', boost=3.0),
                  q.Term('description', 'tuki'),
                  q.Term('description', 'kortti')])
    with index.searcher() as searcher:
        expected = [hit['key'] for hit in searcher.search(
            query, limit=None, collapse='group', collapse_limit=1)]
        scorer = Scorer(PostingsCache().view(searcher))
        ids, _scores = scorer.collapsed(query)
        keys = [searcher.stored_fields(int(i))['key'] for i in ids]
        assert keys == expected
        assert 'card:a:sv' in keys and 'card:a:fi' not in keys
        words = {'stöd', 'tuki', 'kortti'}
        texts = {f'{group}:{lang}': set(text.split()) & words
                 for group, lang, _, text, _ in DOCS}
        assert scorer.matched_fields(ids) == [
            {'description': texts[key]} for key in keys]


def test_a_deletion_after_caching_is_applied(index):
    cache = PostingsCache()
    with index.searcher() as searcher:
        Scorer(cache.view(searcher)).score(q.Term('description', 'passi'))
    with index.writer() as writer:
        writer.mergetype = _no_merge
        writer.delete_by_term('key', 'card:e:fi')
    with index.searcher() as searcher:
        ids, _ = Scorer(cache.view(searcher)).score(
            q.Term('description', 'passi'))
        assert ids.tolist() == []


def test_unknown_query_types_are_refused(index):
    with index.searcher() as searcher:
        scorer = Scorer(PostingsCache().view(searcher))
        with pytest.raises(TypeError):
            scorer.score(q.Prefix('description', 'kor'))
        with pytest.raises(TypeError):
            scorer.mask(q.Prefix('description', 'kor'))


def test_a_view_does_not_outlive_its_thread_s_next_searcher(index):
    import gc
    import weakref

    cache = PostingsCache()
    old = index.searcher()
    assert cache.view(old) is cache.view(old)
    gone = weakref.ref(old)
    old.close()
    del old
    with index.searcher() as new:
        cache.view(new)
        gc.collect()
        assert gone() is None
