"""The directory's tables: one snapshot per database and serial, kept
on that database's registry."""
import pytest
import transaction
import webtest

from kb.directory import editing


def read_directory(database):
    """The committed directory of ``database``'s app, as a request of
    that app reads it."""
    from kb.directory.tables import directory_of

    with database as root:
        return directory_of(root, database.registry)


def rename_kela(database, name):
    with database as root:
        editing.change_provider(root, database.registry, 'admin',
                                root['providers']['kela'], {'fi': name})


@pytest.fixture
def other_app(app_settings, tmp_path):
    """A second app with its own (in-memory) database, in this process."""
    from tests.conftest import make_app

    return make_app(app_settings, tmp_path / 'other-search')


def front_page_name_of_kela(testapp):
    page = testapp.get('/', headers={'Accept-Language': 'fi'})
    return page.html.find('a', href='/providers/kela').text


def test_two_databases_in_one_process_see_their_own_directory(
        app, other_app, database):
    from tests.conftest import Database

    other = Database(other_app)
    rename_kela(database, 'Kela ensimmäinen')
    rename_kela(other, 'Kela toinen')
    first, second = webtest.TestApp(app), webtest.TestApp(other_app)
    for _ in range(2):  # each request after the other app's
        assert front_page_name_of_kela(first) == 'Kela ensimmäinen'
        assert front_page_name_of_kela(second) == 'Kela toinen'
    assert read_directory(database).providers['kela']['name_fi'] == (
        'Kela ensimmäinen')
    assert read_directory(other).providers['kela']['name_fi'] == (
        'Kela toinen')


def test_an_unedited_database_answers_with_the_seed(database):
    from kb.directory.seed import seed_points
    from kb.directory.tables import seed_directory

    directory = read_directory(database)
    assert directory is seed_directory()
    assert directory.serial is None
    assert directory.points == seed_points()


def test_the_snapshot_is_kept_until_the_directory_changes(
        database, testapp):
    rename_kela(database, 'Kela uusi')
    kept = read_directory(database)
    assert kept is read_directory(database)
    with database as root:
        assert kept.serial == root.directory_serial
    assert kept.providers['kela']['name_fi'] == 'Kela uusi'
    assert kept.providers['kela']['provider'] == 'kela'
    assert kept.points['mikkeli']['point'] == 'mikkeli'
    assert kept.points['mikkeli']['active'] is True
    rename_kela(database, 'Kela uudempi')
    assert read_directory(database).providers['kela']['name_fi'] == (
        'Kela uudempi')
    assert front_page_name_of_kela(testapp) == 'Kela uudempi'


def test_an_aborted_change_is_never_seen(database, testapp):
    from kb.directory.tables import directory_of

    with pytest.raises(RuntimeError), database as root:
        editing.change_provider(root, database.registry, 'admin',
                                root['providers']['kela'], {'fi': 'Ei'})
        # read in the changing transaction: kept, but for its serial
        assert directory_of(root, database.registry).providers['kela'][
            'name_fi'] == 'Ei'
        raise RuntimeError('abort')
    assert read_directory(database).serial is None
    assert front_page_name_of_kela(testapp) == 'Kela'


def test_without_a_registry_the_snapshot_is_read_for_the_call(database):
    from kb.directory.tables import directory_of

    rename_kela(database, 'Kela komento')
    with database as root:
        once, again = directory_of(root), directory_of(root)
    assert once is not again
    assert once.providers == again.providers
    assert once.providers['kela']['name_fi'] == 'Kela komento'


def test_a_request_reads_the_directory_once(app, database):
    from pyramid.scripting import prepare

    rename_kela(database, 'Kela pyyntö')
    env = prepare(registry=app.registry)
    try:
        request = env['request']
        request.root = env['root']
        directory = request.directory
        assert directory.providers['kela']['name_fi'] == 'Kela pyyntö'
        rename_kela(database, 'Kela myöhemmin')
        assert request.directory is directory
    finally:
        transaction.abort()
        env['closer']()
