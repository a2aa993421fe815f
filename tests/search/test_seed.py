"""A node with a new index starts from the leader's search seed (a copy of
its index with its log position) instead of rebuilding, and applies the
log after the seed; the trim keeps what the seed needs."""
import datetime
import logging
import os

import pytest

from tests.search.test_changelog import CLEAN, found, publish, report


@pytest.fixture
def db(file_app):
    return file_app.registry._zodb_databases['']


@pytest.fixture
def seed_dir(file_app, tmp_path, monkeypatch):
    seeds = tmp_path / 'seeds'
    monkeypatch.setitem(file_app.registry.settings, 'kb.search.seed_dir',
                        str(seeds))
    return seeds


@pytest.fixture
def leader(file_app, db):
    """Node A (the app), caught up: it publishes the seed."""
    from kb.search.changelog import catch_up

    a = file_app.registry.search_queuer
    assert catch_up(a.index, db) == ('rebuilt', 0)
    return a


def publish_seed(app, hours_later=0):
    from kb.clock import utcnow
    from kb.runtime.jobs import publish_search_seed

    return publish_search_seed(
        app.registry._zodb_databases[''], app.registry,
        utcnow() + datetime.timedelta(hours=hours_later))


def new_node(db, tmp_path, seed_dir, name='b'):
    from kb.search.index import SearchIndex
    from kb.search.queue import IndexQueuer

    return IndexQueuer(SearchIndex(tmp_path / name), db, name,
                       seed_dir=seed_dir)


def test_a_new_node_is_seeded_and_finds_a_card_committed_after_the_seed(
        file_app, db, leader, seed_dir, tmp_path):
    from kb.search.seed import NODE

    publish(file_app, 'kela-yksi', 'kirahvi')
    position = publish_seed(file_app)
    assert position == leader.index.position
    publish(file_app, 'kela-kaksi', 'seepra')  # after the seed
    b = new_node(db, tmp_path, seed_dir)
    assert b.index.fresh
    assert b.catch_up() == ('seeded', 1)
    assert not b.index.fresh
    assert found(b.index, 'kirahvi') == ['kela-yksi']
    assert found(b.index, 'seepra') == ['kela-kaksi']
    assert b.index.check(db) == CLEAN
    assert b.index.position > position
    with file_app.registry.search_queuer.db.transaction() as conn:
        nodes = conn.root()['kb_root']['search_changes'].nodes
        assert nodes[NODE][0] == position


def test_a_searcher_opened_before_the_seeding_sees_it(
        file_app, db, leader, seed_dir, tmp_path):
    publish(file_app, 'kela-yksi', 'kirahvi')
    publish_seed(file_app)
    b = new_node(db, tmp_path, seed_dir)
    assert found(b.index, 'kirahvi') == []  # this thread's searcher
    assert b.catch_up()[0] == 'seeded'
    assert found(b.index, 'kirahvi') == ['kela-yksi']


def test_the_seed_is_published_every_seed_hours_keeping_the_previous_one(
        file_app, db, leader, seed_dir):
    from kb.search.seed import current

    first = publish_seed(file_app)
    assert publish_seed(file_app) is None  # young enough
    one = current(seed_dir)
    publish(file_app, 'kela-yksi', 'kirahvi')
    second = publish_seed(file_app, hours_later=2)
    assert second > first
    two = current(seed_dir)
    assert two != one and one.exists()
    publish(file_app, 'kela-kaksi', 'seepra')
    publish_seed(file_app, hours_later=4)
    assert not one.exists() and two.exists()  # the one before is kept
    assert sorted(path.name for path in seed_dir.iterdir()
                  if not path.name.startswith('seed-')) == ['current']


def test_an_unchanged_index_is_not_copied_again_but_reported(
        file_app, db, leader, seed_dir):
    from kb.search.seed import NODE, current

    position = publish_seed(file_app)
    folder = current(seed_dir)
    assert publish_seed(file_app, hours_later=2) == position
    assert current(seed_dir) == folder
    with db.transaction() as conn:
        seen = conn.root()['kb_root']['search_changes'].nodes[NODE][1]
    assert seen > leader.clock() + 3600 * 10 ** 9


def test_no_seed_dir_publishes_nothing_and_rebuilds(
        file_app, db, leader, tmp_path):
    assert publish_seed(file_app) is None
    assert new_node(db, tmp_path, None).catch_up()[0] == 'rebuilt'
    assert new_node(db, tmp_path, tmp_path / 'empty', 'c').catch_up()[0] \
        == 'rebuilt'


def test_the_trim_keeps_the_changes_after_the_seed(
        file_app, db, leader, seed_dir, tmp_path):
    from kb.clock import utcnow
    from kb.runtime.jobs import trim_search_changes
    from kb.search.changelog import rebuild_reason, waiting

    publish(file_app, 'kela-yksi', 'kirahvi')
    position = publish_seed(file_app)
    publish(file_app, 'kela-kaksi', 'seepra')
    leader.follow()
    report(leader)  # the only node is past the seed
    trim_search_changes(db, file_app.registry, utcnow())
    assert rebuild_reason(db, position) is None
    assert waiting(db, position)[0] == {'card:kela-kaksi'}
    b = new_node(db, tmp_path, seed_dir)
    assert b.catch_up() == ('seeded', 1)
    assert found(b.index, 'seepra') == ['kela-kaksi']


def test_a_seed_below_the_trimmed_log_is_not_used(
        file_app, db, leader, seed_dir, tmp_path, caplog):
    from kb.clock import utcnow
    from kb.runtime.jobs import trim_search_changes
    from kb.search import changelog
    from kb.search.seed import NODE

    publish(file_app, 'kela-yksi', 'kirahvi')
    position = publish_seed(file_app)
    publish(file_app, 'kela-kaksi', 'seepra')
    leader.follow()
    report(leader)
    # NB: not published for more than kb.search.node_days: forgotten
    changelog.report(db, NODE, position, leader.clock() - 8 * changelog.DAY)
    trim_search_changes(db, file_app.registry, utcnow())
    b = new_node(db, tmp_path, seed_dir)
    caplog.set_level(logging.INFO)
    assert b.catch_up()[0] == 'rebuilt'
    assert 'below the trimmed part' in caplog.text
    assert found(b.index, 'seepra') == ['kela-kaksi']


def another_database(folder, position):
    from kb.search.index import POSITION

    # NB: between this log's positions, but no change of it
    other = (int.from_bytes(position, 'big') + 1).to_bytes(8, 'big')
    (folder / POSITION).write_text(other.hex())


def another_schema(folder, position):
    from kb.search.index import STAMP

    (folder / STAMP).write_text('0')


def partial(folder, position):
    for segment in folder.glob('*.seg'):
        segment.unlink()


@pytest.mark.parametrize('spoil, logged', [
    (another_database, 'not in the change log'),
    (another_schema, "its schema is '0'"),
    (partial, 'cannot be read'),
])
def test_a_seed_that_does_not_fit_is_not_used_the_node_rebuilds(
        spoil, logged, file_app, db, leader, seed_dir, tmp_path, caplog):
    from kb.search.seed import current

    publish(file_app, 'kela-yksi', 'kirahvi')
    position = publish_seed(file_app)
    publish(file_app, 'kela-kaksi', 'seepra')
    spoil(current(seed_dir), position)
    b = new_node(db, tmp_path, seed_dir)
    caplog.set_level(logging.INFO)
    assert b.catch_up()[0] == 'rebuilt'
    assert logged in caplog.text
    assert found(b.index, 'kirahvi') == ['kela-yksi']
    assert found(b.index, 'seepra') == ['kela-kaksi']
    assert not list(tmp_path.glob('b.seed-*'))


def test_an_index_without_a_position_is_not_published(
        file_app, db, leader, seed_dir):
    from kb.search.index import POSITION

    os.remove(leader.index.path / POSITION)
    assert publish_seed(file_app) is None
    assert sorted(seed_dir.iterdir()) == []


def test_a_node_that_does_not_lead_publishes_no_seed(
        file_app, db, leader, seed_dir):
    from kb.runtime.leader import Leader, NotLeader

    file_app.registry.leader = Leader(db, 'not-me', leader.clock)
    with pytest.raises(NotLeader):
        publish_seed(file_app)
    assert sorted(seed_dir.iterdir()) == []
