"""HTML pages of the base theme: log in, log out, the language switch
(the front page is the public site's, :mod:`kb.views.public`)."""
from pyramid.csrf import get_csrf_token
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.settings import asbool
from pyramid.view import view_config

from kb import refdata, security
from kb.accounts.login import authenticate, log_in, log_out
from kb.i18n import _
from kb.interfaces import IRoot
from kb.layout import landing_path, render_page


def page_number(request, param='page'):
    """The page number asked for in ``param``, from 1 (1 when missing or
    not a positive number: a stale or edited link still shows a page)."""
    value = request.params.get(param, '1')
    return int(value) if value.isdigit() and int(value) > 0 else 1


def safe_target(request, target):
    """Only same-site paths are followed after login."""
    if isinstance(target, str) and target.startswith('/') and not (
        target.startswith('//')
    ):
        return target
    return request.route_path('home')


@view_config(route_name='login', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def login_page(request):
    """The login form; afterwards back to ``came_from``, or to the
    user's own landing page when none was given."""
    came_from = request.params.get('came_from')
    came_from = safe_target(request, came_from) if came_from else ''
    error = None
    status = 200
    if request.method == 'POST':
        user = authenticate(request, request.POST.get('username'),
                            request.POST.get('password'))
        if user is not None:
            log_in(request, user)
            return HTTPSeeOther(came_from or landing_path(request, user))
        error = _('Wrong user name or password.')
        status = 401
    response = render_page(request, 'login.pt', came_from=came_from,
                           error=error, csrf_token=get_csrf_token(request),
                           username=request.POST.get('username', ''))
    response.status_int = status
    return response


@view_config(route_name='language', context=IRoot, request_method='POST',
             permission=security.NO_PERMISSION_REQUIRED)
def switch_language(request):
    """The language switch: a cookie for everyone, and the user's own
    setting when logged in (which wins over the cookie)."""
    lang = request.POST.get('lang')
    response = HTTPSeeOther(safe_target(request,
                                        request.POST.get('came_from')))
    if refdata.is_code(lang, refdata.UI_LANGUAGES):
        response.set_cookie('_LOCALE_', lang, max_age=365 * 86400,
                            httponly=True, samesite='Lax', secure=asbool(
                                request.registry.settings[
                                    'kb.session_secure']))
        if request.user is not None:
            request.user.locale = lang
    return response


@view_config(route_name='logout', context=IRoot, request_method='POST',
             permission=security.NO_PERMISSION_REQUIRED)
def logout_page(request):
    log_out(request)
    return HTTPSeeOther(request.route_path('home'))
