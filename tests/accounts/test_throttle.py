"""Security headers and login throttling."""
from tests.conftest import PASSWORD
from tests.views.api.test_session import login


def test_every_response_carries_a_strict_csp(testapp):
    for url, status in (('/', 200), ('/api/v1/cards', 200),
                        ('/nowhere', 404)):
        headers = testapp.get(url, status=status).headers
        csp = headers['Content-Security-Policy']
        assert "script-src 'self'" in csp and 'unsafe-inline' not in csp
        assert headers['X-Content-Type-Options'] == 'nosniff'
        assert headers['X-Frame-Options'] == 'DENY'


def test_login_is_throttled_after_repeated_failures(clock, testapp, tokens):
    for _ in range(5):
        login(testapp, 'advisor', 'wrong password', status=401)
    refused = login(testapp, 'advisor', PASSWORD, status=429)
    assert refused.json['error'] == 'too_many_attempts'
    assert int(refused.headers['Retry-After']) > 0
    # other users are not affected
    login(testapp, 'central')
    clock.advance(15 * 60 - 1)
    login(testapp, 'advisor', PASSWORD, status=429)
    clock.advance(1)
    login(testapp, 'advisor')  # the window has passed


def test_success_resets_the_count(clock, testapp, tokens):
    for _ in range(4):
        login(testapp, 'advisor', 'wrong password', status=401)
    login(testapp, 'advisor')
    for _ in range(4):
        login(testapp, 'advisor', 'wrong password', status=401)
    login(testapp, 'advisor')
