"""Security headers on every response: a Content-Security-Policy that
allows no inline script, the usual hardening headers, HSTS where the site
is on https (``kb.hsts``), and ``Cache-Control: no-store`` on whatever a
shared cache or the browser's history must not keep: every API answer and
every page shown to a logged-in user."""
from pyramid.events import NewResponse, subscriber
from pyramid.settings import asbool

from kb.security import bearer_token

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
}
HSTS = 'max-age=31536000'
API = '/api/'


def private(request):
    """True for an API answer or a request with credentials (a session
    of a logged-in user or a bearer token).

    NB: the transaction is over by now, so no database read; the raw
    ``PATH_INFO`` because it may not be UTF-8.
    """
    return (request.environ.get('PATH_INFO', '').startswith(API)
            or bearer_token(request) is not None
            or 'userid' in request.session)


@subscriber(NewResponse)
def add_security_headers(event):
    headers = event.response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    request = event.request
    if asbool(request.registry.settings['kb.hsts']):
        headers.setdefault('Strict-Transport-Security', HSTS)
    if private(request):
        headers['Cache-Control'] = 'no-store'
