"""Security headers on every response: a Content-Security-Policy that
allows no inline script, and the usual hardening headers."""
from pyramid.events import NewResponse, subscriber

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
}


@subscriber(NewResponse)
def add_security_headers(event):
    headers = event.response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
