"""One leader among the nodes: two Leader instances with their own
names and clocks on one FileStorage are two nodes."""
import datetime

from ZODB.POSException import ConflictError
import pytest

from kb.runtime.jobs import Job
from tests.conftest import Clock, Database

T0 = datetime.datetime(2030, 1, 1, 8, tzinfo=datetime.timezone.utc)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


class Node:
    """A node's view of the app's registry: its own leader."""

    def __init__(self, registry, leader):
        self._registry = registry
        self.leader = leader

    def __getattr__(self, name):
        return getattr(self._registry, name)


@pytest.fixture
def nodes(file_app):
    """Nodes a and b on one database, each with a clock at T0."""
    from kb.runtime.leader import Leader

    db = file_app.registry._zodb_databases['']
    return [Node(file_app.registry, Leader(db, name, Clock(T0)))
            for name in ('node-a', 'node-b')]


def test_exactly_one_node_leads_round_after_round(nodes):
    a, b = (node.leader for node in nodes)
    for round in range(6):
        taken = [a.take(), b.take()] if round % 2 else [b.take(), a.take()]
        assert sorted(taken) == [False, True]
        for leader in (a, b):
            leader.clock.advance(5)
    assert b.holds(b.clock.now) and not a.holds(a.clock.now)


def test_another_node_takes_over_within_lease_and_renew(nodes):
    a, b = (node.leader for node in nodes)
    assert a.take()  # a leads at T0, then dies: it renews no more
    renewed = T0
    while not b.take():
        b.clock.advance(b.renew)
    failover = (b.clock.now - renewed).total_seconds()
    assert a.lease <= failover <= a.lease + b.renew <= 30
    assert not a.holds(at(a.lease))


def test_a_stopped_leader_gives_the_lease_up(nodes):
    a, b = (node.leader for node in nodes)
    assert a.take() and not b.take()
    a.stop()
    assert b.take() and not a.holds(T0)


def test_a_stale_leaders_job_does_nothing(nodes, file_app):
    from kb.runtime.jobs import prune_login_failures
    from kb.runtime.leader import NotLeader

    a, b = nodes
    with Database(file_app) as root:
        root['login_failures'].add('old', '2029-12-20T09:00:00Z')
    assert a.leader.take()
    b.leader.clock.advance(16)
    assert b.leader.take()
    # a's clock lags: it still believes it leads
    assert a.leader.holds(at(10))
    with pytest.raises(NotLeader, match='node node-a does not hold'):
        prune_login_failures(a.leader.db, a, at(10))
    with Database(file_app) as root:
        assert list(root['login_failures'].names) == ['old']
    assert prune_login_failures(b.leader.db, b, at(16)) == 1


def test_a_fenced_transaction_fails_if_the_lease_moves_meanwhile(
        nodes, file_app):
    from kb.runtime.leader import fenced

    a, b = nodes
    assert a.leader.take()
    with pytest.raises(ConflictError):
        with fenced(a.leader.db, a, at(10)) as root:
            root['login_failures'].add('stale', '2030-01-01T08:00:00Z')
            b.leader.clock.advance(16)
            assert b.leader.take()
    with Database(file_app) as root:
        assert list(root['login_failures'].names) == []


def test_the_scheduler_runs_once_jobs_only_on_the_leader(nodes):
    from kb.runtime.scheduler import Scheduler

    def publish(db, registry, now):
        pass

    def index(db, registry, now):
        pass

    jobs = (Job(publish, once=True), Job(index))
    a, b = nodes
    assert a.leader.take() and not b.leader.take()
    assert Scheduler(a.leader.db, a, 60, jobs).tick(at(1)) == [
        'publish', 'index']
    assert Scheduler(b.leader.db, b, 60, jobs).tick(at(1)) == ['index']
    # without a leader worker the process is alone and runs everything
    assert Scheduler(None, Node(None, None), 60, jobs).tick(at(1)) == [
        'publish', 'index']


def test_a_conflicting_job_is_skipped_until_the_next_tick(caplog):
    from kb.runtime.scheduler import Scheduler

    tries = []

    def contended(db, registry, now):
        tries.append(now)
        if len(tries) == 1:
            raise ConflictError('the lease moved')

    caplog.set_level('INFO')
    scheduler = Scheduler(None, Node(None, None), 60,
                          (Job(contended, daily=True, once=True),))
    assert scheduler.tick(T0) == []
    assert 'scheduled job contended skipped' in caplog.text
    assert scheduler.tick(at(60)) == ['contended']
    assert scheduler.tick(at(120)) == []


def test_the_registrys_leader_follows_the_settings(app):
    from kb.runtime import leader

    db = app.registry._zodb_databases['']
    settings = app.registry.settings
    made = leader.make(db, app.registry)
    assert (made.lease, made.renew) == (15, 5)
    assert made.node.endswith(':' + settings['kb.search.index_dir'])
    settings.update({'kb.node': 'web-2', 'kb.leader.lease': '20',
                     'kb.leader.renew': '4'})
    made = leader.make(db, app.registry)
    assert (made.node, made.lease, made.renew) == ('web-2', 20, 4)


def test_the_leader_thread_takes_the_lease_before_it_waits(nodes):
    from kb.resources import own_root

    a = nodes[0].leader
    a.stopped.set()  # one round only
    a.start()
    a.join(5)
    assert not a.is_alive() and a.daemon
    with own_root(a.db, commit=False) as root:
        assert root['leader'].holder == 'node-a'
    assert a.holds(a.clock.now)


def test_two_nodes_taking_the_lease_at_once_conflict_and_one_leads(
        nodes, monkeypatch):
    from kb.runtime.leader import Lease
    from tests.runtime.test_startup import meeting, race

    meeting(monkeypatch, Lease, 'free')
    a, b = (node.leader for node in nodes)
    assert sorted(race(a.take, b.take)) == [False, True]
    assert a.holds(T0) != b.holds(T0)
