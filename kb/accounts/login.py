"""Logging in and out: checking a user's password (throttled,
:mod:`kb.accounts.throttle`), starting a fresh session recorded on the
user (:mod:`kb.accounts.sessions`) and ending it, for the login page,
the JSON API and the administrator's own password change. Each login,
failed login of an existing user (the first
:data:`~kb.accounts.throttle.AUDITED` a day) and logout is in the audit
log."""
import logging

from pyramid.csrf import new_csrf_token
from pyramid.security import forget, remember

from kb import security
from kb.accounts import sessions
from kb.accounts.throttle import AUDITED, key_of, source_of
from kb.clock import stamp
from kb.events import ObjectModified

log = logging.getLogger(__name__)

#: The longest user name (:data:`kb.accounts.users.NAME_RE`): a longer
#: one is no user's, and is refused before anything is counted or stored.
NAME_MAX = 63


def authenticate(request, name, password):
    """The user if ``name`` and ``password`` match, else None.

    The attempt is counted (committed) before the password is checked.

    :raises TooManyAttempts: (429) while this source must wait for this
        name, or for any name.
    """
    if not isinstance(name, str) or not isinstance(password, str) or \
            not 0 < len(name) <= NAME_MAX:
        return None
    settings = request.registry.settings
    secret = settings['kb.session_secret']
    source = source_of(request, int(settings['kb.trusted_proxies']))
    pair = key_of(secret, 'name', name, source)
    from_source = key_of(secret, 'source', source)
    failures = request.root['login_failures']
    now = request.registry.clock()
    failures.reserve(pair, from_source, stamp(now))
    user = request.root['users'].get(name)
    hasher = request.registry.password_hasher
    if user is None:
        # NB: hash anyway so that timing does not reveal user names
        hasher.hash('not-a-user')
        log.info('failed login for an unknown name from %s', source)
        return None
    if security.check_password(user, password, hasher):
        failures.succeeded(pair, from_source, stamp(now))
        request.registry.notify(ObjectModified(user, user.name,
                                               change='login'))
        return user
    user_key = key_of(secret, 'user', name)

    def audit(root):
        if root['login_failures'].audit_failure(user_key, stamp(now)):
            request.registry.notify(ObjectModified(
                root['users'][name], None, change='login_failed'))
        else:
            log.info('failed login for %s from %s (not audited: %d a day '
                     'are)', name, source, AUDITED)
    # NB: in a transaction of its own: the request's is aborted
    failures.commit(audit)
    return None


def log_in(request, user):
    """Start a fresh session for ``user`` (no session fixation), recorded
    on the user until ``kb.session_max_age`` seconds from now.

    :returns: the new CSRF token.
    """
    request.session.invalidate()
    session_id = sessions.start(
        user, request.registry.clock(),
        int(request.registry.settings['kb.session_max_age']))
    remember(request, user.name, session_id=session_id)
    return new_csrf_token(request)


def log_out(request):
    """End this request's session, on the server too (a copy of its
    cookie no longer logs anyone in)."""
    user = request.user
    if user is not None and sessions.end(user, request.session.get('sid')):
        request.registry.notify(ObjectModified(user, user.name,
                                               change='logout'))
    forget(request)
