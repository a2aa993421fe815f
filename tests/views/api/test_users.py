"""User administration and API tokens."""


def test_admin_adds_users_others_cannot(as_user):
    admin = as_user('admin')
    created = admin.post('/api/v1/users', {
        'name': 'te-editor', 'role': 'provider_editor', 'provider': 'te',
        'password': 'long enough password'}, status=201).json
    assert created == {'name': 'te-editor', 'role': 'provider_editor',
                       'provider': 'te', 'point': None, 'points': [],
                       'locale': None,
                       'active': True, 'email': None, 'mail': 'immediately'}
    names = [u['name'] for u in admin.get('/api/v1/users').json['items']]
    assert 'te-editor' in names
    as_user('central').post('/api/v1/users', {}, status=403)
    as_user('central').get('/api/v1/users', status=403)
    as_user(None).get('/api/v1/users', status=401)


def test_user_rules_are_validated(as_user):
    admin = as_user('admin')
    cases = [
        ({'name': 'x1', 'role': 'wizard', 'password': 'p' * 12}, 'role'),
        ({'name': 'x1', 'role': 'provider_editor', 'password': 'p' * 12},
         'provider'),
        ({'name': 'x1', 'role': 'advisor', 'point': 'helsinki',
          'password': 'p' * 12}, 'point'),
        ({'name': 'x1', 'role': 'admin', 'provider': 'kela',
          'password': 'p' * 12}, 'provider'),
        ({'name': 'x1', 'role': 'admin', 'password': 'short'}, 'password'),
        ({'name': 'Bad Name', 'role': 'admin', 'password': 'p' * 12},
         'name'),
        ({'name': 'x1', 'role': 'admin', 'password': 'p' * 12,
          'locale': 'de'}, 'locale'),
    ]
    for body, field in cases:
        error = admin.post('/api/v1/users', body, status=422).json
        assert error['details'][0]['field'] == field, body
    assert admin.post('/api/v1/users', {
        'name': 'advisor', 'role': 'admin', 'password': 'p' * 12},
        status=409).json['error'] == 'user_exists'


def test_tokens_are_issued_listed_and_revoked(as_user, testapp):
    me = as_user('advisor')
    assert me.get('/api/v1/users/advisor').json['point'] == 'mikkeli'
    issued = me.post('/api/v1/users/advisor/tokens', {'label': 'kiosk'},
                     status=201).json
    token = issued['token']
    assert token.startswith('kb_')
    listed = me.get('/api/v1/users/advisor/tokens').json['items']
    kiosk = [t for t in listed if t['label'] == 'kiosk'][0]
    headers = {'Authorization': f'Bearer {token}'}
    testapp.get('/api/v1/users/advisor', headers=headers)
    me.delete(f"/api/v1/users/advisor/tokens/{kiosk['id']}")
    testapp.get('/api/v1/users/advisor', headers=headers, status=401)
    me.delete(f"/api/v1/users/advisor/tokens/{kiosk['id']}", status=404)
    entries = as_user('admin').get('/api/v1/audit', object='advisor',
                                   actor='advisor').json['items']
    assert [(entry['action'], entry['details'].get('label'))
            for entry in entries[:2]] == [('token_revoked', None),
                                          ('token_issued', 'kiosk')]
    assert token not in str(entries)


def test_users_cannot_read_each_other(as_user):
    as_user('advisor').get('/api/v1/users/central', status=404)
    as_user('advisor').post('/api/v1/users/central/tokens', {}, status=404)
    assert as_user('admin').get('/api/v1/users/central').json['role'] == (
        'central_editor')


def test_token_is_stored_only_as_digest(as_user, database):
    token = as_user('advisor').post('/api/v1/users/advisor/tokens', {},
                                    status=201).json['token']
    with database as root:
        stored = list(root['users'].tokens.keys())
        assert token not in stored
        assert all(len(key) == 64 for key in stored)
        assert root['users']['advisor'].password_hash.startswith(
            '$argon2id$')


def patch(client, name, body, status=200):
    return client.testapp.patch_json(f'/api/v1/users/{name}', body,
                                     headers=client.headers, status=status)


def test_a_role_change_takes_the_provider_it_needs(as_user):
    admin = as_user('admin')
    changed = patch(admin, 'advisor', {'role': 'provider_editor',
                                       'provider': 'vero'}).json
    assert changed == {'name': 'advisor', 'role': 'provider_editor',
                       'provider': 'vero', 'point': None, 'points': [],
                       'locale': None,
                       'active': True, 'email': None, 'mail': 'immediately'}
    error = patch(admin, 'manager', {'role': 'provider_reviewer'},
                  status=422).json
    assert error['details'][0]['field'] == 'provider'
    assert patch(admin, 'kela-editor', {'role': 'advisor',
                                        'point': 'oulu-kiiminki'}).json[
        'provider'] is None
    entry = admin.get('/api/v1/audit', object='advisor').json['items'][0]
    assert entry['action'] == 'user_changed'
    assert entry['details']['changes']['role'] == ['advisor',
                                                   'provider_editor']
    patch(admin, 'advisor', {'colour': 'red'}, status=422)
    patch(admin, 'nobody', {'active': False}, status=404)


def test_a_deactivated_user_cannot_log_in_or_use_a_token(
        as_user, testapp, tokens):
    from tests.conftest import PASSWORD

    admin = as_user('admin')
    assert patch(admin, 'advisor', {'active': False}).json['active'] is False
    as_user('advisor').get('/api/v1/users/advisor', status=401)
    csrf = testapp.get('/api/v1/session').json['csrf_token']
    testapp.post_json('/api/v1/login', {'username': 'advisor',
                                        'password': PASSWORD},
                      headers={'X-CSRF-Token': csrf}, status=401)
    entries = admin.get('/api/v1/audit', object='advisor').json['items']
    assert [entry['action'] for entry in entries[:2]] == [
        'login_failed', 'deactivate']
    patch(admin, 'advisor', {'active': True})
    as_user('advisor').get('/api/v1/users/advisor')
    patch(admin, 'advisor', {'active': 'yes'}, status=422)


def test_deactivating_still_checks_the_other_fields(as_user, tokens):
    admin = as_user('admin')
    refused = patch(admin, 'advisor', {'active': False, 'role': 'bogus'},
                    status=422).json
    assert refused['details'][0]['field'] == 'role'
    patch(admin, 'advisor', {'active': False, 'role': 'provider_editor',
                             'provider': {'a': 1}}, status=422)
    assert admin.get('/api/v1/users/advisor').json['active'] is True
    admin.get('/admin/users')  # the list still renders


def test_a_deactivated_users_session_ends(as_user, testapp, tokens):
    from tests.conftest import PASSWORD

    csrf = testapp.get('/api/v1/session').json['csrf_token']
    testapp.post_json('/api/v1/login', {'username': 'manager',
                                        'password': PASSWORD},
                      headers={'X-CSRF-Token': csrf})
    assert testapp.get('/api/v1/session').json['user']['name'] == 'manager'
    patch(as_user('admin'), 'manager', {'active': False})
    assert testapp.get('/api/v1/session').json['user'] is None


def test_the_last_active_administrator_is_kept(as_user):
    admin = as_user('admin')
    error = patch(admin, 'admin', {'active': False}, status=409).json
    assert error['error'] == 'self_deactivation'
    error = patch(admin, 'admin', {'role': 'central_editor'},
                  status=409).json
    assert error['error'] == 'last_admin'
    admin.post('/api/v1/users', {'name': 'admin2', 'role': 'admin',
                                 'password': 'p' * 12}, status=201)
    patch(admin, 'admin2', {'active': False})
    patch(admin, 'admin', {'role': 'central_editor'}, status=409)
    patch(admin, 'admin2', {'active': True})
    assert patch(admin, 'admin', {'role': 'central_editor'}).json[
        'role'] == 'central_editor'
    patch(admin, 'central', {'role': 'admin'}, status=404)


def test_only_administrators_change_users(as_user):
    patch(as_user('advisor'), 'advisor', {'role': 'admin'}, status=403)
    patch(as_user('advisor'), 'manager', {'active': False}, status=404)
    as_user('advisor').post('/api/v1/users/advisor/password',
                            {'password': 'p' * 12}, status=403)


def test_an_administrator_sets_a_new_password(as_user, testapp, database):
    admin = as_user('admin')
    admin.post('/api/v1/users/advisor/password', {'password': 'short'},
               status=422)
    admin.post('/api/v1/users/advisor/password',
               {'password': 'a brand new secret'})
    csrf = testapp.get('/api/v1/session').json['csrf_token']
    testapp.post_json('/api/v1/login', {'username': 'advisor',
                                        'password': 'a brand new secret'},
                      headers={'X-CSRF-Token': csrf})
    with database as root:
        assert root['users']['advisor'].password_hash.startswith(
            '$argon2id$')
    login, entry = admin.get('/api/v1/audit',
                             object='advisor').json['items'][:2]
    assert (login['action'], login['actor']) == ('login', 'advisor')
    assert entry['action'] == 'password_reset'
    assert 'secret' not in str(entry)


def test_a_new_password_ends_the_users_sessions_not_tokens(
        as_user, testapp, tokens):
    from tests.conftest import PASSWORD

    csrf = testapp.get('/api/v1/session').json['csrf_token']
    testapp.post_json('/api/v1/login', {'username': 'manager',
                                        'password': PASSWORD},
                      headers={'X-CSRF-Token': csrf})
    as_user('admin').post('/api/v1/users/manager/password',
                          {'password': 'a brand new secret'})
    assert testapp.get('/api/v1/session').json['user'] is None
    as_user('manager').get('/api/v1/users/manager')


def test_change_user_checks_its_fields(database, tokens):
    import pytest

    from kb.accounts.users import change_user
    from kb.errors import ValidationError

    with database as root:
        user = root['users']['central']
        for changes, field in (({'locale': 'sv'}, 'locale'),
                               ({'point': 'mikkeli'}, 'point')):
            with pytest.raises(ValidationError) as caught:
                change_user(root, database.registry, 'admin', user,
                            **changes)
            assert caught.value.details[0]['field'] == field
        assert user.point is None


def test_a_user_serves_several_points_home_point_first(as_user):
    admin = as_user('admin')
    created = admin.post('/api/v1/users', {
        'name': 'saaristo', 'role': 'advisor', 'password': 'p' * 12,
        'points': ['parainen', 'mikkeli']}, status=201).json
    assert (created['point'], created['points']) == (
        'parainen', ['parainen', 'mikkeli'])
    changed = patch(admin, 'advisor', {'points': ['mikkeli', 'parainen']})
    assert changed.json['points'] == ['mikkeli', 'parainen']
    assert patch(admin, 'advisor', {'point': 'parainen'}).json[
        'points'] == ['parainen']
    for body, field in (({'points': ['parainen', 'nowhere']}, 'points'),
                        ({'points': 'parainen'}, 'points'),
                        ({'point': 'mikkeli', 'points': ['parainen']},
                         'point')):
        error = patch(admin, 'advisor', body, status=422).json
        assert error['details'][0]['field'] == field, body
