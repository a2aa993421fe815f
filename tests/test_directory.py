"""The directory of providers and points and its in-process tables."""
import pytest

from kb import directory, refdata
from kb.errors import ConflictError, ValidationError


@pytest.fixture
def seeded():
    """Start and end every test with the shipped tables loaded."""
    refdata.load_directory(None, {}, {})
    yield
    refdata.load_directory(None, {}, {})


def test_another_process_sees_a_committed_change(database, seeded):
    with database as root:
        directory.add_point(root, database.registry, 'admin', 'inari',
                            {'name_fi': 'Inari', 'municipality': 'Inari'})
        serial = root.directory_serial
    # another process: its tables are still the seed
    refdata.load_directory(None, {}, {})
    assert 'inari' not in refdata.points()
    with database as root:
        assert directory.refresh(root) is True
        assert directory.refresh(root) is False
    assert refdata.directory_serial() == serial
    assert refdata.points()['inari']['municipality'] == 'Inari'
    assert refdata.points()['inari']['point'] == 'inari'
    assert refdata.providers()['kela']['name_sv'] == 'FPA'


def test_an_unedited_database_answers_with_the_seed(database, seeded):
    refdata.load_directory('other-database', {'x': {}}, {})
    with database as root:
        assert root.directory_serial is None
        assert directory.refresh(root) is True
    assert refdata.directory_serial() is None
    assert set(refdata.points()) == set(refdata.seed_points())


def test_a_failed_change_changes_nothing(database, tokens, seeded):
    with database as root:
        point = root['points']['mikkeli']
        with pytest.raises(ValidationError):
            directory.change_point(root, database.registry, 'admin', point,
                                   {'region': 'Savo', 'area_m2': 'x'})
        with pytest.raises(ConflictError):
            directory.change_point(root, database.registry, 'admin', point,
                                   {'region': 'Savo'}, active=False)
        assert point.fields['region'] == 'Etelä-Savo'
        assert root.directory_serial is None
        provider = root['providers']['kela']
        with pytest.raises(ValidationError):
            directory.change_provider(root, database.registry, 'admin',
                                      provider, {'sv': 'X'}, web=7)
        assert provider.names['sv'] == 'FPA'


def test_no_change_writes_no_serial(database, seeded):
    with database as root:
        point = root['points']['mikkeli']
        assert directory.change_point(
            root, database.registry, 'admin', point,
            {'municipality': 'Mikkeli'}) == {}
        assert directory.change_provider(
            root, database.registry, 'admin', root['providers']['kela'],
            {'fi': 'Kela'}, 'www.kela.fi') == {}
        assert root.directory_serial is None


def test_a_closed_point_reopens(database, seeded):
    with database as root:
        point = root['points']['saarijarvi']
        directory.change_point(root, database.registry, 'admin', point,
                               active=False)
        assert directory.open_points(root) == [
            'mikkeli', 'oulu-kiiminki', 'parainen', 'pelkosenniemi']
        changes = directory.change_point(root, database.registry, 'admin',
                                         point, active=True)
        assert changes == {'active': [False, True]}
        entry = root['audit'].query(obj='saarijarvi')[0]
        assert entry['action'] == 'reactivate'


def test_point_fields_are_checked():
    with pytest.raises(ValidationError):
        directory.checked_point_fields(['name_fi'])
    with pytest.raises(ValidationError):
        directory.checked_point_fields({'colour': 'red'})
    with pytest.raises(ValidationError):
        directory.checked_point_fields({'remote_devices': True})
    assert directory.checked_point_fields({'remote_devices': 3}) == {
        'remote_devices': '3'}
    with pytest.raises(ValidationError):
        directory.checked_names(['Kela'])
