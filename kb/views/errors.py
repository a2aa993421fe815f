"""Error views: JSON errors under /api, readable pages elsewhere."""
import logging
import random
import time

from pyramid.exceptions import BadCSRFToken
from pyramid.httpexceptions import HTTPError, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import (
    exception_view_config,
    forbidden_view_config,
    notfound_view_config,
)
from pyramid.viewderivers import INGRESS
from pyramid_retry import IBeforeRetry
from transaction.interfaces import TransientError

from kb.errors import KBError, NotFoundError
from kb.i18n import _
from kb.layout import theme_template
from kb.views.common import translate

log = logging.getLogger(__name__)


#: Seconds a client waits before it repeats a write that met conflicts.
BUSY_RETRY_AFTER = 1

#: Before its n-th retry a request waits a random moment of up to n times
#: this many seconds: the other side of its conflict is usually still
#: committing (on RelStorage it holds its locks until the commit lock is
#: free), and requests that met should not come back in step.
RETRY_PAUSE = 0.025

#: Headings of the error pages that have their own; the others say
#: "Error" and the status.
HEADINGS = {
    403: _('No access'),
    404: _('Page not found'),
}

#: Paths that answer JSON, errors included.
JSON_PREFIXES = ('/api/', '/suomifi/', '/metrics')


def is_api(request):
    try:
        path = request.path
    except UnicodeDecodeError:  # NB: the error view of such an address
        path = request.environ['PATH_INFO']
    return path.startswith(JSON_PREFIXES)


def error_response(request, status, code, message, details=None):
    """A JSON error ``{"error", "message", "details"}`` or an HTML page."""
    message = translate(request, message)
    if is_api(request):
        response = request.response
        response.status_int = status
        response.content_type = 'application/json'
        response.json_body = {
            'error': code,
            'message': message,
            'details': translate(request, details),
        }
        return response
    response = render_to_response(
        theme_template(request, 'error.pt'),
        {'status': status, 'message': message,
         'heading': translate(request, HEADINGS.get(status) or _(
             'Error ${status}', mapping={'status': status}))},
        request=request,
    )
    response.status_int = status
    return response


def hidden_view(view, info):
    """The ``hide_without=PERMISSION`` (or a tuple of them) view option:
    a caller without each of them on the context gets 404 before the
    view's own permission is checked, so that they do not learn that the
    object (a card, a user) exists. An anonymous caller of a page is sent
    to log in instead (by the view's permission), as it may yet be
    theirs to see."""
    permissions = info.options.get('hide_without')
    if permissions is None:
        return view
    if isinstance(permissions, str):
        permissions = (permissions,)

    def hiding(context, request):
        anonymous_page = request.user is None and not is_api(request)
        if not anonymous_page and not all(
                request.has_permission(each, context)
                for each in permissions):
            raise NotFoundError(_('Not found.'))
        return view(context, request)

    return hiding


hidden_view.options = ('hide_without',)


@exception_view_config(KBError)
def kb_error(exc, request):
    response = error_response(request, exc.status, exc.code, exc.message,
                              exc.details)
    retry_after = getattr(exc, 'retry_after', None)
    if retry_after:
        response.headers['Retry-After'] = str(retry_after)
    return response


def route_methods(request):
    """The methods the views of the request's route answer (GET also
    answers HEAD), or None without a route."""
    route = request.matched_route
    if route is None:
        return None
    methods = set()
    for view in request.registry.introspector.get_category('views'):
        intr = view['introspectable']
        if intr['route_name'] == route.name:
            declared = intr['request_methods'] or ()
            methods.update((declared,) if isinstance(declared, str)
                           else declared)
    if 'GET' in methods:
        methods.add('HEAD')
    return methods


@notfound_view_config()
def not_found(exc, request):
    methods = route_methods(request) if is_api(request) else None
    if methods and request.method not in methods:
        response = error_response(
            request, 405, 'method_not_allowed',
            _('This address does not answer ${method}.',
              mapping={'method': request.method}))
        response.allow = sorted(methods)
        return response
    return error_response(request, 404, 'not_found', _('Not found.'))


@forbidden_view_config()
def forbidden(exc, request):
    if request.user is None:
        if not is_api(request):
            return HTTPSeeOther(request.route_url(
                'login', _query={'came_from': request.path_qs}))
        return error_response(request, 401, 'unauthorized',
                              _('Log in or give an API token.'))
    return error_response(request, 403, 'forbidden',
                          _('You may not do this.'))


@exception_view_config(BadCSRFToken)
def bad_csrf(exc, request):
    return error_response(
        request, 400, 'csrf',
        _('The form has expired or the CSRF token is missing. '
          'Reload the page and try again.'),
    )


@exception_view_config(UnicodeDecodeError)
def bad_encoding(exc, request):
    """WebOb decodes the query and form lazily and raises on bytes that
    are not UTF-8."""
    return error_response(request, 400, 'bad_encoding',
                          _('The address or the form is not valid UTF-8.'))


@exception_view_config(HTTPError)
def http_error(exc, request):
    return error_response(request, exc.code, exc.title.lower()
                          .replace(' ', '_'), exc.title)


@exception_view_config(TransientError, last_retry_attempt=True)
def busy(exc, request):
    """A conflict (or another transient error) that every retry met
    again: the server is busy, not broken, so the client may try again
    in a moment. Earlier attempts have no view and are retried."""
    # NB: a ConflictError's text names the object (oid and class): the
    # hot spot to look at when 503s recur
    log.warning('%s (%s) on %s after %s attempts', type(exc).__name__, exc,
                request.path, request.environ.get('retry.attempts', 1))
    response = error_response(
        request, 503, 'busy',
        _('Others are saving the same things right now. Try again in a '
          'moment.'))
    response.headers['Retry-After'] = str(BUSY_RETRY_AFTER)
    return response


@exception_view_config(Exception, retryable_error=False)
def internal_error(exc, request):
    log.exception('unhandled error on %r', request.environ.get('PATH_INFO'))
    return error_response(request, 500, 'internal',
                          _('Something went wrong on our side.'))


def pause_before_retry(event):
    """Wait before a request runs again after a conflict (see
    :data:`RETRY_PAUSE`); the request's connection is back in the pool
    and its transaction aborted, so nothing is held meanwhile."""
    attempt = event.environ['retry.attempt'] + 1
    time.sleep(random.uniform(0, RETRY_PAUSE * attempt))


def includeme(config):  # pragma: no cover - configuration glue
    config.include('kb.views.input')
    config.add_subscriber(pause_before_retry, IBeforeRetry)
    config.add_view_deriver(hidden_view, under=INGRESS,
                            over='secured_view')
