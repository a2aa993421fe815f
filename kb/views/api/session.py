"""Log in and out with a session cookie; read the CSRF token."""
from pyramid.csrf import get_csrf_token
from pyramid.view import view_config

from kb import security
from kb.accounts.login import authenticate, log_in, log_out
from kb.accounts.users import describe_user
from kb.errors import KBError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.views.common import json_body


class LoginFailed(KBError):
    status = 401
    code = 'login_failed'


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
    log_out(request)
    return {'user': None}
