"""The access log: one line per request on the ``kb.access`` logger
(configured in the ini files' logging sections, docs/operations.md)::

    GET /fi/palvelut/kela-asumistuki 200 12.3ms 5321 203.0.113.9

method, path, status, duration, response size in bytes (``-`` when not
known in advance), and the client's address as login throttling counts
it (:func:`kb.accounts.throttle.source_of`). The query string is left
out: a search query may hold personal data.
"""
import logging
import time
from urllib.parse import quote

from pyramid.tweens import INGRESS

from kb.accounts.throttle import source_of

log = logging.getLogger('kb.access')
#: What a logged path keeps unquoted: no space or control character, so
#: that a request cannot write a line of its own into the log
PATH_SAFE = "/;:@&=+$,!~*'()-._"


def logged_path(environ):
    """The request's path, percent-encoded again (the server decoded
    it; WSGI gives its bytes as Latin-1)."""
    path = environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')
    return quote(path.encode('latin-1', 'replace'), safe=PATH_SAFE)


def access_log_tween_factory(handler, registry):
    """Outermost tween, so that the duration and status include the
    transaction, retries and error views; a request that still raises
    is logged as 500."""
    def access_log_tween(request):
        started = time.perf_counter()
        response = None
        try:
            response = handler(request)
            return response
        finally:
            log.info('%s %s %d %.1fms %s %s',
                     quote(request.method, safe=''),
                     logged_path(request.environ),
                     response.status_code if response else 500,
                     (time.perf_counter() - started) * 1000,
                     '-' if response is None or response.content_length
                     is None else response.content_length,
                     source_of(request, int(
                         registry.settings['kb.trusted_proxies'])))
    return access_log_tween


def includeme(config):  # pragma: no cover - configuration glue
    config.add_tween('kb.views.access_log.access_log_tween_factory',
                     under=INGRESS)
