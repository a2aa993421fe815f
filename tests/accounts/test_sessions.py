"""The server-side record of sessions (:mod:`kb.accounts.sessions`)
and, through the real app, that a session ends for good: at logout (a
saved copy of the cookie no longer works), when its life is over, and
when the user's role, activity or password changes."""
import datetime

import webtest

from kb.accounts import sessions
from kb.resources import User
from tests.views.api.test_session import login

NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.timezone.utc)
LATER = NOW + datetime.timedelta(seconds=3600)


def test_a_session_lives_until_its_end_or_until_it_is_ended():
    user = User('advisor', 'advisor')
    first = sessions.start(user, NOW, 3600)
    second = sessions.start(user, NOW, 7200)
    assert sessions.is_live(user, first, NOW)
    assert not sessions.is_live(user, first, LATER)
    assert sessions.is_live(user, second, LATER)
    assert not sessions.is_live(user, None, NOW)
    assert not sessions.is_live(user, 'forged', NOW)
    assert sessions.end(user, first) and not sessions.end(user, first)
    assert not sessions.end(user, None)
    assert sessions.is_live(user, second, NOW)
    sessions.end_all(user)
    assert not sessions.is_live(user, second, NOW) and user.sessions == {}


def test_a_user_keeps_a_bounded_number_of_live_sessions():
    user = User('advisor', 'advisor')
    ended = sessions.start(user, NOW, 60)
    oldest = sessions.start(user, NOW, 3600)
    newer = [sessions.start(user, NOW + datetime.timedelta(seconds=120),
                            3600) for _ in range(sessions.MAX_SESSIONS - 1)]
    assert len(user.sessions) == sessions.MAX_SESSIONS  # the ended went
    assert not sessions.is_live(user, ended, NOW)
    sessions.start(user, NOW + datetime.timedelta(seconds=120), 3600)
    assert len(user.sessions) == sessions.MAX_SESSIONS
    assert not sessions.is_live(user, oldest, NOW)
    assert all(sessions.is_live(user, each, NOW) for each in newer)


def copy_of(testapp, app):
    """Another client with a copy of ``testapp``'s cookies, as an
    attacker who saved them would have."""
    thief = webtest.TestApp(app)
    for cookie in testapp.cookiejar:
        thief.set_cookie(cookie.name, cookie.value)
    return thief


def who(testapp):
    user = testapp.get('/api/v1/session').json['user']
    return user and user['name']


def test_a_saved_cookie_does_not_outlive_the_logout(app, testapp, tokens):
    csrf = login(testapp, 'admin').json['csrf_token']
    thief = copy_of(testapp, app)
    assert who(thief) == 'admin'
    testapp.post_json('/api/v1/logout', {}, headers={'X-CSRF-Token': csrf})
    assert who(thief) is None
    thief.get('/api/v1/users', status=401)


def test_a_saved_cookie_does_not_outlive_the_html_logout(app, testapp,
                                                         tokens):
    login(testapp, 'advisor')
    thief = copy_of(testapp, app)
    testapp.get('/').forms['logout-form'].submit(status=303)
    assert who(thief) is None


def test_a_session_ends_when_its_life_is_over(clock, testapp, tokens, app):
    login(testapp, 'advisor')
    clock.advance(int(app.registry.settings['kb.session_max_age']) - 1)
    assert who(testapp) == 'advisor'
    clock.advance(1)
    assert who(testapp) is None


def test_a_role_change_ends_every_session_of_the_user(app, as_user, tokens):
    browsers = [webtest.TestApp(app) for _ in range(2)]
    for browser in browsers:
        login(browser, 'advisor')
    bystander = webtest.TestApp(app)
    login(bystander, 'manager')
    as_user('admin').testapp.patch_json(
        '/api/v1/users/advisor', {'role': 'point_manager'},
        headers={'Authorization': f"Bearer {tokens['admin']}"})
    assert [who(browser) for browser in browsers] == [None, None]
    assert who(bystander) == 'manager'
    login(browsers[0], 'advisor')  # a new login works
    assert who(browsers[0]) == 'advisor'


def test_an_authenticated_request_writes_nothing(app, testapp, tokens, db):
    login(testapp, 'advisor')
    before = db.lastTransaction()
    testapp.get('/api/v1/session')
    testapp.get('/intranet/')
    assert db.lastTransaction() == before
