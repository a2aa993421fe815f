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
    assert 'no-store' not in testapp.get('/').headers.get(
        'Cache-Control', '')
    assert testapp.get('/', headers={
        'Authorization': f"Bearer {tokens['admin']}"}).headers[
            'Cache-Control'] == 'no-store'
    login(testapp, 'advisor')
    for url in ('/', '/intranet/', '/nowhere'):
        response = testapp.get(url, status='*')
        assert response.headers['Cache-Control'] == 'no-store', url
