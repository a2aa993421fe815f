"""What every intranet page shares: rendering (with the
:class:`~kb.i18n.labels.Labels` of the interface language), card
lookup, form errors."""
from kb import security
from kb.cards.remote_contact import contact_for
from kb.errors import NotFoundError
from kb.i18n import _
from kb.i18n.labels import Labels
from kb.layout import render_page
from kb.tickets.desk import VISIT_RE
from kb.views.common import require
from kb.views.intranet.point_switch import point_choices

THEME = 'intranet'


def version_content(request, card_id, number):
    """The content of a card version a ticket is about, or None (the
    card or version is gone)."""
    card = request.root['cards'].get(card_id)
    if card is None or number not in card.versions:
        return None
    return card.versions[number].content


def expert_contact(request, provider, content):
    """How to reach the expert for a remote session on a card version's
    ``content``: the card's own contact, else its provider's
    (:func:`kb.cards.remote_contact.contact_for`)."""
    return contact_for(request.root['providers'][provider].remote,
                       (content or {}).get('remote'))


def card_title(request, card_id, number, lang):
    """(title, its language) of a card version a ticket is about."""
    content = version_content(request, card_id, number)
    if content is None:
        return card_id, None
    texts = content['content']
    code = lang if lang in texts else 'fi' if 'fi' in texts else None
    return (texts[code]['title'], code) if code else (card_id, None)


def render(request, name, status=200, **values):
    """Render an intranet page with the labels and pending messages."""
    values.setdefault('labels', Labels(request.localizer, request.directory))
    values.setdefault('messages', request.session.pop_flash())
    values.setdefault('section', None)
    values.setdefault('title_of', lambda ticket: card_title(
        request, ticket.card, ticket.card_version,
        request.localizer.locale_name))
    values.setdefault('errors', {})
    values.setdefault('error', None)
    values.setdefault('may_handle_tickets', bool(request.has_permission(
        security.TICKETS, request.root)))
    values.setdefault('point_cards_link', point_cards_link(request))
    values.setdefault('point_choices', point_choices(request))
    response = render_page(request, name, theme=THEME, **values)
    response.status_int = status
    return response


def point_cards_link(request):
    """The address of the card list of the point of the user's service
    events, for its manager (None for others)."""
    point = request.root['points'].get(request.point or '')
    if point is None or not request.has_permission(security.POINT_CARDS,
                                                   point):
        return None
    return request.route_path('intranet.point.cards', code=point.code)


def readable_card(request, card_id):
    """(card, live version number) an advisor may read.

    :raises NotFoundError: for unknown, unpublished or hidden cards.
    """
    card = request.root['cards'].get(card_id)
    if card is None:
        raise NotFoundError(_('Not found.'))
    require(request, security.VIEW_INTRANET, card, hide=True)
    number = card.live_number(request.today)
    if number is None:
        raise NotFoundError(_('Not found.'))
    return card, number


def field_errors(request, exc):
    """``field → message`` of a :class:`ValidationError` for showing the
    message beside each field it names."""
    message = request.localizer.translate(exc.message)
    details = exc.details if isinstance(exc.details, list) else []
    return {item['field']: message for item in details}


def visit_param(request):
    """The visit id carried between pages, if it is well formed."""
    visit = request.params.get('visit')
    return visit if visit and VISIT_RE.match(visit) else None
