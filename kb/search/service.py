"""Searching for a request's user: the engine with the current
synonyms, the facet filters a search accepts, and running a search with
its entry in the search log. Shared by the search API and the public and
intranet search pages."""
from dataclasses import replace

from kb import refdata, security
from kb.clock import to_nanos
from kb.directory.point_cards import unavailable
from kb.errors import check_filter
from kb.registry_cache import registry_cached
from kb.search import everyday, situations
from kb.search import synonyms as synonym_list
from kb.search.query import LANGS, Engine

QUERY_MAX = 200
DAY_NS = 86_400 * 10 ** 9
REPORT_MAX = 500


def engine(request):
    """An :class:`Engine` with the current synonyms and learned words."""
    return engine_for(request.registry, request.root['synonyms'],
                      request.root.get('search_rules'))


def engine_for(registry, current, learned=None):
    """An :class:`Engine` with the lookup of the synonym list
    ``current`` on the everyday words (:mod:`kb.search.everyday`) and
    the ``learned`` ones (None, or an object with ``version`` and
    ``rows()`` giving ``(lang, everyday, target)``), cached per version
    of both; also for searching outside a request (the warm-up,
    :mod:`kb.runtime.warmup`, and the benchmarks)."""
    synonyms, expansions = registry_cached(
        registry, 'synonym_lookup',
        (current.version, getattr(learned, 'version', None)),
        lambda: (synonym_list.lookup(current.groups),
                 everyday.expansions(learned)))
    return Engine(registry.search_index, synonyms, expansions,
                  situations.shipped())


#: Facet filters a search accepts, with their valid codes (and
#: ``provider``, with the directory's).
FILTER_CODES = {
    'channel': lambda: refdata.CHANNELS,
    'life_event': refdata.life_events,
    'kind': lambda: refdata.KINDS + ('notice',),
    'lang': lambda: LANGS,
}


def check_filters(filters, directory):
    """Facet filters (name → code or None), validated.

    :param directory: the :class:`~kb.directory.tables.Directory` that
        knows the providers.
    :raises ValidationError: for an unknown code.
    """
    codes = dict(FILTER_CODES, provider=lambda: directory.providers)
    for name, value in filters.items():
        check_filter(value, codes[name](), name)
    return filters


def search_filters(params, directory):
    """The facet filters of a search request, validated."""
    return check_filters({name: params.get(name) for name in (
        'provider', 'channel', 'life_event', 'kind')}, directory)


def run_search(request, search, audience):
    """Run ``search`` for ``audience`` and log the query for the search
    analytics; the result dict of the API, with its ``query_id`` (for
    recording which result was opened). For an advisor's point each
    result says whether the point offers it today (``offered_here``;
    those it does not are ranked last)."""
    point = request.root['points'].get(audience.point or '')
    if point is not None:
        audience = replace(audience, later=frozenset(unavailable(
            point, request.root['cards'], request.today)))
    with request.registry.metrics.searches.time():
        result = engine(request).search(search, audience)
    top = result['results'][0]['provider'] if result['results'] else None
    query_id = request.root['search_log'].log(
        search.text, search.lang, audience.name, audience.point,
        search.filters.get('provider') or top, result['total'])
    if point is not None:
        # NB: ranked last, and said so: not offered at the point today
        for hit in result['results']:
            hit['offered_here'] = hit['id'] not in audience.later
    return dict(result, query_id=query_id, q=search.text, lang=search.lang,
                offset=search.offset, limit=search.limit)


def analytics_report(request, report, lang=None, days=30):
    """The ``zero`` or ``unopened`` query groups of the last ``days``
    days that the user may see: their provider's, or all for the central
    editor; at most :data:`REPORT_MAX`, most frequent first."""
    own = security.own_provider(request.user)
    providers = None if own is None else {own}
    since = to_nanos(request.now) - days * DAY_NS
    items = request.root['search_log'].report(report, since, lang,
                                              providers)
    return items[:REPORT_MAX]
