"""Probes for load balancers and orchestrators (docs/operations.md):
``/healthz`` says the process answers, ``/readyz`` whether the node can
serve users. Both are public, never cached and read by machines, so
their fields are not translated."""
import logging

from pyramid.response import Response
from pyramid.view import view_config

from kb import security
from kb.resources import own_root
from kb.runtime.warmup import is_warm

log = logging.getLogger(__name__)

#: Seconds an index change may wait in the durable queue before the
#: node counts as behind (``kb.readyz.index_lag``); the indexer applies
#: a change within a fraction of a second
INDEX_LAG = 10
NS = 10 ** 9


def probe(request):
    """Route factory: a probe's context is nothing in the database (the
    root factory would open a connection)."""
    return None


def answer(status, body):
    response = Response(json_body=body, status=status)
    response.cache_control = 'no-store'
    return response


@view_config(route_name='healthz', permission=security.NO_PERMISSION_REQUIRED)
def healthz(request):
    """Alive: the process answers (no database access)."""
    return answer(200, {'status': 'ok'})


def index_behind(db, registry):
    """Whether the durable index queue (:mod:`kb.search.queue`) holds a
    change older than ``kb.readyz.index_lag`` seconds.

    :raises Exception: whatever the database raises when it cannot
        answer a read.
    """
    lag = int(registry.settings.get('kb.readyz.index_lag', INDEX_LAG))
    with own_root(db, commit=False) as root:
        oldest = min(root['search_queue'].pending.values(), default=None)
    return oldest is not None and \
        oldest < registry.search_queuer.clock() - lag * NS


@view_config(route_name='readyz', permission=security.NO_PERMISSION_REQUIRED)
def readyz(request):
    """Ready: the database answers a read, the search index has caught
    up with the durable queue and the search is warm; else 503 listing
    the checks that failed (``database``, ``index``, ``warm``)."""
    registry = request.registry
    failed = []
    try:
        if index_behind(registry._zodb_databases[''], registry):
            failed.append('index')
    except Exception:
        log.warning('readiness: the database does not answer', exc_info=True)
        failed.append('database')
    if not is_warm(registry):
        failed.append('warm')
    if failed:
        return answer(503, {'status': 'unavailable', 'failed': failed})
    return answer(200, {'status': 'ok'})


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('healthz', '/healthz', factory=probe)
    config.add_route('readyz', '/readyz', factory=probe)
