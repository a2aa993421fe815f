"""Checking a password and starting and ending a session
(:mod:`kb.accounts.login`), with a fast hasher, a clock the test holds
and a stand-in for the failure counter (tested in test_throttle)."""
import datetime

import pytest

NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.timezone.utc)
STAMP = '2026-12-06T10:00:00Z'
SECRET = 's' * 40


def _makeRequest():
    from pyramid import testing

    from kb.resources import User
    from kb.security import make_password_hasher, set_password
    hasher = make_password_hasher({'kb.argon2.time_cost': 1,
                                   'kb.argon2.memory_cost': 8,
                                   'kb.argon2.parallelism': 1})
    user = User('advisor', 'advisor')
    set_password(user, 'the right one', hasher)
    request = testing.DummyRequest(remote_addr='10.0.0.1')
    request.root = {'users': {'advisor': user},
                    'login_failures': DummyFailures()}
    request.root['login_failures'].root = request.root
    request.registry.clock = lambda: NOW
    request.registry.password_hasher = hasher
    request.registry.settings = {'kb.session_secret': SECRET,
                                 'kb.trusted_proxies': '0',
                                 'kb.session_max_age': '3600'}
    request.registry.notify = lambda event: request.events.append(
        (event.obj.name, event.actor, event.action))
    request.events = []
    return request


def keys(name):
    from kb.accounts.throttle import key_of
    return (key_of(SECRET, 'name', name, '10.0.0.1'),
            key_of(SECRET, 'source', '10.0.0.1'))


def _callFUT(request, name, password):
    from kb.accounts.login import authenticate
    return authenticate(request, name, password)


def test_the_right_password_gives_the_user_and_clears_failures():
    request = _makeRequest()
    assert _callFUT(request, 'advisor', 'the right one').name == 'advisor'
    assert request.root['login_failures'].calls == [
        ('reserve', *keys('advisor'), STAMP),
        ('succeeded', *keys('advisor'), STAMP)]
    assert request.events == [('advisor', 'advisor', 'login')]


@pytest.mark.parametrize('name, password, audited', [
    ('advisor', 'a wrong one', [('advisor', None, 'login_failed')]),
    ('nobody', 'the right one', [])])
def test_a_wrong_name_or_password_gives_none_and_counts(name, password,
                                                        audited):
    from kb.accounts.throttle import key_of
    request = _makeRequest()
    assert _callFUT(request, name, password) is None
    failures = request.root['login_failures']
    audit = [('audit_failure', key_of(SECRET, 'user', name), STAMP)]
    assert failures.calls == [('reserve', *keys(name), STAMP)] + (
        audit if audited else [])
    assert request.events == audited


@pytest.mark.parametrize('name, password', [
    ('a' * 64, 'the right one'), ('a' * 50000, 'x'), ('', 'x'),
    (['advisor'], 'the right one'), ('advisor', None)])
def test_what_is_never_a_login_is_refused_before_anything_is_stored(
        name, password):
    request = _makeRequest()
    assert _callFUT(request, name, password) is None
    assert request.root['login_failures'].calls == []
    assert request.events == []


def test_a_throttled_name_is_refused_before_the_password_is_checked():
    from kb.accounts.throttle import TooManyAttempts
    request = _makeRequest()
    request.root['login_failures'].refuse = True
    with pytest.raises(TooManyAttempts):
        _callFUT(request, 'advisor', 'the right one')
    assert request.root['login_failures'].calls == [
        ('reserve', *keys('advisor'), STAMP)]


def test_log_in_starts_a_fresh_recorded_session_and_log_out_ends_it():
    from pyramid import testing

    from kb.accounts import sessions
    from kb.accounts.login import log_in, log_out
    from kb.security import SecurityPolicy
    config = testing.setUp()
    try:
        config.set_security_policy(SecurityPolicy())
        request = _makeRequest()
        user = request.root['users']['advisor']
        request.session['left'] = 'over'
        token = log_in(request, user)
        assert 'left' not in request.session
        assert request.session['userid'] == 'advisor'
        assert token == request.session.get_csrf_token()
        assert user.sessions == {
            sessions.digest(request.session['sid']):
            '2026-12-06T11:00:00Z'}  # kb.session_max_age later
        request.user = user
        log_out(request)
        assert user.sessions == {} and 'userid' not in request.session
    finally:
        testing.tearDown()
    assert request.events == [('advisor', 'advisor', 'logout')]


class DummyFailures:
    refuse = False

    def __init__(self):
        self.calls = []

    def reserve(self, pair, source, now):
        from kb.accounts.throttle import TooManyAttempts
        self.calls.append(('reserve', pair, source, now))
        if self.refuse:
            raise TooManyAttempts('wait')

    def succeeded(self, pair, source, now):
        self.calls.append(('succeeded', pair, source, now))

    def audit_failure(self, key, now):
        self.calls.append(('audit_failure', key, now))
        return not self.refuse

    def commit(self, change):
        change(self.root)
        return True
