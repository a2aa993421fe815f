"""A service point's cards, for its manager (and administrators): each
service card with what the point says about it, filterable, each with
the card page's form; and the providers' on-site days at the point."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.clock import stamp
from kb.directory import point_cards
from kb.errors import NotFoundError, ValidationError
from kb.i18n import _
from kb.i18n.formats import WEEKDAYS
from kb.interfaces import IServicePoint
from kb.search.query import point_audience
from kb.search.service import engine
from kb.views.intranet.common import field_errors, render
from kb.views.pages import page_number

#: How many cards a page lists.
PAGE_SIZE = 50
#: The list's filters by what the point says: name → test of an entry.
STATES = {
    'not_offered': lambda local: not local['offered'],
    'onsite': lambda local: local['onsite'],
    'addendum': lambda local: bool(local['addendum']),
}
FILTERS = ('provider', 'state', 'q')


def filters_of(params):
    """The list's filters from ``params`` (unknown values: none)."""
    found = {name: params.get(name, '').strip() for name in FILTERS}
    if found['state'] not in STATES:
        found['state'] = ''
    return found


def listed_cards(request, point, filters):
    """The service cards the point's advisors may find, by title, each
    with the point's word on it (``local``), filtered."""
    wanted = filters['q'].casefold()
    state = STATES.get(filters['state'], lambda local: True)
    found = []
    for item in engine(request).listing(
            ('service',), request.localizer.locale_name,
            point_audience(point.code, stamp(request.now)), limit=None):
        local = point_cards.local_card(point, item['id'])
        if filters['provider'] and item['provider'] != filters['provider']:
            continue
        if wanted in item['title'].casefold() and state(local):
            found.append(dict(item, local=local))
    return found


def point_page(request, status=200, **values):
    """Render the list (also after a form on it had errors: a form
    carries the list's filters and page, and ``request.params`` has
    them)."""
    point = request.context
    filters = filters_of(request.params)
    found = listed_cards(request, point, filters)
    last = max(1, -(-len(found) // PAGE_SIZE))
    page = min(page_number(request), last)
    query = {name: value for name, value in filters.items() if value}

    def link(number):
        return request.route_path('intranet.point.cards', code=point.code,
                                  _query=dict(query, page=number))

    values.setdefault('onsite_form', {})
    values.setdefault('row', None)
    onsite = [(provider.code, point_cards.onsite_days(point, provider.code))
              for provider in request.root['providers'].values()
              if provider.code != 'central']
    return render(
        request, 'point_cards.pt', status=status, section='point_cards',
        point=point,
        filters=filters, query=dict(query, page=page), total=len(found),
        items=found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
        page=page, last=last, previous=link(page - 1) if page > 1 else None,
        next=link(page + 1) if page < last else None, weekdays=WEEKDAYS,
        onsite=onsite, **values)


@view_config(route_name='intranet.point.cards', request_method='GET',
             context=IServicePoint, permission=security.POINT_CARDS)
def point_cards_page(request):
    return point_page(request)


def back(request, anchor):
    """To the list as it was (its filters and page), at ``anchor``."""
    query = {name: request.POST[name] for name in FILTERS + ('page',)
             if request.POST.get(name)}
    return HTTPSeeOther(request.route_path(
        'intranet.point.cards', code=request.context.code, _query=query,
        _anchor=anchor))


@view_config(route_name='intranet.point.card', request_method='POST',
             context=IServicePoint, permission=security.POINT_CARDS)
def keep_point_card(request):
    """One row's form: the card page's form, kept from the list."""
    card_id = request.matchdict['id']
    if card_id not in request.root['cards']:
        raise NotFoundError(_('Not found.'))
    offered, onsite = 'offered' in request.POST, 'onsite' in request.POST
    addendum = request.POST.get('addendum', '')
    try:
        point_cards.set_local_card(request.registry, request.user.name,
                                   request.context, card_id, offered,
                                   addendum, onsite)
    except ValidationError as exc:
        return point_page(request, status=422, row={
            'id': card_id, 'errors': field_errors(request, exc),
            'offered': offered, 'onsite': onsite, 'addendum': addendum})
    request.session.flash(request.localizer.translate(_(
        "Your service point's word on this card was saved.")))
    return back(request, f'card-{card_id}')


@view_config(route_name='intranet.point.onsite', request_method='POST',
             context=IServicePoint, permission=security.POINT_CARDS)
def keep_onsite(request):
    """The on-site days form: every provider's days and hours at once
    (all checked before any is stored)."""
    point = request.context
    providers = [provider.code
                 for provider in request.root['providers'].values()
                 if provider.code != 'central']
    given = {code: (request.POST.getall(f'days-{code}'),
                    request.POST.get(f'hours-{code}', ''))
             for code in providers}
    errors = {}
    for code, (days, hours) in given.items():
        try:
            point_cards.checked_days(days, hours)
        except ValidationError as exc:
            errors.update({f'{field}-{code}': message for field, message
                           in field_errors(request, exc).items()})
    if errors:
        return point_page(request, status=422, onsite_form={
            'errors': errors, 'given': given})
    for code, (days, hours) in given.items():
        point_cards.set_onsite_days(request.registry, request.user.name,
                                    point, code, days, hours)
    request.session.flash(request.localizer.translate(_(
        "The providers' on-site days were saved.")))
    return back(request, 'onsite-title')
