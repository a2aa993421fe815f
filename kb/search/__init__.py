"""Full-text search: analysis, index, queries, analytics."""
import socket

from kb.interfaces import (
    IAfterTransition,
    IObjectAdded,
    IObjectModified,
    IObjectMoved,
    IVersionLive,
    IVersionSaved,
)
from kb.search.changelog import margin_of
from kb.search.index import SearchIndex
from kb.search.queue import IndexQueuer

EVENTS = (IVersionSaved, IAfterTransition, IVersionLive, IObjectMoved,
          IObjectAdded, IObjectModified)


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    settings = registry.settings
    db = registry._zodb_databases['']
    # NB: the registry's clock at call time (tests replace it)
    index = SearchIndex(settings['kb.search.index_dir'],
                        lambda: registry.clock())
    registry.search_index = index
    # NB: the indexer thread (kb.runtime) follows the change log in the
    # serving process; until then each commit follows it itself
    node = settings.get('kb.search.node') or \
        f'{socket.gethostname()}:{index.path.resolve()}'
    registry.search_queuer = IndexQueuer(index, db, node, margin_of(settings))
    for event in EVENTS:
        config.add_subscriber(registry.search_queuer.on_event, event)
