"""Providers and service points through the API: read by anyone,
added and changed by administrators."""
from kb import refdata
from tests.directory.test_tables import read_directory

POINT = {'code': 'inari', 'name_fi': 'Inarin Asiointipiste',
         'municipality': 'Inari', 'region': 'Lappi', 'languages': 'fi se',
         'opening_hours': 'Mon-Fri 09:00-15:00', 'remote_devices': 2}


def test_an_added_point_is_listed_and_assignable(as_user, database):
    admin = as_user('admin')
    created = admin.post('/api/v1/points', POINT, status=201)
    assert created.location.endswith('/api/v1/points/inari')
    assert created.json['remote_devices'] == '2'
    assert created.json['active'] is True
    listed = as_user(None).get('/api/v1/points').json['items']
    assert 'inari' in [point['code'] for point in listed]
    assert read_directory(database).points['inari']['opening_hours'] == (
        'Mon-Fri 09:00-15:00')
    admin.post('/api/v1/users', {'name': 'inari-advisor', 'role': 'advisor',
                                 'point': 'inari',
                                 'password': 'p' * 12}, status=201)


def test_point_codes_are_checked_and_never_reused(as_user):
    admin = as_user('admin')
    for code in ('Inari', 'i', 'inari_1', 7):
        error = admin.post('/api/v1/points', dict(POINT, code=code),
                           status=422).json
        assert error['details'][0]['field'] == 'code'
    assert admin.post('/api/v1/points', dict(POINT, code='mikkeli'),
                      status=409).json['error'] == 'code_taken'


def test_bad_point_fields_are_named(as_user):
    admin = as_user('admin')
    cases = [({'area_m2': 'big'}, 'area_m2'), ({'name_fi': ''}, 'name_fi'),
             ({'municipality': 'x' * 201}, 'municipality')]
    for change, field in cases:
        error = admin.post('/api/v1/points', dict(POINT, **change),
                           status=422).json
        assert error['details'][0]['field'] == field, change
    body = dict(POINT)
    del body['municipality']
    assert admin.post('/api/v1/points', body, status=422).json[
        'details'][0]['field'] == 'municipality'


def test_opening_hours_change_reaches_the_tables_and_the_audit_log(
        as_user, database):
    admin = as_user('admin')
    changed = admin.testapp.patch_json(
        '/api/v1/points/mikkeli', {'opening_hours': 'Mon-Fri 10:00-14:00'},
        headers=admin.headers).json
    assert changed['opening_hours'] == 'Mon-Fri 10:00-14:00'
    assert changed['name_fi'] == 'Mikkelin Asiointipiste'
    assert read_directory(database).points['mikkeli']['opening_hours'] == (
        'Mon-Fri 10:00-14:00')
    entry = admin.get('/api/v1/audit', object='mikkeli').json['items'][0]
    assert entry['action'] == 'point_changed'
    assert entry['type'] == 'point'
    assert entry['actor'] == 'admin'
    assert entry['details']['changes']['opening_hours'][1] == (
        'Mon-Fri 10:00-14:00')


def test_a_point_with_active_users_stays_active(as_user, database):
    admin = as_user('admin')
    patch = admin.testapp.patch_json
    error = patch('/api/v1/points/mikkeli', {'active': False},
                  headers=admin.headers, status=409).json
    assert error['error'] == 'point_in_use'
    assert 'advisor' in error['message']
    assert patch('/api/v1/points/saarijarvi', {'active': False},
                 headers=admin.headers).json['active'] is False
    error = admin.post('/api/v1/users', {
        'name': 'late', 'role': 'advisor', 'point': 'saarijarvi',
        'password': 'p' * 12}, status=422).json
    assert error['details'][0]['field'] == 'point'
    assert read_directory(database).points['saarijarvi']['active'] is False
    patch('/api/v1/points/saarijarvi', {'active': 'no'},
          headers=admin.headers, status=422)


def test_a_new_provider_gets_folders_and_the_default_workflow(
        as_user, database):
    admin = as_user('admin')
    created = admin.post('/api/v1/providers', {
        'code': 'dvv', 'names': {'fi': 'Digi- ja väestötietovirasto',
                                 'sv': 'Myndigheten för digitalisering '
                                       'och befolkningsdata'},
        'web': 'dvv.fi'}, status=201).json
    assert created['names']['sv'].startswith('Myndigheten')
    providers = read_directory(database).providers
    assert refdata.name_of(providers, 'dvv', 'sv').startswith(
        'Myndigheten')
    assert admin.get('/api/v1/providers/dvv').json['web'] == 'dvv.fi'
    with database as root:
        assert set(root['providers']['dvv'].data) == {'cards', 'notices'}
    admin.post('/api/v1/users', {'name': 'dvv-editor',
                                 'role': 'provider_editor',
                                 'provider': 'dvv',
                                 'password': 'p' * 12}, status=201)


def test_provider_names_change_by_language(as_user, database):
    admin = as_user('admin')
    patch = admin.testapp.patch_json
    changed = patch('/api/v1/providers/maistraatti',
                    {'names': {'se': 'Maistráhtta'}},
                    headers=admin.headers).json
    assert changed['names']['se'] == 'Maistráhtta'
    assert changed['names']['fi'] == 'Maistraatti'
    assert patch('/api/v1/providers/maistraatti', {'web': 'dvv.fi'},
                 headers=admin.headers).json['web'] == 'dvv.fi'
    assert read_directory(database).providers['maistraatti']['web'] == 'dvv.fi'
    error = patch('/api/v1/providers/maistraatti', {'names': {'fi': ''}},
                  headers=admin.headers, status=422).json
    assert error['details'][0]['field'] == 'name_fi'
    error = patch('/api/v1/providers/maistraatti', {'names': {'de': 'x'}},
                  headers=admin.headers, status=422).json
    assert error['details'][0]['field'] == 'names'
    entry = admin.get('/api/v1/audit', object='maistraatti').json[
        'items'][0]
    assert entry['action'] == 'provider_changed'


def test_the_remote_service_contact_is_checked_and_replaced_whole(as_user):
    admin = as_user('admin')

    def patch(remote, status=200):
        return admin.testapp.patch_json(
            '/api/v1/providers/vero', {'remote': remote},
            headers=admin.headers, status=status).json

    for field, value in (('room_url', 'http://vero.fi/huone'),
                         ('booking_url', 'javascript:alert(1)'),
                         ('booking_url', 'https://vero.fi/' + 'x' * 190),
                         ('phone', 7), ('skype', 'vero')):
        error = patch({field: value}, status=422)
        assert error['details'][0]['field'] == field
    assert patch('x', status=422)['details'][0]['field'] == 'remote'
    assert patch({'room_url': 'https://vero.fi/huone', 'phone': ' 029 497 '
                  '000 ', 'hours': ''})['remote'] == {
        'room_url': 'https://vero.fi/huone', 'phone': '029 497 000'}
    assert patch({'hours': 'Ma-pe 9-16'})['remote'] == {
        'hours': 'Ma-pe 9-16'}
    # a virtual room is no public address
    assert 'remote' not in as_user(None).get('/api/v1/providers/vero').json
    assert 'remote' not in as_user(None).get('/api/v1/providers').json[
        'items'][0]
    entry = admin.get('/api/v1/audit', object='vero').json['items'][0]
    assert entry['action'] == 'provider_changed'


def test_only_administrators_change_the_directory(as_user):
    central = as_user('central')
    central.post('/api/v1/points', POINT, status=403)
    central.post('/api/v1/providers', {'code': 'x1', 'names': {'fi': 'X'}},
                 status=403)
    central.testapp.patch_json('/api/v1/points/mikkeli', {'active': False},
                               headers=central.headers, status=403)
    as_user(None).get('/api/v1/points/nowhere', status=404)
    as_user(None).post('/api/v1/points', POINT, status=401)
