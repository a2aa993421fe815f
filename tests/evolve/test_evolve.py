"""The evolve machinery: registration, recording, dry runs, --latest."""
from pyramid.exceptions import ConfigurationError
import pytest


def add_step(registry, step):
    from kb.evolve import add_evolution_step

    add_evolution_step(DummyConfig(registry), step)


def retitle(root, registry):
    root.workflow_digest = 'evolved'


def failing(root, registry):
    root.workflow_digest = 'half done'
    raise RuntimeError('step failed')


def title(db):
    with db.transaction() as conn:
        return conn.root()['kb_root'].workflow_digest


def finished(db):
    from kb.evolve import finished_steps

    with db.transaction() as conn:
        return dict(finished_steps(conn.root()))


def test_a_new_database_has_every_step_finished(app, db):
    assert finished(db) == {'kb.evolve.tickets.split_aggregates': 'marked',
                            'kb.evolve.instants.evolve': 'marked',
                            'kb.evolve.shared.spread_worklists_and_audit':
                            'marked',
                            'kb.evolve.privacy.redact_stored': 'marked',
                            'kb.evolve.sessions.revocable_sessions':
                            'marked',
                            'kb.evolve.leader.add_lease': 'marked',
                            'kb.evolve.searchlog.change_log': 'marked',
                            'kb.evolve.tickets.count_usage_of_closed':
                            'marked',
                            'kb.evolve.synonyms.owned_groups': 'marked',
                            'kb.evolve.learning.pairs_and_rules': 'marked',
                            'kb.evolve.remote.provider_remote': 'marked',
                            'kb.evolve.onsite.point_cards_onsite': 'marked',
                            'kb.evolve.packs.add_report_packs': 'marked',
                            'kb.evolve.notifications.add_notifications':
                            'marked',
                            'kb.evolve.points.point_lists': 'marked'}


def test_steps_run_in_order_once_and_are_recorded(app, db):
    from kb.evolve import evolve

    order = []
    add_step(app.registry, retitle)
    add_step(app.registry, lambda root, registry: order.append('second'))
    assert evolve(db, app.registry) == [
        'tests.evolve.test_evolve.retitle',
        'tests.evolve.test_evolve.<lambda>']
    assert title(db) == 'evolved' and order == ['second']
    assert finished(db)['tests.evolve.test_evolve.retitle'] == 'evolved'
    assert evolve(db, app.registry) == []


@pytest.mark.parametrize('options, recorded', [
    ({'dry_run': True}, None),  # run, and nothing committed
    ({'latest': True}, 'marked'),  # recorded, not run
    ({'latest': True, 'dry_run': True}, None),
])
def test_dry_runs_and_latest_leave_the_data_as_it_is(app, db, options,
                                                     recorded):
    from kb.evolve import evolve

    add_step(app.registry, retitle)
    before = title(db)
    assert evolve(db, app.registry, **options) == [
        'tests.evolve.test_evolve.retitle']
    assert title(db) == before
    assert finished(db).get('tests.evolve.test_evolve.retitle') == recorded


def test_a_failing_step_leaves_nothing_and_stays_pending(app, db):
    from kb.evolve import evolve, pending_steps

    add_step(app.registry, failing)
    before = title(db)
    with pytest.raises(RuntimeError):
        evolve(db, app.registry)
    assert title(db) == before
    with db.transaction() as conn:
        assert pending_steps(conn.root(), app.registry) == [
            'tests.evolve.test_evolve.failing']


def test_a_step_registered_twice_is_a_configuration_error(app):
    add_step(app.registry, retitle)
    with pytest.raises(ConfigurationError, match='registered twice'):
        add_step(app.registry, retitle)


class DummyConfig:
    def __init__(self, registry):
        self.registry = registry


def test_a_step_another_node_finished_meanwhile_is_not_run_again(
        app, db, monkeypatch):
    from kb import evolve

    ran = []
    name = 'kb.evolve.leader.add_lease'
    monkeypatch.setitem(app.registry.evolution_steps, name,
                        lambda root, registry: ran.append(name))
    # read as pending, finished before its own transaction
    monkeypatch.setattr(evolve, 'pending_steps', lambda root, registry: [name])
    assert evolve.evolve(db, app.registry) == [] and ran == []
