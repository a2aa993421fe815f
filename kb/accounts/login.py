"""Logging in: checking a user's password (throttled) and starting a
fresh session, for the login page, the JSON API and the administrator's
own password change."""
from pyramid.csrf import new_csrf_token
from pyramid.security import remember

from kb import security
from kb.clock import stamp


def authenticate(request, name, password):
    """The user if ``name`` and ``password`` match, else None.

    :raises TooManyAttempts: (429) after repeated failures for ``name``.
    """
    users = request.root['users']
    failures = request.root['login_failures']
    now = stamp(request.registry.clock())
    key = name if isinstance(name, str) else ''
    failures.check(key, now)
    user = users.get(name) if isinstance(name, str) else None
    hasher = request.registry.password_hasher
    if user is None or not isinstance(password, str):
        # NB: hash anyway so that timing does not reveal user names
        hasher.hash('not-a-user')
    elif security.check_password(user, password, hasher):
        failures.succeeded(key)
        return user
    failures.record_failure(key, now)
    return None


def log_in(request, user):
    """Start a fresh session for ``user`` (no session fixation)."""
    request.session.invalidate()
    remember(request, user.name, epoch=user.session_epoch)
    return new_csrf_token(request)
