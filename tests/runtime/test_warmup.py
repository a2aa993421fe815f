"""The warm-up: one search per language before the node reports
ready."""
from kb.runtime.warmup import QUERIES, WarmUp, is_warm
from kb.search.query import LANGS


def test_there_is_a_warm_up_query_for_every_language():
    assert sorted(QUERIES) == sorted(LANGS)


def test_the_warm_up_searches_without_logging_a_query(app, db, database):
    thread = WarmUp(db, app.registry)
    thread.run()
    assert is_warm(app.registry)
    with database as root:
        assert len(root['search_log'].entries) == 0


def test_a_failed_warm_up_leaves_the_node_cold(app, db, caplog):
    db.close()
    thread = WarmUp(db, app.registry)
    thread.run()
    thread.stop()
    assert not is_warm(app.registry)
    assert 'warm-up failed' in caplog.text


def test_the_warm_up_loads_every_dictionary_and_the_index_arrays(
    app, db, published_card,
):
    from kb.search import analysis

    published_card()
    analysis.DICTIONARIES._get_dictionary.cache_clear()
    index = app.registry.search_index
    WarmUp(db, app.registry).run()
    misses = analysis.DICTIONARIES._get_dictionary.cache_info().misses
    for lang in analysis.LEMMA_LANGS:
        analysis.DICTIONARIES.get_dictionary(lang)
    assert analysis.DICTIONARIES._get_dictionary.cache_info().misses == (
        misses)
    segments = index.postings._segments.values()
    assert segments and all(s._groups is not None for s in segments)
    assert index.vocabulary._cache


def test_the_warm_up_pools_a_warm_searcher_per_connection(
    app, db, published_card,
):
    published_card()
    index = app.registry.search_index
    WarmUp(db, app.registry).run()
    assert index.pooled() == db.getPoolSize()
    for searcher in index._pool:
        assert searcher.up_to_date()
        assert searcher.kb_view._values.keys() >= {'provider', 'kind'}
        assert all('_stored' in sub.reader()._perdoc._readers
                   for sub, _ in searcher.leaf_searchers())
