"""Logging in and out, CSRF, bearer tokens."""
from tests.conftest import PASSWORD, card_body


def login(testapp, name, password=PASSWORD, status=200):
    csrf = testapp.get('/api/v1/session').json['csrf_token']
    return testapp.post_json('/api/v1/login',
                             {'username': name, 'password': password},
                             headers={'X-CSRF-Token': csrf}, status=status)


def test_login_sets_session_and_rotates_csrf_token(testapp, tokens):
    before = testapp.get('/api/v1/session').json['csrf_token']
    response = login(testapp, 'kela-editor')
    assert response.json['user']['role'] == 'provider_editor'
    csrf = response.json['csrf_token']
    assert csrf != before
    assert testapp.get('/api/v1/session').json['user']['name'] == (
        'kela-editor')
    # a cookie session must send the token on writes
    testapp.post_json('/api/v1/cards', card_body(), status=400)
    testapp.post_json('/api/v1/cards', card_body(), status=201,
                      headers={'X-CSRF-Token': csrf})
    testapp.post_json('/api/v1/logout', {}, headers={'X-CSRF-Token': csrf})
    assert testapp.get('/api/v1/session').json['user'] is None
    testapp.get('/api/v1/cards/kela-testikortti', status=404)


def test_session_cookie_is_httponly(testapp, tokens):
    response = login(testapp, 'kela-editor')
    cookie = response.headers['Set-Cookie']
    assert 'HttpOnly' in cookie and 'SameSite=Lax' in cookie


def test_wrong_password_or_user_is_401(testapp, tokens):
    assert login(testapp, 'kela-editor', 'wrong password',
                 status=401).json['error'] == 'login_failed'
    login(testapp, 'nobody', status=401)
    csrf = testapp.get('/api/v1/session').json['csrf_token']
    testapp.post_json('/api/v1/login', {'username': 'x'}, status=422,
                      headers={'X-CSRF-Token': csrf})


def test_login_without_csrf_token_is_refused(testapp, tokens):
    testapp.post_json('/api/v1/login', {'username': 'kela-editor',
                                        'password': PASSWORD}, status=400)


def test_bearer_token_needs_no_csrf_and_bad_token_is_401(testapp, tokens):
    testapp.post_json('/api/v1/cards', card_body(), status=201, headers={
        'Authorization': f"Bearer {tokens['kela-editor']}"})
    response = testapp.get('/api/v1/cards', status=401, headers={
        'Authorization': 'Bearer kb_not-a-real-token'})
    assert response.json['error'] == 'unauthorized'


def test_deactivated_user_cannot_log_in_or_use_tokens(testapp, tokens,
                                                      database):
    with database as root:
        root['users']['kela-editor'].active = False
    login(testapp, 'kela-editor', status=401)
    testapp.get('/api/v1/cards', status=401, headers={
        'Authorization': f"Bearer {tokens['kela-editor']}"})


def test_html_login_form_has_csrf_and_redirects(testapp, tokens):
    page = testapp.get('/login?came_from=/api/v1/session')
    form = page.forms['login-form']
    assert form['csrf_token'].value
    form['username'] = 'advisor'
    form['password'] = PASSWORD
    response = form.submit(status=303)
    assert response.location.endswith('/api/v1/session')
    assert testapp.get('/api/v1/session').json['user']['name'] == 'advisor'
    home = testapp.get('/')
    home.forms['logout-form'].submit(status=303)
    assert testapp.get('/api/v1/session').json['user'] is None


def test_html_login_refuses_foreign_redirect_and_wrong_password(testapp,
                                                                tokens):
    page = testapp.get('/login?came_from=//evil.example/')
    form = page.forms['login-form']
    form['username'] = 'advisor'
    form['password'] = 'wrong'
    failed = form.submit(status=401)
    assert failed.html.find(role='alert') is not None
    form = failed.forms['login-form']
    form['password'] = PASSWORD
    assert form.submit(status=303).location == 'http://localhost/'


def test_html_error_pages_are_readable(testapp):
    page = testapp.get('/no/such/page', status=404)
    assert page.content_type == 'text/html'
    assert page.html.find('h1') is not None


def test_locale_from_accept_language_and_cookie(testapp):
    page = testapp.get('/', headers={'Accept-Language': 'sv-FI,sv;q=0.9'})
    assert page.html.html['lang'] == 'sv'
    testapp.set_cookie('_LOCALE_', 'se')
    assert testapp.get('/').html.html['lang'] == 'se'
    testapp.set_cookie('_LOCALE_', 'xx')
    assert testapp.get('/').html.html['lang'] == 'fi'


def test_language_switch_sets_cookie_and_user_setting(testapp, tokens,
                                                      database):
    page = testapp.get('/')
    switch = page.forms['language-form']
    buttons = page.html.find(id='language-form').find_all('button')
    assert [(b['value'], b['lang']) for b in buttons] == [
        ('fi', 'fi'), ('sv', 'sv'), ('se', 'se')]
    response = switch.submit('lang', value='sv', status=303)
    # NB: the session cookie may be reissued alongside (once a second)
    assert any(cookie.startswith('_LOCALE_=sv;')
               for cookie in response.headers.getall('Set-Cookie'))
    assert testapp.get('/').html.html['lang'] == 'sv'
    login(testapp, 'advisor')
    page = testapp.get('/')
    page.forms['language-form'].submit('lang', value='se', status=303)
    with database as root:
        assert root['users']['advisor'].locale == 'se'
    testapp.set_cookie('_LOCALE_', 'fi')
    # the user's own setting wins over the cookie
    assert testapp.get('/').html.html['lang'] == 'se'


def test_language_switch_needs_csrf_when_logged_in_only(testapp, tokens,
                                                        database):
    # anonymous: no session, all it sets is the language cookie
    response = testapp.post('/language', {'lang': 'sv'}, status=303)
    [cookie] = response.headers.getall('Set-Cookie')
    assert cookie.startswith('_LOCALE_=sv;')
    login(testapp, 'advisor')
    testapp.post('/language', {'lang': 'se'}, status=400)
    with database as root:
        assert root['users']['advisor'].locale != 'se'


def test_language_switch_ignores_unknown(testapp):
    response = testapp.post('/language', {'lang': 'de',
                                          'came_from': '//evil'},
                            status=303)
    assert not any(cookie.startswith('_LOCALE_=')
                   for cookie in response.headers.getall('Set-Cookie'))
    assert response.location == 'http://localhost/'


def test_each_theme_serves_its_static_folder(testapp):
    page = testapp.get('/')
    assert '/static/base/base.css' in page.text
    assert 'body' in testapp.get('/static/base/base.css').text
    testapp.get('/static/base/layout.pt', status=404)
