"""Login throttling by user name *and* source address, with back-off.

Two counts of failed logins are kept: of one name from one source, and
of one source whatever the name. Each allows a few failures
(:data:`FREE`, :data:`FREE_SOURCE`); after them every further attempt
waits, twice as long after each failure (:func:`delay`), up to
:data:`MAX_DELAY`. A source that has not failed is never refused, so
nobody can lock a user out from elsewhere; a success from a source
clears its count for that name.

Every attempt is counted *before* its password is checked, in a
transaction of its own that commits (:meth:`LoginFailures.reserve`):
parallel attempts write the same entries, so only one of them commits,
the others conflict and count again from what it wrote; no more
attempts than allowed reach the password check. A success gives its
attempt back.

What an anonymous request can write here is bounded: the keys are keyed
digests of fixed length (which also keep names and addresses out of
the database: :func:`key_of`), a count older than :data:`RETENTION` is
forgotten (ignored when read, removed by :meth:`LoginFailures.prune`,
which the daily job runs), and a write past :data:`MAX_ENTRIES` counts
removes the oldest down to half of them.
"""
import datetime
import hashlib
import ipaddress

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from ZODB.POSException import ConflictError
from persistent import Persistent

from kb.clock import parse, seconds_between, stamp
from kb.errors import KBError
from kb.i18n import _
from kb.resources import own_root

FREE = 5  # failures of one name from one source before the back-off
FREE_SOURCE = 30  # failures of one source, any names
BASE_DELAY = 60  # seconds, the first wait
MAX_DELAY = 15 * 60
RETENTION = 24 * 3600  # a count this old (seconds) is forgotten
MAX_ENTRIES = 20000  # beyond these, the oldest go, down to half
ATTEMPTS = 10  # tries of a throttle transaction that conflicts
#: Failed logins of one user the audit log records within a day of each
#: other (the server log has the rest), however many sources try.
AUDITED = 20


class TooManyAttempts(KBError):
    status = 429
    code = 'too_many_attempts'


def refusal(wait):
    """The 429 error for a wait of ``wait`` seconds."""
    error = TooManyAttempts(
        _('Too many failed logins. Try again in ${minutes} minutes.',
          mapping={'minutes': wait // 60 + 1}),
        details={'retry_after': wait})
    error.retry_after = wait
    return error


def delay(count, free):
    """Seconds to wait after the last of ``count`` failures, of which
    ``free`` need no wait."""
    if count < free:
        return 0
    return min(MAX_DELAY, BASE_DELAY * 2 ** min(count - free, 10))


def source_of(request, trusted_proxies):
    """The address a login comes from: the connection's, or, behind
    ``trusted_proxies`` proxies that each append the address they were
    called from to ``X-Forwarded-For``, the one the first of them saw.
    IPv6 addresses count by their /64 network (what one host is usually
    given).

    NB: not ``request.client_addr``, which believes any
    ``X-Forwarded-For``.
    """
    address = request.remote_addr or ''
    forwarded = [part.strip() for part in request.headers.get(
        'X-Forwarded-For', '').split(',') if part.strip()]
    if trusted_proxies and len(forwarded) >= trusted_proxies:
        address = forwarded[-trusted_proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return 'unknown'
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f'{ip}/64', strict=False))
    return str(ip)


def key_of(secret, *parts):
    """A fixed-length key for ``parts``, keyed with ``secret`` so that
    the stored keys reveal no name or address."""
    text = '\n'.join(parts).encode('utf-8', 'surrogatepass')
    return hashlib.blake2b(text, digest_size=16,
                           key=secret.encode('utf-8')[:64]).hexdigest()


class LoginFailures(Persistent):
    """key (:func:`key_of`) → (failures, last failure's stamp)."""

    __name__ = 'login_failures'
    __parent__ = None

    def __init__(self):
        self.names = OOBTree()
        self.size = Length()

    def count(self, key, now):
        """``(failures, last stamp)`` of ``key``, (0, None) if forgotten."""
        count, last = self.names.get(key, (0, None))
        if count and seconds_between(last, now) < RETENTION:
            return count, last
        return 0, None

    def wait(self, key, free, now):
        """Seconds ``key`` must still wait at the stamp ``now``."""
        count, last = self.count(key, now)
        if not count:
            return 0
        return max(0, delay(count, free) - seconds_between(last, now))

    def add(self, key, now):
        count, _last = self.count(key, now)
        if key not in self.names:
            self.size.change(1)
        self.names[key] = (count + 1, now)
        if self.size() > MAX_ENTRIES:
            self.prune(now, keep=MAX_ENTRIES // 2)

    def audit_failure(self, key, now):
        """Count a failed login of an existing user (``key``: the
        user's); True while the audit log should record it (the first
        :data:`AUDITED`), so that a crowd of sources cannot fill it."""
        count, _last = self.count(key, now)
        self.add(key, now)
        return count < AUDITED

    def give_back(self, key, now):
        count, last = self.count(key, now)
        if count > 1:
            self.names[key] = (count - 1, last)
        else:
            self.remove(key)

    def remove(self, key):
        if key in self.names:
            del self.names[key]
            self.size.change(-1)

    def prune(self, now, keep=None):
        """Remove the forgotten counts and, if more than ``keep`` remain,
        the oldest of them down to ``keep``.

        :returns: the number removed.
        """
        ages = sorted((last, key) for key, (_count, last)
                      in self.names.items())
        cutoff = stamp(parse(now) - datetime.timedelta(seconds=RETENTION))
        cut = sum(1 for last, _key in ages if last <= cutoff)
        if keep is not None:
            cut = max(cut, len(ages) - keep)
        for _last, key in ages[:cut]:
            self.remove(key)
        return cut

    def reserve(self, pair, source, now):
        """Count an attempt of ``pair`` (name and source) and ``source``
        (keys), committed before the password is checked.

        :raises TooManyAttempts: while either must wait (nothing counted).
        """
        def attempt(failures):
            wait = max(failures.wait(pair, FREE, now),
                       failures.wait(source, FREE_SOURCE, now))
            if wait:
                raise refusal(wait)
            failures.add(pair, now)
            failures.add(source, now)
        self._counted(attempt)

    def succeeded(self, pair, source, now):
        """Clear ``pair``'s count and give ``source`` its attempt back."""
        def attempt(failures):
            failures.remove(pair)
            failures.give_back(source, now)
        self._counted(attempt)

    def _counted(self, change):
        """Run ``change(failures)`` committed (:meth:`commit`): the
        request's own transaction may be aborted (a failed login is an
        error), and it cannot see what parallel requests counted.

        :raises TooManyAttempts: when every try conflicts (a crowd of
            attempts at once).
        """
        if not self.commit(lambda root: change(root['login_failures'])):
            raise refusal(1)

    def commit(self, change):
        """Run ``change(root)`` in a transaction of its own and commit it,
        again on a conflict, up to :data:`ATTEMPTS` times.

        :returns: True if it committed.
        """
        for _attempt in range(ATTEMPTS):
            try:
                with own_root(self._p_jar.db()) as root:
                    change(root)
                return True
            except ConflictError:
                continue
        return False
