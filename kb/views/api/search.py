"""Search API: results, suggestions, opened results, analytics,
synonyms."""
from pyramid.view import view_config

from kb import refdata, security
from kb.clock import stamp, to_nanos
from kb.errors import NotFoundError, ValidationError, check_filter
from kb.i18n import _
from kb.interfaces import IRoot
from kb.registry_cache import registry_cached
from kb.search import synonyms as synonym_list
from kb.search.query import LANGS, Engine, Search, audience_for
from kb.views.api.common import int_param, json_body

QUERY_MAX = 200
DAY_NS = 86_400 * 10 ** 9
REPORT_MAX = 500


def engine(request):
    """An :class:`Engine` with the current synonym lookup (cached per
    synonym list version)."""
    registry = request.registry
    current = request.root['synonyms']
    lookup = registry_cached(registry, 'synonym_lookup', current.version,
                  lambda: synonym_list.lookup(current.groups))
    return Engine(registry.search_index, lookup)


def now_iso(request):
    return stamp(request.now)


def query_params(request):
    text = request.params.get('q', '')
    if not text.strip() or len(text) > QUERY_MAX:
        raise ValidationError(
            _('Give a search text of 1 to ${max} characters.',
              mapping={'max': QUERY_MAX}),
            details=[{'field': 'q', 'message': ''}])
    lang = request.params.get('lang') or 'fi'
    check_filter(lang, LANGS, 'lang')
    return text, lang


#: Facet filters a search accepts, with their valid codes.
FILTER_CODES = {
    'provider': refdata.providers,
    'channel': lambda: refdata.CHANNELS,
    'life_event': refdata.life_events,
    'kind': lambda: refdata.KINDS + ('notice',),
    'lang': lambda: LANGS,
}


def check_filters(filters):
    """Facet filters (name → code or None), validated.

    :raises ValidationError: for an unknown code.
    """
    for name, value in filters.items():
        check_filter(value, FILTER_CODES[name](), name)
    return filters


def search_filters(params):
    """The facet filters of a search request, validated."""
    return check_filters({name: params.get(name) for name in (
        'provider', 'channel', 'life_event', 'kind')})


def run_search(request, search, audience):
    """Run ``search`` for ``audience`` and log the query for the search
    analytics; the result dict of the API, with its ``query_id`` (for
    recording which result was opened)."""
    result = engine(request).search(search, audience)
    top = result['results'][0]['provider'] if result['results'] else None
    query_id = request.root['search_log'].log(
        search.text, search.lang, audience.name, audience.point,
        search.filters.get('provider') or top, result['total'])
    return dict(result, query_id=query_id, q=search.text, lang=search.lang,
                offset=search.offset, limit=search.limit)


@view_config(route_name='api.search', request_method='GET', context=IRoot,
             renderer='json', permission=security.NO_PERMISSION_REQUIRED)
def search(request):
    text, lang = query_params(request)
    filters = search_filters(request.params)
    limit = int_param(request, 'limit', 10, 1, 50)
    offset = int_param(request, 'offset', 0, 0, 1000)
    audience = audience_for(request.user, now_iso(request))
    return run_search(request, Search(text, lang, filters, limit, offset,
                                      typing=True), audience)


@view_config(route_name='api.search.suggest', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def suggest(request):
    text, lang = query_params(request)
    audience = audience_for(request.user, now_iso(request))
    return {'q': text, 'suggestions': engine(request).suggest(
        text, lang, audience)}


@view_config(route_name='api.search.opened', request_method='POST',
             context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def opened(request):
    body = json_body(request, allowed=('query_id', 'card'),
                     required=('query_id', 'card'))
    query_id, card = body['query_id'], body['card']
    if not isinstance(query_id, int) or not isinstance(card, str) or (
        isinstance(query_id, bool)
    ):
        raise ValidationError(_('The request has errors.'), details=[
            {'field': 'query_id', 'message': str(query_id)}])
    if not request.root['search_log'].open(query_id, card):
        raise NotFoundError(_('Not found.'))
    return {'query_id': query_id, 'card': card}


def analytics_report(request, report, lang=None, days=30):
    """The ``zero`` or ``unopened`` query groups of the last ``days``
    days that the user may see: their provider's, or all for the central
    editor; at most :data:`REPORT_MAX`, most frequent first."""
    user = request.user
    providers = None if user.role == 'central_editor' else {user.provider}
    since = to_nanos(request.now) - days * DAY_NS
    items = request.root['search_log'].report(report, since, lang,
                                              providers)
    return items[:REPORT_MAX]


@view_config(route_name='api.search.analytics', request_method='GET',
             context=IRoot, renderer='json', permission=security.ANALYTICS)
def analytics(request):
    """Zero-result and unopened queries: the caller's provider's, or all
    for the central editor."""
    report = request.params.get('report', 'zero')
    check_filter(report, ('zero', 'unopened'), 'report')
    lang = request.params.get('lang')
    check_filter(lang, LANGS, 'lang')
    days = int_param(request, 'days', 30, 1, 3650)
    return {'report': report, 'days': days,
            'items': analytics_report(request, report, lang, days)}


@view_config(route_name='api.synonyms', request_method='GET', context=IRoot,
             renderer='json', permission=security.NO_PERMISSION_REQUIRED)
def get_synonyms(request):
    return synonym_list.describe(request.root['synonyms'])


@view_config(route_name='api.synonyms', request_method='PUT', context=IRoot,
             renderer='json', permission=security.SYNONYMS)
def put_synonyms(request):
    body = json_body(request, allowed=('base_version', 'groups'),
                     required=('base_version', 'groups'))
    groups = synonym_list.validate_groups(body['groups'])
    current = request.root['synonyms']
    current.replace(groups, body['base_version'])
    return synonym_list.describe(current)
