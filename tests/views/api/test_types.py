"""Any JSON value in any field gets a 4xx, never a 500."""
import pytest

from tests.conftest import card_body

ODD_VALUES = [None, True, 7, 1.5, 'text', [], ['x'], {}, {'a': 1}]


def bodies(base):
    for key in list(base):
        for value in ODD_VALUES:
            yield dict(base, **{key: value})


def assert_4xx(response):
    assert 400 <= response.status_int < 500, response.text[:300]


@pytest.mark.parametrize('value', ODD_VALUES)
def test_card_create_and_save_never_500(as_user, published_card, value):
    published_card()
    editor = as_user('kela-editor')
    for body in bodies(dict(card_body('kela-uusi'), comment='c')):
        body = {k: (value if v is None else v) for k, v in body.items()}
        response = editor.post('/api/v1/cards', body, status='*')
        if response.status_int != 201:
            assert_4xx(response)
    for body in bodies(card_body(base_version=1)):
        response = editor.put('/api/v1/cards/kela-testikortti', body,
                              status='*')
        if response.status_int != 200:
            assert_4xx(response)
    for field in ('title', 'summary', 'keywords', 'description'):
        body = card_body('kela-toinen')
        body['content']['fi'][field] = value
        response = editor.post('/api/v1/cards', body, status='*')
        if response.status_int != 201:
            assert_4xx(response)


def test_other_bodies_never_500(as_user, published_card):
    published_card()
    central = as_user('central')
    admin = as_user('admin')
    editor = as_user('poliisi-editor')
    url = '/api/v1/cards/kela-testikortti'
    cases = [
        (central, f'{url}/transitions', {'transition': 'retire',
                                         'comment': 'c', 'effective': None}),
        (central, f'{url}/move', {'provider': 'vero'}),
        (central, f'{url}/restore', {'version': 1, 'base_version': 1,
                                     'comment': 'c'}),
        (admin, '/api/v1/users', {'name': 'x-user', 'role': 'admin',
                                  'password': 'p' * 12, 'locale': 'fi'}),
        (editor, '/api/v1/notices', {
            'provider': 'poliisi', 'kind': 'change',
            'content': {'fi': {'title': 't', 'body': 'b'}},
            'valid_from': '2026-01-01', 'valid_until': '2026-01-02',
            'point': 'mikkeli', 'cards': [], 'public': False}),
        (as_user('advisor'), '/api/v1/users/advisor/tokens',
         {'label': 'l'}),
    ]
    for client, target, base in cases:
        for body in bodies(base):
            response = client.post(target, body, status='*')
            if response.status_int >= 300:
                assert_4xx(response)


def test_import_never_crashes_on_odd_values(tmp_path):
    from kb.cards.exchange import validate_document
    from kb.errors import ValidationError

    class Root(dict):
        directory_serial = None  # never edited: the shipped directory

    root = Root(cards=type('I', (), {'data': {}, '__contains__':
                                     lambda s, k: False})())
    for body in bodies(card_body()):
        try:
            validate_document(root, {'format': 'kb-cards/1',
                                     'cards': [body]})
        except ValidationError:
            pass
