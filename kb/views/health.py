"""Probes for load balancers and orchestrators (docs/operations.md):
``/healthz`` says the process answers, ``/readyz`` whether the node can
serve users. Both are public, never cached and read by machines, so
their fields are not translated."""
import logging

from pyramid.response import Response
from pyramid.view import view_config

from kb import security
from kb.runtime.warmup import is_warm
from kb.search.changelog import index_lag

log = logging.getLogger(__name__)

#: Seconds a change of the search change log may wait unapplied before
#: the node counts as behind (``kb.readyz.index_lag``); the indexer
#: applies a change within a second
INDEX_LAG = 10


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
    """Whether a change of the search change log has waited for this
    node longer than ``kb.readyz.index_lag`` seconds.

    :raises Exception: whatever the database raises when it cannot
        answer a read.
    """
    lag = float(registry.settings.get('kb.readyz.index_lag', INDEX_LAG))
    return index_lag(db, registry) > lag


@view_config(route_name='readyz', permission=security.NO_PERMISSION_REQUIRED)
def readyz(request):
    """Ready: the database answers a read, the search index has caught
    up with the change log and the search is warm; else 503 listing
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
