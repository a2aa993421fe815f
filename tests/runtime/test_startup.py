"""Start-up preparation: the database check and what runs before
serving."""
import pytest


def test_an_uninitialised_database_is_refused(app_settings, tmp_path):
    from kb import main
    from kb.runtime.startup import StartupError, check_database

    app = main({}, **dict(app_settings, **{
        'kb.search.index_dir': str(tmp_path / 'search')}))
    with pytest.raises(StartupError, match='not initialised: run "kb init"'):
        check_database(app.registry._zodb_databases[''], app.registry)


def test_pending_evolve_steps_are_refused_or_run_with_autoevolve(app, db):
    from kb.evolve import FINISHED, finished_steps
    from kb.runtime.startup import StartupError, check_database

    with db.transaction() as conn:
        del conn.root()[FINISHED]
    steps = ['kb.evolve.tickets.split_aggregates',
             'kb.evolve.instants.evolve',
             'kb.evolve.shared.spread_worklists_and_audit',
             'kb.evolve.privacy.redact_stored',
             'kb.evolve.sessions.revocable_sessions',
             'kb.evolve.leader.add_lease',
             'kb.evolve.searchlog.change_log',
             'kb.evolve.tickets.count_usage_of_closed',
             'kb.evolve.synonyms.owned_groups',
             'kb.evolve.learning.pairs_and_rules',
             'kb.evolve.remote.provider_remote',
             'kb.evolve.onsite.point_cards_onsite',
             'kb.evolve.packs.add_report_packs',
             'kb.evolve.notifications.add_notifications',
             'kb.evolve.points.point_lists']
    with pytest.raises(StartupError, match=(
            rf'{len(steps)} pending evolve steps \({", ".join(steps)}\)'
            r': run "kb upgrade"')):
        check_database(db, app.registry)
    app.registry.settings['kb.autoevolve'] = 'true'
    assert check_database(db, app.registry) == steps
    assert check_database(db, app.registry) == []
    with db.transaction() as conn:
        assert dict(finished_steps(conn.root())) == dict.fromkeys(
            steps, 'evolved')


def test_prepare_builds_a_new_index_and_repairs_an_old_one(
        app, db, published_card):
    from kb.runtime.startup import build_index, prepare

    published_card()
    index = app.registry.search_index
    index.fresh = True  # as if the index directory were new
    assert prepare(db, app.registry) == []
    assert index.check(db) == {'missing': [], 'extra': [], 'stale': []}
    index.fresh = False
    assert build_index(db, app.registry) == 0


def test_the_leader_publishes_a_seed_a_new_node_starts_from(
        file_app, tmp_path, monkeypatch, caplog):
    from kb.runtime.startup import build_index, prepare
    from kb.search.index import SearchIndex
    from kb.search.queue import IndexQueuer
    from kb.search.seed import current
    from tests.search.test_changelog import found, publish

    caplog.set_level('INFO')
    registry = file_app.registry
    db = registry._zodb_databases['']
    monkeypatch.setitem(registry.settings, 'kb.search.seed_dir',
                        str(tmp_path / 'seeds'))
    publish(file_app, 'kela-yksi', 'kirahvi')
    prepare(db, registry)  # a single process leads
    assert current(tmp_path / 'seeds') is not None
    index = SearchIndex(tmp_path / 'new')  # another node, new
    monkeypatch.setattr(registry, 'search_index', index)
    monkeypatch.setattr(registry, 'search_queuer', IndexQueuer(
        index, db, 'new', seed_dir=str(tmp_path / 'seeds')))
    assert build_index(db, registry) == 0
    assert 'search index seeded, then caught up' in caplog.text
    assert found(index, 'kirahvi') == ['kela-yksi']


def test_a_seed_that_cannot_be_published_does_not_stop_the_start(
        file_app, tmp_path, monkeypatch, caplog):
    from kb.runtime.startup import prepare

    (tmp_path / 'seeds').write_text('not a folder')
    monkeypatch.setitem(file_app.registry.settings, 'kb.search.seed_dir',
                        str(tmp_path / 'seeds'))
    assert prepare(file_app.registry._zodb_databases[''],
                   file_app.registry) == []
    assert 'the search seed was not published' in caplog.text


def test_a_quiet_app_gets_no_start_up_work(app, database):
    import threading

    assert not [thread for thread in threading.enumerate()
                if thread.name.startswith('kb-')]
    with database as root:
        assert root.workflow_digest == database.registry.workflows.digest
        assert 'worklists' in root
    assert app.registry.search_queuer.worker is None
    assert not hasattr(app.registry, 'workers')


def race(*calls):
    """Run the calls in threads at once; returns their results or the
    exceptions they raised."""
    import threading

    results = [None] * len(calls)

    def run(i):
        try:
            results[i] = calls[i]()
        except Exception as error:
            results[i] = error
    threads = [threading.Thread(target=run, args=(i,))
               for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def meeting(monkeypatch, module, name):
    """Make ``module.name`` wait, on each thread's first call, until two
    threads are in it: both are then within their transactions."""
    import threading

    barrier = threading.Barrier(2, timeout=10)
    original = getattr(module, name)
    met = set()

    def wait_then_call(*args, **kwargs):
        if threading.get_ident() not in met:
            met.add(threading.get_ident())
            barrier.wait()
        return original(*args, **kwargs)
    monkeypatch.setattr(module, name, wait_then_call)


def test_two_nodes_preparing_together_both_finish_and_lead_once(
        file_app, monkeypatch, caplog):
    import collections
    import functools

    from kb.cards import worklists
    from kb.runtime import startup
    from kb.runtime.leader import Leader
    from tests.conftest import Clock, Database
    from tests.runtime.test_leader import T0, Node

    caplog.set_level('INFO')
    db = file_app.registry._zodb_databases['']
    with Database(file_app) as root:
        root.workflow_digest = 'changed since'
    ran = []

    def counting(job):
        @functools.wraps(job.run)
        def run(*args):
            ran.append(job.name)
            return job.run(*args)
        return job._replace(run=run)
    monkeypatch.setattr(startup, 'STEPS', tuple(
        counting(job) for job in startup.STEPS))
    # NB: the index's own start-up is not a database step
    monkeypatch.setattr(startup, 'build_index', lambda db, registry: 0)
    meeting(monkeypatch, worklists, 'ensure')

    def start(name):
        node = Node(file_app.registry, Leader(db, name, Clock(T0)))
        node.leader.take()
        return startup.prepare(db, node, T0)
    assert race(lambda: start('node-a'), lambda: start('node-b')) == [[], []]
    assert 'start-up step sync_workflows: write conflict' in caplog.text
    # each node synced, one of them twice; the leader alone ran the jobs
    assert collections.Counter(ran) == {
        'sync_workflows': 3, 'publish_due': 1, 'purge_tickets': 1,
        'roll_up_tickets': 1}


def test_two_nodes_evolving_together_run_each_step_once(
        file_app, monkeypatch):
    from kb import evolve
    from kb.runtime.startup import check_database
    from tests.conftest import Database

    registry = file_app.registry
    db = registry._zodb_databases['']
    registry.settings['kb.autoevolve'] = 'true'

    def count_up(root, registry):
        root.evolved = getattr(root, 'evolved', 0) + 1
    count_up.__module__ = 'tests.evolve'
    monkeypatch.setitem(registry.evolution_steps,
                        evolve.step_name(count_up), count_up)
    meeting(monkeypatch, evolve, 'mark_finished')
    check = lambda: check_database(db, registry)  # noqa: E731
    assert sorted(race(check, check)) == [[], ['tests.evolve.count_up']]
    with Database(file_app) as root:
        assert root.evolved == 1


def test_a_step_is_retried_a_few_times_but_not_when_not_leading():
    from ZODB.POSException import ConflictError

    from kb.runtime.leader import NotLeader
    from kb.runtime.startup import retried

    waits, tries = [], []

    def conflicting(error):
        def step():
            tries.append(error)
            raise error
        return step
    with pytest.raises(ConflictError):
        retried('x', conflicting(ConflictError()), sleep=waits.append)
    assert (len(tries), waits) == (5, [0.05, 0.1, 0.2, 0.4])
    with pytest.raises(NotLeader):
        retried('x', conflicting(NotLeader()), sleep=waits.append)
    assert len(tries) == 6 and len(waits) == 4


def test_a_node_that_lost_the_lease_leaves_the_start_jobs_to_the_leader(
        file_app, monkeypatch, caplog):
    from kb.runtime import startup
    from kb.runtime.leader import Leader
    from tests.conftest import Clock
    from tests.runtime.test_leader import Node, at

    caplog.set_level('INFO')
    monkeypatch.setattr(startup, 'build_index', lambda db, registry: 0)
    db = file_app.registry._zodb_databases['']
    a, b = (Node(file_app.registry, Leader(db, name, Clock(at(delay))))
            for name, delay in (('node-a', 0), ('node-b', 16)))
    assert a.leader.take() and b.leader.take()
    assert startup.prepare(db, a, at(10)) == []
    assert 'start-up step publish_due: left to the leader' in caplog.text
