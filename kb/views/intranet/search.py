"""The advisor's search page: suggestions, results, facets, paging,
and today's open tickets."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.clock import stamp
from kb.errors import KBError, ValidationError
from kb.i18n import _
from kb.i18n.labels import Labels
from kb.interfaces import IRoot
from kb.search import pairs
from kb.search.query import Search, audience_for
from kb.search.service import QUERY_MAX, check_filters, run_search
from kb.tickets.desk import desk_of
from kb.views.common import int_param
from kb.views.intranet.common import (
    field_errors,
    render,
    visit_param,
)

PAGE_SIZE = 10
#: URL parameter → search filter, in the order the facets are shown.
FACETS = (('provider', 'provider'), ('kind', 'kind'),
          ('channel', 'channel'), ('life_event', 'life_event'),
          ('language', 'lang'))
FACET_TITLES = {
    'provider': _('Provider'),
    'kind': _('Kind'),
    'channel': _('Channel'),
    'life_event': _('Life event'),
    'language': _('Language'),
}


@view_config(route_name='intranet.home', context=IRoot,
             permission=security.INTRANET)
def home(request):
    return HTTPSeeOther(request.route_path('intranet.search'))


@view_config(route_name='intranet.search', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def search_page(request):
    params = request.params
    text = params.get('q', '').strip()
    chosen = {param: params.get(param) or None for param, _name in FACETS}
    result, errors, status = None, {}, 200
    offset = 0
    if len(text) > QUERY_MAX:
        errors['q'] = request.localizer.translate(_(
            'Give a search text of 1 to ${max} characters.',
            mapping={'max': QUERY_MAX}))
        status = 422
    elif text:
        try:
            offset = int_param(request, 'offset', 0, 0, 1000)
            filters = check_filters(
                {name: chosen[param] for param, name in FACETS},
                request.directory)
            result = run_search(request, Search(
                text, request.localizer.locale_name, filters, PAGE_SIZE,
                offset, typing=True), audience_for(
                    request.user, stamp(request.now), request.point))
        except ValidationError as exc:
            errors = field_errors(request, exc)
            status = 422
        else:
            pairs.remember(request, result)
            link_results(request, result)
    return render(
        request, 'search.pt', status=status, section='search', q=text,
        result=result, errors=errors, offset=offset, page_size=PAGE_SIZE,
        visit=visit_param(request),
        facets=facet_links(request, result, chosen) if result else [],
        pages=page_links(request, result, offset) if result else {},
        tickets=todays_tickets(request), after=finished_ticket(request))


def link_results(request, result):
    """Give each card result its card page address, which records the
    opening for the search analytics and carries the visit on."""
    visit = visit_param(request)
    for hit in result['results']:
        if hit['kind'] != 'notice':
            query = {'lang': hit['lang'], 'from': result['query_id']}
            if visit:
                query['visit'] = visit
            hit['href'] = request.route_path('intranet.card', id=hit['id'],
                                             _query=query)


def _search_path(request, **changes):
    """This search's URL with some parameters changed (None: removed);
    a new filter or query starts from the first page."""
    query = {key: value for key, value in request.params.items()
             if key in ('q', 'visit', 'offset') + tuple(p for p, _n in FACETS)
             and value}
    query.update(changes)
    return request.route_path('intranet.search', _query={
        key: value for key, value in query.items() if value is not None})


def facet_links(request, result, chosen):
    """Facets as lists of links that set or clear a filter."""
    named = Labels(request.localizer, request.directory)
    facets = []
    for param, name in FACETS:
        counts = result['facets'].get(name, {})
        label = getattr(named, param)  # NB: a Labels method per facet
        values = [
            {'code': code, 'label': label(code), 'count': count,
             'active': chosen[param] == code,
             'href': _search_path(request, **{
                 param: None if chosen[param] == code else code,
                 'offset': None})}
            for code, count in sorted(counts.items(),
                                      key=lambda item: (-item[1], item[0]))
        ]
        if values:
            facets.append({'param': param, 'values': values,
                           'title': request.localizer.translate(
                               FACET_TITLES[param])})
    return facets


def page_links(request, result, offset):
    """Previous and next page links, where there are such pages."""
    links = {}
    if offset > 0:
        links['previous'] = _search_path(
            request, offset=str(max(0, offset - PAGE_SIZE)))
    if offset + PAGE_SIZE < result['total']:
        links['next'] = _search_path(request, offset=str(offset + PAGE_SIZE))
    return links


def todays_tickets(request):
    """The advisor's open tickets of today (none for others)."""
    if not request.has_permission(security.TICKETS, request.root):
        return []
    return desk_of(request).open_today()


def finished_ticket(request):
    """The ticket just closed or cancelled (``?after=``), to confirm it
    and to offer another card for the same customer."""
    ticket_id = request.params.get('after')
    if not ticket_id or not request.has_permission(security.TICKETS,
                                                   request.root):
        return None
    try:
        return desk_of(request).get(ticket_id)
    except KBError:
        return None
