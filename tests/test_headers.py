"""Security headers (:mod:`kb.headers`): the CSP, HSTS where the
settings say the site is on https, and no caching of API answers and of
what a logged-in user sees."""
from tests.views.api.test_session import login


def test_every_response_carries_a_strict_csp(testapp):
    for url, status in (('/', 200), ('/api/v1/cards', 200),
                        ('/nowhere', 404)):
        headers = testapp.get(url, status=status).headers
        csp = headers['Content-Security-Policy']
        assert "script-src 'self'" in csp and 'unsafe-inline' not in csp
        assert headers['X-Content-Type-Options'] == 'nosniff'
        assert headers['X-Frame-Options'] == 'DENY'
        # development and testing: no HSTS (production.ini: test_app)
        assert 'Strict-Transport-Security' not in headers


def test_api_answers_and_logged_in_pages_are_not_stored(testapp, tokens):
    for url, status in (('/api/v1/cards', 200), ('/api/v1/nowhere', 404),
                        ('/api/v1/session', 200)):
        assert testapp.get(url, status=status).headers[
            'Cache-Control'] == 'no-store'
    testapp.reset()  # a page within a session is not stored either
    assert 'no-store' not in testapp.get('/').headers.get(
        'Cache-Control', '')
    assert testapp.get('/', headers={
        'Authorization': f"Bearer {tokens['admin']}"}).headers[
            'Cache-Control'] == 'no-store'
    login(testapp, 'advisor')
    for url in ('/', '/intranet/', '/nowhere'):
        response = testapp.get(url, status='*')
        assert response.headers['Cache-Control'] == 'no-store', url


PUBLIC_PAGES = ('/', '/?lang=sv', '/services/kela-testikortti',
                '/providers/kela', '/life-events/family',
                '/search?q=lapsilis%C3%A4', '/robots.txt', '/sitemap.xml',
                '/suomifi/v1/services')


def test_anonymous_public_pages_set_no_cookie_and_may_be_cached(
        testapp, published_card):
    published_card()
    testapp.reset()  # no cookie, as a first visit
    for url in PUBLIC_PAGES:
        headers = testapp.get(url).headers
        assert 'Set-Cookie' not in headers, url
        assert headers['Cache-Control'] == \
            'public, max-age=0, s-maxage=300', url
        # the language comes from the cookie or Accept-Language
        assert {'Cookie', 'Accept-Language'} <= {
            name.strip() for name in headers['Vary'].split(',')}, url
    assert not testapp.cookies
    static = testapp.get('/static/base/base.css').headers
    assert (static['Cache-Control'], 'Vary' in static) == (
        'max-age=3600', False)
    assert not testapp.get('/').html.select('input[name=csrf_token]')


def test_a_page_with_a_session_or_setting_a_cookie_is_not_stored(testapp,
                                                                 tokens):
    from tests.views.helpers import log_in

    login_page = testapp.get('/login')  # the form needs its CSRF token
    assert 'session=' in login_page.headers['Set-Cookie']
    assert login_page.headers['Cache-Control'] == 'no-store'
    log_in(testapp, 'advisor')
    page = testapp.get('/')
    assert page.headers['Cache-Control'] == 'no-store'
    assert page.html.select('#logout-form input[name=csrf_token]')
