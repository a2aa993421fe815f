"""Log in and out with a session cookie; read the CSRF token."""
from pyramid.csrf import get_csrf_token, new_csrf_token
from pyramid.security import forget, remember
from pyramid.view import view_config

from kb import security
from kb.clock import stamp
from kb.errors import KBError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.accounts.users import describe_user
from kb.views.api.common import json_body


class LoginFailed(KBError):
    status = 401
    code = 'login_failed'


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


@view_config(route_name='api.session', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def session_info(request):
    user = request.user
    return {
        'user': describe_user(user) if user is not None else None,
        'csrf_token': get_csrf_token(request),
    }


@view_config(route_name='api.login', request_method='POST', context=IRoot,
             renderer='json', permission=security.NO_PERMISSION_REQUIRED)
def login(request):
    body = json_body(request, allowed=('username', 'password'),
                     required=('username', 'password'))
    user = authenticate(request, body['username'], body['password'])
    if user is None:
        raise LoginFailed(_('Wrong user name or password.'))
    token = log_in(request, user)
    return {'user': describe_user(user), 'csrf_token': token}


@view_config(route_name='api.logout', request_method='POST', context=IRoot,
             renderer='json', permission=security.NO_PERMISSION_REQUIRED)
def logout(request):
    forget(request)
    return {'user': None}
