"""Full-text search: analysis, index, queries, analytics."""
from pyramid.settings import asbool

from kb.interfaces import (
    IAfterTransition,
    IObjectAdded,
    IObjectModified,
    IObjectMoved,
    IVersionLive,
    IVersionSaved,
)
from kb.search.index import SearchIndex
from kb.search.queue import IndexQueuer, Worker

EVENTS = (IVersionSaved, IAfterTransition, IVersionLive, IObjectMoved,
          IObjectAdded, IObjectModified)


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    settings = registry.settings
    db = registry._zodb_databases['']
    # NB: the registry's clock at call time (tests replace it)
    index = SearchIndex(settings['kb.search.index_dir'],
                        lambda: registry.clock())
    worker = None
    if asbool(settings.get('kb.search.background', 'true')):
        worker = Worker(index, db)
        worker.start()
    registry.search_index = index
    registry.search_queuer = IndexQueuer(index, db, worker)
    for event in EVENTS:
        config.add_subscriber(registry.search_queuer.on_event, event)
