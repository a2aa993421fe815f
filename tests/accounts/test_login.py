"""Checking a password and starting a session
(:mod:`kb.accounts.login`), with a fast hasher, a clock the test holds
and a stand-in for the failure counter (tested in test_throttle)."""
import datetime

import pytest

NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.timezone.utc)
STAMP = '2026-12-06T10:00:00Z'


def _makeRequest():
    from pyramid import testing

    from kb.resources import User
    from kb.security import make_password_hasher, set_password
    hasher = make_password_hasher({'kb.argon2.time_cost': 1,
                                   'kb.argon2.memory_cost': 8,
                                   'kb.argon2.parallelism': 1})
    user = User('advisor', 'advisor')
    set_password(user, 'the right one', hasher)
    request = testing.DummyRequest()
    request.root = {'users': {'advisor': user},
                    'login_failures': DummyFailures()}
    request.registry.clock = lambda: NOW
    request.registry.password_hasher = hasher
    return request


def _callFUT(request, name, password):
    from kb.accounts.login import authenticate
    return authenticate(request, name, password)


def test_the_right_password_gives_the_user_and_clears_failures():
    request = _makeRequest()
    assert _callFUT(request, 'advisor', 'the right one').name == 'advisor'
    assert request.root['login_failures'].calls == [
        ('check', 'advisor', STAMP), ('succeeded', 'advisor')]


@pytest.mark.parametrize('name, password, key', [
    ('advisor', 'a wrong one', 'advisor'),
    ('nobody', 'the right one', 'nobody'),
    (['advisor'], 'the right one', ''),
    ('advisor', None, 'advisor')])
def test_a_wrong_name_or_password_gives_none_and_counts(name, password,
                                                        key):
    request = _makeRequest()
    assert _callFUT(request, name, password) is None
    assert request.root['login_failures'].calls == [
        ('check', key, STAMP), ('failure', key, STAMP)]


def test_a_throttled_name_is_refused_before_the_password_is_checked():
    from kb.accounts.throttle import TooManyAttempts
    request = _makeRequest()
    request.root['login_failures'].refuse = True
    with pytest.raises(TooManyAttempts):
        _callFUT(request, 'advisor', 'the right one')
    assert request.root['login_failures'].calls == [
        ('check', 'advisor', STAMP)]


def test_log_in_starts_a_fresh_session_for_the_user():
    from pyramid import testing

    from kb.accounts.login import log_in
    config = testing.setUp()
    try:
        policy = config.testing_securitypolicy()
        request = _makeRequest()
        request.session['left'] = 'over'
        token = log_in(request, request.root['users']['advisor'])
    finally:
        testing.tearDown()
    assert 'left' not in request.session
    assert policy.remembered == 'advisor'
    assert token == request.session.get_csrf_token()


class DummyFailures:
    refuse = False

    def __init__(self):
        self.calls = []

    def check(self, name, now):
        from kb.accounts.throttle import TooManyAttempts
        self.calls.append(('check', name, now))
        if self.refuse:
            raise TooManyAttempts('wait')

    def record_failure(self, name, now):
        self.calls.append(('failure', name, now))

    def succeeded(self, name):
        self.calls.append(('succeeded', name))
