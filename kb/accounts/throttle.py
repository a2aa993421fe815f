"""Login throttling: after repeated failures for one user name, further
attempts are refused for a while, whatever the password.

Failures are kept in the database (``root['login_failures']``), so every
server process sees them and a restart does not reset them.
"""
from BTrees.OOBTree import OOBTree
from ZODB.POSException import ConflictError
from persistent import Persistent

from kb.clock import seconds_between
from kb.errors import KBError
from kb.i18n import _
from kb.resources import own_root

FAILURES = 5  # allowed within the window
WINDOW = 15 * 60  # seconds


class TooManyAttempts(KBError):
    status = 429
    code = 'too_many_attempts'


class LoginFailures(Persistent):
    """user name → (failures, first failure's stamp) within the window;
    ``now`` below is a stamp (:mod:`kb.clock`)."""

    __name__ = 'login_failures'
    __parent__ = None

    def __init__(self):
        self.names = OOBTree()

    def check(self, name, now):
        """Refuse (429) while ``name`` has too many recent failures."""
        count, since = self.names.get(name, (0, now))
        passed = seconds_between(since, now)
        if count >= FAILURES and passed < WINDOW:
            wait = WINDOW - passed + 1
            error = TooManyAttempts(
                _('Too many failed logins. Try again in ${minutes} '
                  'minutes.', mapping={'minutes': wait // 60 + 1}),
                details={'retry_after': wait})
            error.retry_after = wait
            raise error

    def failed(self, name, now):
        count, since = self.names.get(name, (0, now))
        if seconds_between(since, now) >= WINDOW:
            count, since = 0, now
        self.names[name] = (count + 1, since)

    def record_failure(self, name, now):
        """Count a failure in a transaction of its own: the request's
        transaction is aborted when the login fails with an error."""
        db = self._p_jar.db()
        for _attempt in range(5):
            try:
                with own_root(db) as root:
                    root['login_failures'].failed(name, now)
                return
            except ConflictError:
                continue

    def succeeded(self, name):
        if name in self.names:
            del self.names[name]
