"""The change log evolve step, on a database with the old durable
search queue."""


def test_the_queue_becomes_the_log_and_its_pending_groups_one_change(
        app, database):
    from kb.evolve.searchlog import change_log
    from kb.search.changelog import NAME, waiting
    from kb.search.index import IndexQueue

    with database as root:
        root.remove(NAME)
        old = root.add('search_queue', IndexQueue())
        old.pending['card:kela-a'] = 1
        old.pending['card:kela-b'] = 2
    with database as root:
        change_log(root, app.registry)
    with database as root:
        assert 'search_queue' not in root
        assert len(root[NAME].changes) == 1
    assert waiting(database.db, None)[0] == {'card:kela-a', 'card:kela-b'}


def test_a_database_with_the_log_keeps_it(app, database):
    from kb.evolve.searchlog import change_log
    from kb.search.changelog import NAME

    with database as root:
        log = root[NAME]
        change_log(root, app.registry)
        assert root[NAME] is log


def test_an_empty_queue_leaves_an_empty_log(app, database):
    from kb.evolve.searchlog import change_log
    from kb.search.changelog import NAME
    from kb.search.index import IndexQueue

    with database as root:
        root.remove(NAME)
        root.add('search_queue', IndexQueue())
        change_log(root, app.registry)
        assert len(root[NAME].changes) == 0
