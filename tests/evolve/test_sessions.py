"""The revocable sessions evolve step, on a database written the old
way: login failures keyed by the name as typed, a user's
``session_epoch``."""
from BTrees.OOBTree import OOBTree

from kb.evolve.sessions import revocable_sessions
from tests.conftest import PASSWORD
from tests.views.api.test_session import login


def test_old_counts_and_epochs_go_and_logins_work(app, database, testapp,
                                                  tokens):
    from kb.accounts.throttle import LoginFailures
    with database as root:
        old = LoginFailures.__new__(LoginFailures)
        old.names = OOBTree({'x' * 50000: (5, '2026-11-22T09:00:00Z')})
        root.remove('login_failures')
        root.add('login_failures', old)
        root['users']['advisor'].session_epoch = 3
    with database as root:
        revocable_sessions(root, app.registry)
    with database as root:
        assert list(root['login_failures'].names) == []
        assert 'session_epoch' not in root['users']['advisor'].__dict__
    login(testapp, 'advisor', PASSWORD)
    login(testapp, 'advisor', 'wrong', status=401)
    with database as root:
        assert root['login_failures'].size() == 3  # name, source, user
