"""Warming the node before it reports ready (``/readyz``).

The first search after a start takes seconds: the language analysers
load their dictionaries and the index's term and posting arrays are read
on first use. The warm-up loads simplemma's dictionaries of every
language the analysis uses (a query meets them only for a word Voikko
does not know, so one search per language did not load them all), reads
each index segment's vocabulary and group column, and runs one search
per language through the real engine, in a thread of its own, so that a
load balancer sends users only to a node that answers at once. Then it
opens and warms a pool of searchers, one for each connection of the
database's pool (``connection_pool_size``, as many as the server's
threads): a thread's first search takes one instead of opening its own
searcher and array view. Before all that it compiles every theme's page
templates (:mod:`kb.templates`), and takes the words whose terms the
index's last rebuild kept beside it as analysed
(:meth:`~kb.search.index.SearchIndex.recall_terms`): a restarted node's
first searches would otherwise analyse every word of their results'
snippets with Voikko.
"""
from functools import partial
import logging
import threading
import time

from kb.clock import stamp
from kb.resources import own_root
from kb.search import analysis
from kb.search.postings import EMPTY_IDS
from kb.search.query import Search, audience_for, facet_counts
from kb.search.service import engine_for
from kb.templates import cook_all

log = logging.getLogger(__name__)

#: language → a query that runs its analyser through every stage (a
#: compound, a prefix for the word being typed, the fuzzy stage); the
#: results are thrown away and nothing is logged in the search log
QUERIES = {
    'fi': 'passihakemus',
    'sv': 'passansökan',
    'se': 'pássaohcan',
    'smn': 'pássâohcâmuš',
    'sms': 'pássohcâmuš',
    'en': 'passport application',
}


def is_warm(registry):
    """True once the warm-up finished (or was switched off)."""
    return getattr(registry, 'warm', False)


def warm(db, registry):
    """Compile the page templates, run :data:`QUERIES` as the public and
    mark the node warm; a search that fails is logged and the node stays
    cold."""
    started = time.monotonic()
    templates = cook_all(registry)
    words = analysis.preload()
    index = registry.search_index
    known = index.recall_terms()
    warm_searcher(index, index.searcher())
    with own_root(db, commit=False) as root:
        engine = engine_for(registry, root['synonyms'],
                            root.get('search_rules'))
        audience = audience_for(None, stamp(registry.clock()))
        for lang, text in QUERIES.items():
            engine.search(Search(text, lang, typing=True), audience)
    index.release()
    searchers = db.getPoolSize()
    index.fill(searchers, partial(warm_searcher, index))
    registry.warm = True
    log.info('warmed up in %.1f s (%d templates; dictionaries: %s; '
             '%d words known; %d searchers)', time.monotonic() - started,
             templates,
             ', '.join(f'{lang} {count}' for lang, count in words.items()),
             known, searchers)


def warm_searcher(index, searcher):
    """Read what every search reads of ``searcher``: the segments'
    vocabularies, its array view, the facets' values and masks, and a
    stored document of each segment (which opens its stored column)."""
    index.vocabulary.segments(searcher)
    facet_counts(index.postings.view(searcher), EMPTY_IDS)
    for sub, _offset in searcher.leaf_searchers():
        if sub.doc_count_all():
            sub.stored_fields(0)


class WarmUp(threading.Thread):
    """Runs :func:`warm` once, in the background."""

    def __init__(self, db, registry):
        super().__init__(name='kb-warmup', daemon=True)
        self.db = db
        self.registry = registry

    def run(self):
        try:
            warm(self.db, self.registry)
        except Exception:
            log.exception('search warm-up failed; the node stays not ready')

    def stop(self):
        """Nothing to interrupt: a search cannot be stopped midway."""
