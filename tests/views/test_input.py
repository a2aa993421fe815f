"""Input refused at the edge (:mod:`kb.views.input`, :mod:`kb.untrusted`):
text that would break pages for good, bodies that would exhaust the
parser, addresses that are not UTF-8, anonymous writes that need a
login. Each is a 4xx, never a 500."""
import json

import pytest
import webtest

from tests.conftest import CARD, card_body
from tests.views.helpers import log_in
from tests.views.test_intranet_tickets import ready


def put_raw(client, url, text, status):
    """PUT ``text`` as it is: ``put_json`` would refuse to encode a
    lone surrogate, which ``json.dumps`` writes as ``\\ud800``."""
    return closed(client.testapp.put(url, text, status=status, headers=dict(
        client.headers, **{'Content-Type': 'application/json'})))


def closed(response):
    """``response`` after closing the temporary file to which
    pyramid_retry copied a body over 10 KB (nothing else closes it, and
    the suite turns the ResourceWarning into an error)."""
    response.request.environ['wsgi.input'].close()
    return response


def test_a_lone_surrogate_in_a_card_title_is_refused_and_pages_work(
        as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    body = card_body(base_version=1)
    body['content']['fi']['title'] = 'Lapsilisä \ud800'
    error = put_raw(editor, f'/api/v1/cards/{CARD}', json.dumps(body),
                    422).json
    assert error['error'] == 'bad_text'
    assert error['details'][0]['field'] == 'content.fi.title'
    for url in (f'/editor/cards/{CARD}/edit', f'/editor/cards/{CARD}/history',
                '/editor/', f'/services/{CARD}'):
        editor.get(url)


def test_a_nul_in_a_ticket_note_is_refused(as_user, published_card):
    published_card()
    error = as_user('advisor').post('/api/v1/tickets', {
        'card': CARD, 'channel': 'counter', 'lang': 'fi',
        'note': 'Asiakas\x00kävi'}, status=422).json
    assert (error['error'], error['details'][0]['field']) == (
        'bad_text', 'note')


@pytest.mark.parametrize('text', ['a\x00', 'a\x1b[2J', 'a\x7f\x0b', '\ufffe'])
def test_control_characters_in_any_json_string_or_key_are_refused(
        as_user, tokens, text):
    client = as_user('admin')
    for body in ({'username': text}, {text: 'x'}, {'x': [{'y': text}]}):
        error = client.post('/api/v1/users', body, status=422).json
        assert error['error'] == 'bad_text', body


def test_tab_newline_and_other_scripts_pass(as_user, published_card):
    published_card()
    editor = as_user('kela-editor')
    body = card_body(base_version=1)
    body['content']['fi']['description'] = 'Rivi\r\nsarkain\t🙂 ᚠ \u2028'
    editor.put(f'/api/v1/cards/{CARD}', body)


def test_a_nul_in_an_html_form_is_a_readable_error_page(
        testapp, tokens, published_card, database):
    ready(testapp, published_card)
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['open-form']
    form['note'] = 'Asiakas\x00kävi'
    page = form.submit(status=422)
    assert page.content_type == 'text/html'
    assert 'note' in page.html.select_one('main p').get_text()
    with database as root:
        assert list(root['tickets'].months('mikkeli')) == []


@pytest.mark.parametrize('url', ['/search?q=a%00b', '/?lang=fi&%01=x',
                                 '/services/a%00b'])
def test_control_characters_in_the_address_are_a_readable_page(testapp,
                                                               url):
    page = testapp.get(url, status=422)
    assert page.content_type == 'text/html'


@pytest.mark.parametrize('url', ['/api/v1/search?q=%ed%a0%80',
                                 '/api/v1/cards/%ff', '/api/v1/cards/%c3'])
def test_an_api_address_that_is_not_utf8_is_a_json_400(testapp, url):
    for method in ('GET', 'PUT', 'DELETE'):
        response = testapp.request(url, method=method, status=400)
        assert response.json['error'] == 'bad_encoding'


@pytest.mark.parametrize('url', ['/services/%ff', '/?lang=%ff', '/%ff%fe'])
def test_a_page_address_that_is_not_utf8_is_a_400_page(testapp, url):
    page = testapp.get(url, status=400)
    assert page.content_type == 'text/html' and 'UTF-8' in page.text


def test_an_api_path_with_nul_names_the_path(testapp):
    error = testapp.get('/api/v1/cards/a%00b', status=422).json
    assert error['details'][0]['field'] == 'path'


def test_a_form_body_that_is_not_utf8_is_a_400(testapp, tokens):
    log_in(testapp, 'advisor')
    page = testapp.post('/intranet/tickets', b'note=%ff%fe&card=x',
                        content_type='application/x-www-form-urlencoded',
                        status=400)
    assert 'UTF-8' in page.text


def test_a_cookie_that_is_not_utf8_is_ignored(testapp):
    for cookie in ('_LOCALE_=\xff\xfe', '_LOCALE_="\\377"',
                   'session="\\377"', '\xff=\xfe'):
        testapp.get('/', headers={'Cookie': cookie})
        testapp.get('/api/v1/session', headers={'Cookie': cookie})
    testapp.get('/', headers={'Accept-Language': '\xff\xfe;q=x'})


def test_a_json_body_that_is_not_utf8_is_malformed(as_user, tokens):
    client = as_user('admin')
    response = client.testapp.post('/api/v1/users', b'{"username": "\xff"}',
                                   headers=dict(client.headers, **{
                                       'Content-Type': 'application/json'}),
                                   status=422)
    assert response.json['error'] == 'malformed_json'


@pytest.mark.parametrize('text', ['[' * 100000 + ']' * 100000,
                                  '{"a":' * 5000 + '1' + '}' * 5000])
def test_json_nested_too_deep_is_a_400_not_a_500(as_user, published_card,
                                                 text):
    published_card()
    error = put_raw(as_user('kela-editor'), f'/api/v1/cards/{CARD}', text,
                    400).json
    assert error['error'] == 'too_deep'


def test_a_body_over_the_limit_is_413(as_user, tokens):
    from kb.views.input import MAX_BODY

    client = as_user('admin')
    body = {'username': 'x' * MAX_BODY}
    error = closed(client.post('/api/v1/users', body, status=413)).json
    assert error['error'] == 'too_large'


def test_a_file_upload_is_not_a_500(testapp, tokens):
    log_in(testapp, 'advisor')
    page = testapp.post('/intranet/tickets', {'card': 'x'}, status=400,
                        upload_files=[('note', 'note.txt', b'\x00')])
    assert 'CSRF' in page.text


def test_anonymous_api_writes_that_need_a_login_are_401(app, published_card):
    published_card()
    url = f'/api/v1/cards/{CARD}/transitions'
    anonymous = webtest.TestApp(app)
    anonymous.post_json(url, {'transition': 'retire'}, status=401)
    anonymous.get('/api/v1/session')  # an anonymous session
    anonymous.post_json(url, {'transition': 'retire'}, status=401)
    anonymous.put_json(f'/api/v1/cards/{CARD}', card_body(base_version=1),
                       status=401)
    # NB: not a 409 telling the state of the card's working copy
    anonymous.post_json(url, {'transition': 'submit'}, status=401)
    anonymous.post_json(f'/api/v1/cards/{CARD}/flags', {'reason': 'wrong'},
                        status=401)


def test_logged_in_cookie_writes_and_logins_still_need_the_token(
        testapp, tokens, published_card):
    published_card()
    testapp.post_json('/api/v1/login', {'username': 'kela-editor',
                                        'password': 'x'}, status=400)
    log_in(testapp, 'kela-editor')
    for method, url, body in (
            ('PUT', f'/api/v1/cards/{CARD}', card_body(base_version=1)),
            ('POST', f'/api/v1/cards/{CARD}/transitions',
             {'transition': 'submit'})):
        error = testapp.request(url, method=method, body=json.dumps(
            body).encode(), content_type='application/json', status=400)
        assert error.json['error'] == 'csrf'
