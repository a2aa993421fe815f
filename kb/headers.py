"""Security headers on every response: a Content-Security-Policy that
allows no inline script, the usual hardening headers, HSTS where the site
is on https (``kb.hsts``), and ``Cache-Control: no-store`` on whatever a
shared cache or the browser's history must not keep: every API answer,
every page shown to a logged-in user or within a session, and every
answer that sets a cookie. The rest of the successful ``GET`` answers,
the public pages of an anonymous visitor, may be kept by a shared cache
(a proxy) for ``kb.public_max_age`` seconds (per language: ``Vary:
Cookie, Accept-Language``); a browser asks again each time (``max-age=0``),
so whoever has just published sees the change at once."""
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
#: What the interface language of a public page depends on besides its
#: address (:func:`kb.i18n.negotiate_locale`).
VARY = ('Cookie', 'Accept-Language')


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
    request, response = event.request, event.response
    headers = response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    if asbool(request.registry.settings['kb.hsts']):
        headers.setdefault('Strict-Transport-Security', HSTS)
    if (private(request) or not request.session.new
            or 'Set-Cookie' in headers):
        headers['Cache-Control'] = 'no-store'
    elif (request.method in ('GET', 'HEAD') and response.status_int == 200
          and 'Cache-Control' not in headers):  # static files have theirs
        max_age = int(request.registry.settings['kb.public_max_age'])
        headers['Cache-Control'] = f'public, max-age=0, s-maxage={max_age}'
        response.vary = (*(response.vary or ()), *VARY)
