"""Tickets from the intranet: "Use this card" opens one; the ticket
panel resolves, closes or cancels it; "Flag this card" sends a flag.
Every form posts, then redirects; a refused form is shown again with
the message beside its field."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.errors import StateConflictError, ValidationError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.search import pairs
from kb.tickets.desk import FLAG_REASONS, OUTCOMES, desk_of, offered_suoritteet
from kb.views.intranet.cards import card_page
from kb.views.intranet.common import (
    card_title,
    expert_contact,
    field_errors,
    readable_card,
    render,
    version_content,
)


def ticket_view(route, method='POST'):
    return view_config(route_name=route, request_method=method,
                       context=IRoot, permission=security.TICKETS)


@ticket_view('intranet.tickets')
def open_ticket(request):
    post = request.POST
    card_id = post.get('card', '')
    try:
        ticket = desk_of(request).open(
            card_id, post.get('channel'), post.get('lang'),
            post.get('visit') or None, post.get('note') or None,
            post.get('point') or None)
    except ValidationError as exc:
        card, number = readable_card(request, card_id)
        return card_page(request, card, number, status=422,
                         errors=field_errors(request, exc),
                         error=request.localizer.translate(exc.message),
                         form=post)
    pairs.record(request, ticket.card, 'used')
    return HTTPSeeOther(request.route_path('intranet.ticket', id=ticket.id))


@ticket_view('intranet.tickets', method='GET')
def my_tickets(request):
    return render(request, 'tickets.pt', section='tickets',
                  tickets=desk_of(request).open_today())


@ticket_view('intranet.ticket', method='GET')
def ticket_view_page(request):
    return ticket_page(request, desk_of(request).get(request.matchdict['id']))


def ticket_page(request, ticket, status=200, **values):
    """Render the ticket panel (also after a form on it failed)."""
    title, title_lang = card_title(request, ticket.card,
                                   ticket.card_version,
                                   request.localizer.locale_name)
    form = values.setdefault('form', {})
    values.setdefault('flag_form', {})
    offered = offered_suoritteet(ticket)
    chosen = form.get('suorite') or ticket.suorite or (
        offered[0] if len(offered) == 1 else None)
    # NB: an open ticket's panel starts in the performance types, so
    # that the number keys and Enter work at once
    focused = (chosen or (offered[0] if offered else None)) \
        if ticket.state == 'open' else None
    # NB: a remote session's links at hand while the ticket is worked on
    remote = expert_contact(request, ticket.provider, version_content(
        request, ticket.card, ticket.card_version)) \
        if ticket.channel == 'remote' else {}
    return render(request, 'ticket.pt', status=status, ticket=ticket,
                  title=title, title_lang=title_lang, suoritteet=offered,
                  chosen=chosen, focused=focused, remote=remote,
                  chosen_outcome=form.get('outcome') or ticket.outcome
                  or 'resolved', outcomes=OUTCOMES, reasons=FLAG_REASONS,
                  **values)


def _step(request, step, *args):
    """Run a lifecycle step on the ticket of the URL.

    :returns: (ticket, None), or (ticket, the panel shown again with the
        message) when the step was refused (422 or 409).
    """
    acting = desk_of(request)
    ticket = acting.get(request.matchdict['id'])
    try:
        getattr(acting, step)(ticket, *args)
    except (ValidationError, StateConflictError) as exc:
        errors = field_errors(request, exc) if isinstance(
            exc, ValidationError) else {}
        return ticket, ticket_page(
            request, ticket, status=exc.status, errors=errors,
            form=request.POST,
            error=request.localizer.translate(exc.message))
    return ticket, None


@ticket_view('intranet.ticket.resolve')
def resolve_ticket(request):
    ticket, refused = _step(request, 'resolve', request.POST.get('suorite'),
                            request.POST.get('outcome'))
    return refused or HTTPSeeOther(
        request.route_path('intranet.ticket', id=ticket.id))


def _finish(request, step, *args):
    ticket, refused = _step(request, step, *args)
    return refused or HTTPSeeOther(request.route_path(
        'intranet.search', _query={'after': ticket.id}))


@ticket_view('intranet.ticket.close')
def close_ticket(request):
    return _finish(request, 'close', request.POST.get('rating') or None,
                   request.POST.get('feedback') or None)


@ticket_view('intranet.ticket.cancel')
def cancel_ticket(request):
    return _finish(request, 'cancel')


@ticket_view('intranet.card.flag')
def flag_card(request):
    card, number = readable_card(request, request.matchdict['id'])
    post = request.POST
    ticket = post.get('ticket') or None
    try:
        desk_of(request).flag(card, post.get('reason'),
                              post.get('comment') or None, ticket)
    except ValidationError as exc:
        flag_form = {'errors': field_errors(request, exc),
                     'reason': post.get('reason'),
                     'comment': post.get('comment', '')}
        if ticket:
            return ticket_page(request, desk_of(request).get(ticket),
                               status=422, flag_form=flag_form)
        return card_page(request, card, number, status=422,
                         flag_form=flag_form)
    request.session.flash(request.localizer.translate(_(
        'Thank you. The flag was sent to the provider\'s editors.')))
    target = request.route_path('intranet.ticket', id=ticket) if ticket \
        else request.route_path('intranet.card', id=card.id)
    return HTTPSeeOther(target)
