"""Full-text search: analysis, index, queries, analytics."""
from kb.interfaces import (
    IAfterTransition,
    IObjectAdded,
    IObjectModified,
    IObjectMoved,
    IVersionLive,
    IVersionSaved,
)
from kb.node import node_name
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
    registry.search_queuer = IndexQueuer(
        index, db, node_name(settings), margin_of(settings),
        seed_dir=settings.get('kb.search.seed_dir') or None)
    for event in EVENTS:
        config.add_subscriber(registry.search_queuer.on_event, event)
