"""Ticket log API: open, resolve, close, cancel; flags; card signals."""
from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config

from kb import refdata, security
from kb.cards.worklists import flag_queue
from kb.clock import local
from kb.errors import ValidationError
from kb.i18n import _
from kb.interfaces import ICard, IRoot
from kb.search import pairs
from kb.tickets.desk import close_flag, desk_of, offered_suoritteet
from kb.tickets.reports import aggregate, card_feedback
from kb.views.common import json_body, require

OPEN_KEYS = ('point', 'card', 'channel', 'lang', 'visit', 'note')


def describe(ticket):
    def moment(stamp):
        return local(stamp).isoformat() if stamp else None

    return {
        'id': ticket.id, 'point': ticket.point, 'advisor': ticket.advisor,
        'provider': ticket.provider, 'card': ticket.card,
        'card_version': ticket.card_version, 'channel': ticket.channel,
        'lang': ticket.lang, 'visit': ticket.visit, 'note': ticket.note,
        'state': ticket.state, 'suorite': ticket.suorite,
        'outcome': ticket.outcome,
        'allowed_suoritteet': offered_suoritteet(ticket),
        'opened': moment(ticket.opened), 'resolved': moment(ticket.resolved),
        'closed': moment(ticket.closed),
        'cancelled': moment(ticket.cancelled),
        'unit_price_eur': ticket.unit_price,
        'rating': ticket.rating, 'feedback': ticket.feedback,
    }


@view_config(route_name='api.tickets', request_method='POST', context=IRoot,
             renderer='json', permission=security.AUTHENTICATED)
def open_ticket(request):
    body = json_body(request, allowed=OPEN_KEYS,
                     required=('card', 'channel', 'lang'))
    ticket = desk_of(request).open(
        body['card'], body['channel'], body['lang'], body.get('visit'),
        body.get('note'), body.get('point'))
    pairs.record(request, ticket.card, 'used')
    response = HTTPCreated(location=request.route_url('api.ticket',
                                                      id=ticket.id))
    response.content_type = 'application/json'
    response.json_body = describe(ticket)
    return response


@view_config(route_name='api.tickets', request_method='GET', context=IRoot,
             renderer='json', permission=security.AUTHENTICATED)
def list_tickets(request):
    """Open tickets of a point (default: the caller's chosen or home
    point); ``stale=1``: those left open past the day they were opened
    (for the point manager)."""
    point = request.params.get('point') or request.point
    require(request, security.POINT_TICKETS,
            request.root['points'].get(point) or request.root)
    if not refdata.is_code(point, request.directory.points):
        raise ValidationError(_('Unknown service point "${code}".',
                                mapping={'code': str(point)}),
                              details=[{'field': 'point', 'message': ''}])
    acting = desk_of(request)
    if request.params.get('stale'):
        found = acting.open_past_day(point)
    else:
        found = [t for bucket in acting.store.months(point)
                 for t in bucket.tickets.values()
                 if t.state in ('open', 'resolved')]
    return {'point': point, 'items': [describe(t) for t in found]}


@view_config(route_name='api.ticket', request_method='GET', context=IRoot,
             renderer='json', permission=security.AUTHENTICATED)
def get_ticket(request):
    return describe(desk_of(request).get(request.matchdict['id']))


def _step(route):
    return view_config(route_name=route, request_method='POST',
                       context=IRoot, renderer='json',
                       permission=security.AUTHENTICATED)


def _act(request, step, *args):
    """Run one lifecycle step on the ticket of the URL."""
    acting = desk_of(request)
    ticket = acting.get(request.matchdict['id'])
    getattr(acting, step)(ticket, *args)
    return describe(ticket)


@_step('api.ticket.resolve')
def resolve_ticket(request):
    body = json_body(request, allowed=('suorite', 'outcome'),
                     required=('suorite', 'outcome'))
    return _act(request, 'resolve', body['suorite'], body['outcome'])


@_step('api.ticket.close')
def close_ticket(request):
    """Close, with the customer's optional rating and feedback."""
    body = json_body(request, allowed=('rating', 'feedback')) \
        if request.body else {}
    return _act(request, 'close', body.get('rating'), body.get('feedback'))


@_step('api.ticket.cancel')
def cancel_ticket(request):
    return _act(request, 'cancel')


def describe_flag(flag):
    return {'id': flag.id, 'card': flag.card, 'provider': flag.provider,
            'reason': flag.reason, 'comment': flag.comment,
            'author': flag.author, 'point': flag.point,
            'created': local(flag.created).isoformat(),
            'ticket': flag.ticket, 'state': flag.state,
            'resolution': flag.resolution}


@view_config(route_name='api.card.flags', request_method='POST',
             context=ICard, renderer='json', permission=security.VIEW,
             hide_without=security.VIEW)
def flag_card(context, request):
    require(request, security.AUTHENTICATED, request.root)
    body = json_body(request, allowed=('reason', 'comment', 'ticket'),
                     required=('reason',))
    flag = desk_of(request).flag(context, body['reason'],
                                 body.get('comment'), body.get('ticket'))
    request.response.status_int = 201
    return describe_flag(flag)


@view_config(route_name='api.card.flags', request_method='GET',
             context=ICard, renderer='json',
             permission=security.VIEW_HISTORY,
             hide_without=security.VIEW_HISTORY)
def card_flags(context, request):
    return {'card': context.id, 'items': [
        describe_flag(f) for f in request.root['tickets'].open_flags(context)]}


@view_config(route_name='api.flags', request_method='GET', context=IRoot,
             renderer='json', permission=security.ANALYTICS)
def provider_flags(request):
    """The caller's provider's queue of flags (all for the central
    editor), open ones unless ``state=all``."""
    everything = request.params.get('state') == 'all'
    return {'items': [
        describe_flag(f) for f in flag_queue(
            request.root['tickets'], request.user, everything)]}


@view_config(route_name='api.flag', request_method='POST', context=IRoot,
             renderer='json', permission=security.ANALYTICS)
def resolve_flag(request):
    body = json_body(request, allowed=('resolution',),
                     required=('resolution',))
    return describe_flag(close_flag(
        request.root['tickets'], request.user, request.matchdict['provider'],
        request.matchdict['id'], body['resolution'],
        request.registry.notify))


@view_config(route_name='api.card.signals', request_method='GET',
             context=ICard, renderer='json',
             permission=security.VIEW_HISTORY,
             hide_without=security.VIEW_HISTORY)
def card_signals(context, request):
    """How often a card was used, with what outcome, and its median
    handling time (all points, all time)."""
    totals = aggregate(request.root['tickets'], None, None,
                       provider=context.provider)
    outcomes = {}
    uses = 0
    for key, n in totals.counts.items():
        if key[0] == 'outcome' and key[3] == context.id:
            outcomes[key[4]] = outcomes.get(key[4], 0) + n
            uses += n
    return {
        'card': context.id, 'uses': uses, 'outcomes': outcomes,
        'closed': totals.stats(('service', context.id), 'closed'),
        'resolved': totals.stats(('service', context.id), 'resolved'),
        'open_flags': len(request.root['tickets'].open_flags(context)),
        'feedback': card_feedback(totals, context.id),
    }
