"""Every node keeps its own index in step: two nodes (each a
``SearchIndex`` with a folder of its own) on one FileStorage read the
search change log from their own positions."""
import shutil
import threading

import pytest
import transaction

from tests.conftest import card_body

CLEAN = {'missing': [], 'extra': [], 'stale': []}


def publish(app, card_id, word):
    """Publish a card with ``word`` through the app (node A)."""
    from kb.cards.exchange import import_cards, validate_document
    from kb.cards.versioning import Versioning

    body = card_body(card_id)
    body['content']['fi']['description'] = f'Sana {word}.'
    tm = transaction.TransactionManager()
    conn = app.registry._zodb_databases[''].open(transaction_manager=tm)
    try:
        with tm:
            root = conn.root()['kb_root']
            cards = validate_document(root, {'format': 'kb-cards/1',
                                             'cards': [body]})
            import_cards(root, Versioning(app.registry, 'x'), cards, True)
    finally:
        conn.close()


def found(index, word):
    from kb.search.query import Engine, Search, audience_for

    results = Engine(index).search(Search(word),
                                   audience_for(None, '2026-01-01'))
    return [result['id'] for result in results['results']]


def report(*queuers):
    """Each node reports its position now (unthrottled)."""
    for queuer in queuers:
        queuer.reported = (None, None)
        assert queuer.report()


@pytest.fixture
def db(file_app):
    return file_app.registry._zodb_databases['']


@pytest.fixture
def nodes(file_app, db, tmp_path):
    """Node A (the app: its commits go through A's queuer) and node B (an
    index of its own that only follows the log), both started."""
    from kb.search.changelog import catch_up
    from kb.search.index import SearchIndex
    from kb.search.queue import IndexQueuer

    a = file_app.registry.search_queuer
    b = IndexQueuer(SearchIndex(tmp_path / 'b'), db, 'b')
    for queuer in (a, b):
        assert catch_up(queuer.index, db)[0]  # new: rebuilt
    return a, b


def test_a_card_published_through_one_node_is_found_on_the_other(
        file_app, db, nodes):
    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    assert found(a.index, 'kirahvi') == ['kela-yksi']
    assert found(b.index, 'kirahvi') == []
    assert b.follow() == 1
    assert found(b.index, 'kirahvi') == ['kela-yksi']
    assert b.index.check(db) == CLEAN
    assert b.follow() == 0


def test_a_restarted_node_catches_up_at_start_without_a_rebuild(
        file_app, db, nodes):
    from kb.search.changelog import catch_up
    from kb.search.index import SearchIndex

    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    publish(file_app, 'kela-kaksi', 'seepra')
    again = SearchIndex(b.index.path)  # B starts again
    assert not again.fresh
    assert catch_up(again, db) == (False, 2)
    assert found(again, 'seepra') == ['kela-kaksi']
    assert again.check(db) == CLEAN


def test_a_change_keyed_before_but_committed_after_the_position_is_seen(
        file_app, db, nodes):
    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    assert b.follow() == 1  # B's position: the first commit
    now = a.clock()
    # NB: the second transaction took its key a minute before the first
    # one committed, and committed after it
    a.clock = lambda: now - 60 * 10 ** 9
    publish(file_app, 'kela-kaksi', 'seepra')
    assert b.follow() == 1
    assert found(b.index, 'seepra') == ['kela-kaksi']


def test_a_later_hook_of_the_same_transaction_joins_its_change(
        app, database, published_card):
    from kb.cards.versioning import Versioning
    from kb.search.changelog import length

    published_card('kela-yksi')
    published_card('kela-kaksi')
    db = database.db
    logged = length(db)
    queuer = app.registry.search_queuer
    with database as root:
        card = root['cards']['kela-yksi']
        content = card.current_content()
        content['content']['fi']['title'] = 'Uusi otsikko'
        Versioning(app.registry, 'x').save(card, content, card.head)
        root._p_jar.transaction_manager.get().addBeforeCommitHook(
            queuer.queue, args=(root['cards']['kela-kaksi'],))
    assert length(db) == logged + 1
    with database as root:
        newest = root['search_changes'].after(None)[-1][1]
        assert newest.groups == ('card:kela-kaksi', 'card:kela-yksi')


def test_trim_keeps_every_change_the_slowest_node_has_not_applied(
        file_app, db, nodes):
    from kb.clock import utcnow
    from kb.runtime.jobs import trim_search_changes
    from kb.search.changelog import catch_up, waiting

    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    b.follow()
    publish(file_app, 'kela-kaksi', 'seepra')
    publish(file_app, 'kela-kolme', 'virtahepo')
    report(a, b)
    assert trim_search_changes(db, file_app.registry, utcnow()) == 1
    assert waiting(db, None)[0] == {'card:kela-kaksi', 'card:kela-kolme'}
    assert catch_up(b.index, db) == (False, 2)
    assert found(b.index, 'virtahepo') == ['kela-kolme']


def test_a_node_below_the_trimmed_log_rebuilds(file_app, db, nodes):
    from kb.clock import utcnow
    from kb.runtime.jobs import trim_search_changes
    from kb.search import changelog

    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    b.follow()
    publish(file_app, 'kela-kaksi', 'seepra')
    report(a)
    week_ago = a.clock() - 8 * changelog.DAY
    changelog.report(db, b.node, b.index.position, week_ago)
    assert trim_search_changes(db, file_app.registry, utcnow()) == 2
    assert changelog.length(db) == 0
    assert 'below the trimmed part' in changelog.rebuild_reason(
        db, b.index.position)
    assert changelog.catch_up(b.index, db)[0]  # rebuilt
    assert found(b.index, 'seepra') == ['kela-kaksi']
    assert changelog.rebuild_reason(db, b.index.position) is None


def test_a_restored_older_database_makes_a_node_rebuild(
        file_app, db, nodes, tmp_path):
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from kb.search.changelog import catch_up

    a, b = nodes
    publish(file_app, 'kela-yksi', 'kirahvi')
    shutil.copy(tmp_path / 'Data.fs', tmp_path / 'Backup.fs')
    publish(file_app, 'kela-kaksi', 'seepra')
    b.follow()
    restored = DB(FileStorage(str(tmp_path / 'Backup.fs')))
    try:
        assert catch_up(b.index, restored)[0]  # rebuilt
        assert found(b.index, 'seepra') == []
        assert found(b.index, 'kirahvi') == ['kela-yksi']
    finally:
        restored.close()


def test_the_indexer_follows_the_log_without_commits_of_its_own():
    from kb.search.queue import Worker

    followed = threading.Event()
    worker = Worker(followed.set, interval=0.01)
    worker.start()
    try:
        assert followed.wait(timeout=30)
    finally:
        worker.stop()
        worker.join()


def test_index_lag_and_length_count_what_waits(app, database):
    from kb.search.changelog import NS, index_lag, length

    registry = app.registry
    registry.search_index.renew(database.db)
    assert (index_lag(database.db, registry), length(database.db)) == (0, 0)
    now = registry.search_queuer.clock()
    with database as root:
        root['search_changes'].add(['card:kela-x'], now - 30 * NS)
    assert index_lag(database.db, registry) >= 30
    assert length(database.db) == 1


def test_a_node_unseen_for_days_is_forgotten(app, database):
    from kb.search.changelog import DAY

    now = 100 * DAY
    with database as root:
        log = root['search_changes']
        log.report('old', b'\0' * 8, now - 8 * DAY)
        log.report('new', b'\0' * 8, now - DAY)
        assert log.trim(now) == 0
        assert list(log.nodes) == ['new']
        assert log.trim(now + 7 * DAY) == 0
        assert list(log.nodes) == []


def test_a_failed_follow_is_logged_and_left_for_the_next(app, caplog):
    from kb.search.queue import IndexQueuer

    queuer = IndexQueuer(DummyBrokenIndex(), app.registry._zodb_databases[''],
                         'x')
    assert queuer.follow() is None
    assert 'the next follow retries' in caplog.text


def test_a_node_without_a_position_reports_nothing(app, database, tmp_path):
    from kb.search.index import SearchIndex
    from kb.search.queue import IndexQueuer

    queuer = IndexQueuer(SearchIndex(tmp_path / 'new'), database.db, 'new')
    assert not queuer.report()
    with database as root:
        assert 'new' not in root['search_changes'].nodes


class DummyBrokenIndex:
    fresh = True

    def renew(self, db):
        raise OSError('disk full')
