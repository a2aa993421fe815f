"""The probes: ``/healthz`` answers while the process runs, ``/readyz``
only when the database answers, the index has caught up and the search
is warm."""
import pytest


@pytest.fixture
def warmed(app, started):
    """``app`` started with the warm-up only, after it finished."""
    started('warm')
    app.registry.workers['warm'].join()
    return app


def probe(testapp, path, status):
    response = testapp.get(path, status=status)
    assert response.headers['Cache-Control'] == 'no-store'
    assert 'Set-Cookie' not in response.headers
    return response.json


def test_healthz_answers_without_the_database(testapp, db):
    db.close()
    assert probe(testapp, '/healthz', 200) == {'status': 'ok'}


def test_not_ready_before_the_warm_up(testapp):
    assert probe(testapp, '/readyz', 503) == {
        'status': 'unavailable', 'failed': ['warm']}


def test_ready_after_the_warm_up(warmed, testapp):
    assert probe(testapp, '/readyz', 200) == {'status': 'ok'}


def test_ready_at_once_without_the_warm_up_worker(app, started, testapp):
    started('indexer')
    assert probe(testapp, '/readyz', 200) == {'status': 'ok'}


def test_not_ready_when_the_database_is_closed(warmed, testapp, db):
    db.close()
    assert probe(testapp, '/readyz', 503)['failed'] == ['database']


def test_not_ready_while_index_changes_wait(warmed, testapp, database):
    from kb.search.changelog import NS

    clock = warmed.registry.search_queuer.clock
    with database as root:  # waiting for 11 s, unapplied by this node
        root['search_changes'].add(['card:kela-x'], clock() - 11 * NS)
    assert probe(testapp, '/readyz', 503)['failed'] == ['index']


def test_a_change_just_logged_does_not_count(warmed, testapp, database):
    clock = warmed.registry.search_queuer.clock
    with database as root:
        root['search_changes'].add(['card:kela-x'], clock())
    assert probe(testapp, '/readyz', 200) == {'status': 'ok'}
