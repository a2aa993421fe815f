"""``/metrics``: this node's Prometheus metrics (:mod:`kb.metrics`), and
the tween that times every request by its route.

Only a scraper may read them (:func:`kb.security.is_scraper`): with a
metrics token set, whoever bears it; without one, a client on this host
that does not come through the proxy (docs/operations.md, "Metrics").
"""
import time

from prometheus_client import generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from pyramid.authorization import DENY_ALL, Allow
from pyramid.response import Response
from pyramid.tweens import INGRESS
from pyramid.view import forbidden_view_config, view_config

from kb import security
from kb.i18n import _
from kb.views.errors import error_response

#: The route label of a request no route matched, and of static files
#: (never the path: a label value per address would grow without end)
UNMATCHED = 'unmatched'
STATIC = 'static'


class Scrape:
    """The context of ``/metrics``: granted to the scraper alone."""

    __acl__ = ((Allow, security.SCRAPER, security.METRICS), DENY_ALL)


def scrape(request):
    """Route factory: the metrics are nothing in the database."""
    return Scrape()


def route_label(request):
    """The matched route's name, or :data:`UNMATCHED`/:data:`STATIC`."""
    route = getattr(request, 'matched_route', None)
    if route is None:
        return UNMATCHED
    if route.name.startswith('__static/'):
        return STATIC
    return route.name


def request_timer_tween_factory(handler, registry):
    """Times each request, error views included (as the access log
    does), into ``kb_request_duration_seconds{route}``."""
    requests = registry.metrics.requests

    def request_timer_tween(request):
        started = time.perf_counter()
        try:
            return handler(request)
        finally:
            requests.labels(route_label(request)).observe(
                time.perf_counter() - started)
    return request_timer_tween


@view_config(route_name='metrics', request_method='GET', context=Scrape,
             permission=security.METRICS)
def metrics(request):
    """The Prometheus text format, never cached."""
    response = Response(body=generate_latest(request.registry.metrics
                                             .registry))
    response.headers['Content-Type'] = CONTENT_TYPE_LATEST
    response.cache_control = 'no-store'
    return response


@forbidden_view_config(route_name='metrics')
def refused(exc, request):
    """401 asking for the token when one is set (a scraper elsewhere
    is expected), else 403: only this host may ask."""
    if request.registry.settings.get('kb.metrics.token'):
        response = error_response(request, 401, 'unauthorized',
                                  _('Give the metrics token.'))
        response.headers['WWW-Authenticate'] = 'Bearer'
        return response
    return error_response(request, 403, 'forbidden',
                          _('You may not do this.'))


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('metrics', '/metrics', factory=scrape)
    config.add_tween('kb.views.metrics.request_timer_tween_factory',
                     under=INGRESS)
