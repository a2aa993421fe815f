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
             'kb.evolve.searchlog.change_log']
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


def test_a_quiet_app_gets_no_start_up_work(app, database):
    import threading

    assert not [thread for thread in threading.enumerate()
                if thread.name.startswith('kb-')]
    with database as root:
        assert root.workflow_digest == database.registry.workflows.digest
        assert 'worklists' in root
    assert app.registry.search_queuer.worker is None
    assert not hasattr(app.registry, 'workers')
