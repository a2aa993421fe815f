"""Edge cases of the card API: every bad input gets a clear 4xx."""
from tests.conftest import card_body

CARD = '/api/v1/cards/kela-testikortti'


def test_put_refuses_changing_id_provider_or_kind(as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    for key, value in (('id', 'kela-toinen'), ('provider', 'vero'),
                       ('kind', 'procedure')):
        body = card_body(base_version=1, **{key: value})
        error = editor.put(CARD, body, status=422).json
        assert error['details'][0]['field'] == key


def test_put_refuses_bad_base_version_and_comment(as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    for base in ('1', True, None):
        error = editor.put(CARD, card_body(base_version=base),
                           status=422).json
        assert error['details'][0]['field'] == 'base_version'
    body = card_body()
    error = editor.put(CARD, body, status=422).json
    assert [d['field'] for d in error['details']] == ['base_version']
    error = editor.put(CARD, card_body(base_version=1, comment='c' * 1001),
                       status=422).json
    assert error['details'][0]['field'] == 'comment'


def test_reading_history_versions(as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    body = card_body(base_version=1)
    body['content']['fi']['title'] = 'Uusi'
    editor.put(CARD, body)
    assert editor.get(CARD, version=1).json['content']['fi']['title'] == (
        'Lapsilisä')
    assert as_user('advisor').get(CARD, version=1).json['version'] == 1
    as_user('advisor').get(CARD, version=2, status=404)
    editor.get(CARD, version=3, status=422)
    editor.get(CARD, version='x', status=422)
    editor.get(f'{CARD}/diff', status=422)


def test_restore_and_transition_bad_bodies(as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    error = editor.post(f'{CARD}/restore', {'version': 'one',
                                            'base_version': 1},
                        status=422).json
    assert error['details'][0]['field'] == 'version'
    error = editor.post(f'{CARD}/restore', {'version': 9,
                                            'base_version': 1},
                        status=422).json
    assert error['details'][0]['field'] == 'version'
    editor.post(f'{CARD}/restore', {'version': 1, 'base_version': 0},
                status=409)
    error = as_user('central').post(f'{CARD}/transitions', {
        'transition': 'retire', 'comment': 'c' * 1001}, status=422).json
    assert error['details'][0]['field'] == 'comment'


def test_effective_date_rules(as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = f'{CARD}/transitions'
    error = editor.post(url, {'transition': 'submit',
                              'effective': '2030-01-01'}, status=422).json
    assert error['details'][0]['field'] == 'effective'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    central = as_user('central')
    central.post(url, {'transition': 'approve', 'effective': '1.1.2030'},
                 status=422)
    # a date in the past means now
    approved = central.post(url, {'transition': 'approve',
                                  'effective': '2020-01-01'}).json
    assert approved['published_version'] == 1
    assert approved['scheduled'] is None


def test_immediate_approval_supersedes_a_scheduled_one(as_user,
                                                       published_card):
    published_card()
    editor, reviewer, central = (as_user('kela-editor'),
                                 as_user('kela-reviewer'),
                                 as_user('central'))
    url = f'{CARD}/transitions'

    def new_version(base, title, effective=None):
        body = card_body(base_version=base)
        body['content']['fi']['title'] = title
        editor.put(CARD, body)
        editor.post(url, {'transition': 'submit'})
        reviewer.post(url, {'transition': 'accept'})
        step = {'transition': 'approve'}
        if effective:
            step['effective'] = effective
        return central.post(url, step).json

    scheduled = new_version(1, 'Tuleva', '2999-01-01')
    assert scheduled['scheduled']['version'] == 2
    now = new_version(2, 'Heti')
    assert now['scheduled'] is None and now['published_version'] == 3
    states = {v['version']: v['state'] for v in
              editor.get(f'{CARD}/versions').json['versions']}
    assert states == {1: 'superseded', 2: 'superseded', 3: 'published'}


def test_move_to_same_provider_or_unknown_provider(as_user, published_card):
    published_card()
    central = as_user('central')
    assert central.post(f'{CARD}/move', {'provider': 'kela'},
                        status=422).json['details'][0]['field'] == 'provider'
    central.post(f'{CARD}/move', {'provider': 'acme'}, status=422)


def test_move_refused_when_state_missing_in_new_workflow(as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(suoritteet=[]), status=201)
    editor.post(f'{CARD}/transitions', {'transition': 'submit'})
    error = as_user('central').post(f'{CARD}/move', {'provider': 'vero'},
                                    status=409).json
    assert 'provider_review' in error['message']


def test_listing_shows_drafts_only_to_their_editors(as_user,
                                                    published_card):
    published_card()
    as_user('kela-editor').post('/api/v1/cards', card_body('kela-luonnos'),
                                status=201)
    editor_view = as_user('kela-editor').get('/api/v1/cards').json
    assert {i['id'] for i in editor_view['items']} == {
        'kela-testikortti', 'kela-luonnos'}
    assert as_user('kela-editor').get('/api/v1/cards', state='draft').json[
        'items'][0]['id'] == 'kela-luonnos'
    advisor_view = as_user('advisor').get('/api/v1/cards', state='draft')
    assert advisor_view.json['total'] == 0
    items = as_user(None).get('/api/v1/cards').json['items']
    assert [i['id'] for i in items] == ['kela-testikortti']
    assert 'state' not in items[0]


def test_html_pages_redirect_anonymous_to_login(testapp):
    from pyramid.httpexceptions import HTTPForbidden
    from pyramid.testing import DummyRequest

    from kb.views.errors import forbidden

    request = DummyRequest(path='/editor')
    request.path_qs = '/editor'
    request.user = None
    request.route_url = lambda name, _query: f'/{name}?came_from=' + \
        _query['came_from']
    response = forbidden(HTTPForbidden(), request)
    assert response.status_int == 303
    assert response.location == '/login?came_from=/editor'


def test_unexpected_errors_become_a_json_500_not_a_traceback():
    from pyramid.testing import DummyRequest, testConfig

    from kb.views.errors import http_error, internal_error

    with testConfig():
        request = DummyRequest(path='/api/v1/cards')
        request.localizer = type('L', (), {'translate': lambda s, m: m})()
        response = internal_error(RuntimeError('boom'), request)
        assert response.status_int == 500
        assert response.json_body['error'] == 'internal'
        assert 'boom' not in response.text
        from pyramid.httpexceptions import HTTPRequestEntityTooLarge

        response = http_error(HTTPRequestEntityTooLarge(), request)
        assert response.status_int == 413
        assert response.json_body['error'] == 'request_entity_too_large'
