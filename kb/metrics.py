"""This node's Prometheus metrics (docs/operations.md, "Metrics").

Each app keeps its own :class:`~prometheus_client.CollectorRegistry` on
the Pyramid registry (``registry.metrics``), never the library's global
one: tests build several apps in one process, and a node's figures are
its own. Counters and histograms count since the process started; each
node is scraped separately and Prometheus sums them.

What the database holds (this node's index lag and the length of the
search change log, :mod:`kb.search.changelog`) is read when the metrics
are scraped, not kept up to date.
"""
import logging

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from kb.interfaces import ITicketClosed
from kb.runtime.warmup import is_warm
from kb.search import changelog

log = logging.getLogger(__name__)


class NodeCollector:
    """The gauges read at scrape time: index lag, change-log length
    (from the database; left out, and logged, when it cannot answer)
    and whether the node is warm."""

    def __init__(self, registry):
        self.registry = registry

    def describe(self):
        """Nothing: lets ``CollectorRegistry.register`` skip a
        :meth:`collect` (a database read) at configuration time."""
        return []

    def collect(self):
        registry = self.registry
        warm = GaugeMetricFamily(
            'kb_node_warm', 'Whether the search is warm (1) or still '
            'loading (0); /readyz needs it warm')
        warm.add_metric([], 1 if is_warm(registry) else 0)
        yield warm
        db = registry._zodb_databases['']
        try:
            lag = changelog.index_lag(db, registry)
            length = changelog.length(db)
        except Exception:
            log.warning('metrics: the database does not answer',
                        exc_info=True)
            return
        yield GaugeMetricFamily(
            'kb_index_lag_seconds', 'Age of the oldest change not yet in '
            "this node's search index", value=lag)
        yield GaugeMetricFamily(
            'kb_change_log_entries', 'Index changes in the database\'s '
            'change log (trimmed daily below the slowest node)',
            value=length)


class Metrics:
    """The collectors of one app (``registry.metrics``).

    :ivar registry: the :class:`~prometheus_client.CollectorRegistry`
        that ``/metrics`` answers.
    """

    def __init__(self, pyramid_registry):
        self.registry = registry = CollectorRegistry()
        self.requests = Histogram(
            'kb_request_duration_seconds',
            'Time to answer a request, by route name', ['route'],
            registry=registry)
        self.searches = Histogram(
            'kb_search_duration_seconds',
            'Time the search engine takes for one search',
            registry=registry)
        self.push_failures = Counter(
            'kb_suomifi_push_failures',
            'Suomi.fi pushes that PTV refused (failed) or that will be '
            'tried again (retrying)', ['outcome'], registry=registry)
        self.tickets_closed = Counter(
            'kb_tickets_closed', 'Tickets closed (committed)',
            registry=registry)
        registry.register(NodeCollector(pyramid_registry))

    def push_failed(self, outcome):
        """Count a push whose outcome is ``failed`` or ``retrying``."""
        self.push_failures.labels(outcome).inc()

    def on_ticket_closed(self, event):
        """Subscriber: count the closed ticket once its transaction
        committed (a retried request closes it again)."""
        manager = event.store._p_jar.transaction_manager
        manager.get().addAfterCommitHook(
            lambda committed: committed and self.tickets_closed.inc())


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    registry.metrics = Metrics(registry)
    config.add_subscriber(registry.metrics.on_ticket_closed, ITicketClosed)
