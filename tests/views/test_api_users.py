"""User administration and API tokens."""


def test_admin_adds_users_others_cannot(as_user):
    admin = as_user('admin')
    created = admin.post('/api/v1/users', {
        'name': 'te-editor', 'role': 'provider_editor', 'provider': 'te',
        'password': 'long enough password'}, status=201).json
    assert created == {'name': 'te-editor', 'role': 'provider_editor',
                       'provider': 'te', 'point': None, 'locale': None,
                       'active': True}
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
