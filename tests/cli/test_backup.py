"""``kb backup`` → change → ``kb restore``, for real, on FileStorage
and on PostgreSQL: the restored database equals the backed-up one
(cards with every version, tickets, aggregates, users) and search finds
what it found before."""
import datetime

from persistent.mapping import PersistentMapping
import pytest
import webtest

from kb.clock import HELSINKI
from tests.conftest import Client, make_app
from tests.suomifi.test_push import change_title
from tests.tickets.test_reports import lifecycle


@pytest.fixture(params=['filestorage', 'postgresql'])
def database_uri(request, tmp_path):
    if request.param == 'filestorage':
        return f'file://{tmp_path}/Data.fs'
    return request.getfixturevalue('pg_uri')


@pytest.fixture
def app(app_settings, tmp_path, database_uri):
    """The app on the storage of ``kb -c ini`` (same index folder)."""
    app = make_app(dict(app_settings, **{'zodbconn.uri': database_uri}),
                   tmp_path / 'search')
    yield app
    app.registry._zodb_databases[''].close()


def reopened(app_settings, tmp_path, database_uri):
    """A new app on the (restored) database and index, as a node
    starting after the restore."""
    from kb import main

    return main({}, **dict(app_settings, **{
        'zodbconn.uri': database_uri,
        'kb.search.index_dir': str(tmp_path / 'search')}))


def state(obj, seen):
    """What ``obj`` holds as plain values: BTrees and mappings by their
    items, sets as lists, other objects by their attributes (not their
    parents); a persistent object met before by its oid."""
    oid = getattr(obj, '_p_oid', None)
    if oid is not None:
        if oid in seen:
            return ('ref', oid)
        seen.add(oid)
        obj._p_activate()  # NB: a ghost's attributes are not loaded yet
    kind = type(obj).__name__
    if kind == 'Length':
        return (kind, obj.value)
    if type(obj).__module__.startswith('BTrees'):
        if hasattr(obj, 'items'):
            return (kind, [(key, state(value, seen))
                           for key, value in obj.items()])
        return (kind, list(obj.keys()))
    if isinstance(obj, (dict, PersistentMapping)):
        return (kind, {repr(key): state(value, seen)
                       for key, value in obj.items()})
    if isinstance(obj, (list, tuple, set, frozenset)):
        return (kind, [state(item, seen) for item in obj])
    if hasattr(obj, '__dict__'):
        return (kind, {key: state(value, seen)
                       for key, value in sorted(vars(obj).items())
                       if key != '__parent__'})
    return repr(obj)


def what_matters(app):
    from tests.conftest import Database

    with Database(app) as root:
        seen = set()
        return {name: state(root[name], seen) for name in
                ('cards', 'tickets', 'users')}


def search(app, text):
    client = Client(webtest.TestApp(app))
    found = client.get('/api/v1/search', q=text, lang='fi').json
    return sorted(hit['id'] for hit in found['results'])


@pytest.fixture
def content(app, as_user, published_card, clock, database):
    """Cards with several versions, closed tickets rolled up, users."""
    from kb.runtime.jobs import roll_up_tickets

    published_card()
    change_title(as_user, 'Lapsilisä 2015', 1)
    published_card('kela-neuvonta', suoritteet=['neuvonta_lyhyt'])
    advisor = as_user('advisor')
    for day in ('02', '03', '04'):
        lifecycle(advisor, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
                  f'2015-02-{day}T10:00:00', 120, 300)
    march = datetime.datetime(2015, 3, 2, 12, tzinfo=HELSINKI)
    assert roll_up_tickets(database.db, app.registry, march)
    return advisor


def change_everything(app, as_user, clock, database, advisor):
    change_title(as_user, 'Muutettu otsikko', 2)
    lifecycle(advisor, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-03-03T10:00:00', 60, 120)
    with database as root:
        root['users'].remove('vero-editor')


def test_restore_gives_back_the_database_and_the_index(
        kb, app, content, as_user, clock, database, app_settings, tmp_path,
        database_uri):
    before = what_matters(app)
    found = search(app, 'lapsilisä')
    assert found == ['kela-neuvonta', 'kela-testikortti']
    backup = kb('backup', str(tmp_path / 'backup'))
    assert backup.status == 0, backup.err
    assert len(backup.out.splitlines()) == 2
    assert 'search index: ' in backup.out

    change_everything(app, as_user, clock, database, content)
    assert what_matters(app) != before
    assert search(app, 'muutettu') == ['kela-testikortti']
    app.registry._zodb_databases[''].close()  # the node stops

    restored = kb('restore', str(tmp_path / 'backup'), '--yes')
    assert restored.status == 0, restored.err
    node = reopened(app_settings, tmp_path, database_uri)
    try:
        assert what_matters(node) == before
        assert search(node, 'lapsilisä') == found
        assert search(node, 'muutettu') == []
    finally:
        node.registry._zodb_databases[''].close()
