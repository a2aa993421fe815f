"""Editing the directory of providers and service points."""
import pytest

from kb.directory import editing
from kb.errors import StateConflictError, ValidationError


def test_a_failed_change_changes_nothing(database, tokens):
    with database as root:
        point = root['points']['mikkeli']
        with pytest.raises(ValidationError):
            editing.change_point(root, database.registry, 'admin', point,
                                 {'region': 'Savo', 'area_m2': 'x'})
        with pytest.raises(StateConflictError):
            editing.change_point(root, database.registry, 'admin', point,
                                 {'region': 'Savo'}, active=False)
        assert point.fields['region'] == 'Etelä-Savo'
        assert root.directory_serial is None
        provider = root['providers']['kela']
        with pytest.raises(ValidationError):
            editing.change_provider(root, database.registry, 'admin',
                                    provider, {'sv': 'X'}, web=7)
        assert provider.names['sv'] == 'FPA'


def test_no_change_writes_no_serial(database):
    with database as root:
        point = root['points']['mikkeli']
        assert editing.change_point(
            root, database.registry, 'admin', point,
            {'municipality': 'Mikkeli'}) == {}
        assert editing.change_provider(
            root, database.registry, 'admin', root['providers']['kela'],
            {'fi': 'Kela'}, 'www.kela.fi') == {}
        assert root.directory_serial is None


def test_a_closed_point_reopens(database):
    with database as root:
        point = root['points']['saarijarvi']
        editing.change_point(root, database.registry, 'admin', point,
                             active=False)
        assert editing.open_points(root) == [
            'mikkeli', 'oulu-kiiminki', 'parainen', 'pelkosenniemi']
        changes = editing.change_point(root, database.registry, 'admin',
                                       point, active=True)
        assert changes == {'active': [False, True]}
        entry = root['audit'].query(obj='saarijarvi')[0]
        assert entry['action'] == 'reactivate'


def test_point_fields_are_checked():
    with pytest.raises(ValidationError):
        editing.checked_point_fields(['name_fi'])
    with pytest.raises(ValidationError):
        editing.checked_point_fields({'colour': 'red'})
    with pytest.raises(ValidationError):
        editing.checked_point_fields({'remote_devices': True})
    assert editing.checked_point_fields({'remote_devices': 3}) == {
        'remote_devices': '3'}
    with pytest.raises(ValidationError):
        editing.checked_names(['Kela'])


def test_a_count_is_a_whole_number_also_written_as_56_0():
    """JSON (and the OpenAPI document) call 56.0 an integer."""
    assert editing.checked_point_fields(
        {'area_m2': 56.0, 'remote_devices': 3}) == {
        'area_m2': '56', 'remote_devices': '3'}
    with pytest.raises(ValidationError):
        editing.checked_point_fields({'area_m2': 56.5})
