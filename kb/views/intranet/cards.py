"""The advisor's card page."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import markdown, refdata, security
from kb.cards.notices import notices_in_force
from kb.cards.versioning import freshness
from kb.clock import stamp
from kb.directory import point_cards
from kb.errors import ForbiddenError, NotFoundError, ValidationError
from kb.i18n import _
from kb.i18n.formats import Formatter
from kb.i18n.labels import link_label, suorite_names, text_in
from kb.interfaces import IRoot
from kb.search import pairs
from kb.tickets.desk import FLAG_REASONS, GUIDE_KINDS
from kb.views.intranet.common import (
    expert_contact,
    field_errors,
    readable_card,
    render,
    visit_param,
)

#: Card texts rendered from Markdown, in the order shown.
MARKDOWN_TEXTS = ('description', 'user_instructions')


@view_config(route_name='intranet.card', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def card_view(request):
    card, number = readable_card(request, request.matchdict['id'])
    record_opened(request, card)
    return card_page(request, card, number)


def record_opened(request, card):
    """A result opened from the search page (``?from=<query id>``)
    counts for the search analytics, as ``/api/v1/search/opened``; any
    card opened soon after a search pairs with it (:mod:`kb.search.pairs`,
    found or not)."""
    pairs.record(request, card.id, 'opened')
    try:
        query_id = int(request.params.get('from', ''))
    except ValueError:
        return
    request.root['search_log'].open(query_id, card.id)


def card_page(request, card, number, status=200, **values):
    """Render the card page (also after a form on it had errors)."""
    content = card.versions[number].content
    texts = content['content']
    wanted = request.params.get('lang') or request.localizer.locale_name
    lang = text_in(texts, wanted)
    shown = texts[lang]
    instructed = {code: t for code, t in texts.items()
                  if t.get('advisor_instructions')}
    advisor_lang = text_in(instructed, lang) if instructed else None
    form = values.pop('form', {})
    point = user_point(request)
    local = point_cards.local_card(point, card.id) if point else None
    onsite = point_cards.onsite_days(point, card.provider) if point else None
    local_form = values.pop('local_form', {})
    values.setdefault('flag_form', {})
    visit = visit_param(request) or request.POST.get('visit')
    return render(
        request, 'card.pt', status=status, card=card, content=content,
        freshness=freshness(card, number, lang, Formatter(
            request.localizer.locale_name)),
        lang=lang, missing=wanted if wanted != lang else None,
        texts=shown, html={key: markdown.render(shown[key],
                                                suorite_names(lang))
                           for key in MARKDOWN_TEXTS if shown.get(key)},
        advisor_lang=advisor_lang,
        advisor_html=markdown.render(
            texts[advisor_lang]['advisor_instructions'],
            suorite_names(advisor_lang))
        if advisor_lang else None,
        languages=sorted(texts), links=[
            (link['url'], link_label(link, lang))
            for link in content.get('links') or ()],
        notices=card_notices(request, card, lang),
        package=package_cards(request, content, lang),
        guide=content.get('kind') in GUIDE_KINDS,
        visit=visit, href=lambda card_id, code: request.route_path(
            'intranet.card', id=card_id,
            _query=dict(lang=code, **({'visit': visit} if visit else {}))),
        reasons=FLAG_REASONS, service_languages=refdata.LANGUAGES,
        remote=expert_contact(request, card.provider, content),
        local=local, may_keep_local=point is not None and bool(
            request.has_permission(security.POINT_CARDS, point)),
        local_form=dict(local or {}, **local_form),
        onsite=onsite, absent=bool(
            local and local['onsite'] and not point_cards.on_site(
                point, card.provider, request.today)),
        open_form={
            'channel': form.get('channel') or default_channel(content),
            'lang': form.get('lang') or lang,
            'note': form.get('note', ''),
            'point': form.get('point'),
        }, **values)


def user_point(request):
    """The service point of the user's service events (None: of no
    point)."""
    return request.root['points'].get(request.point or '')


@view_config(route_name='intranet.card.local', request_method='POST',
             context=IRoot, permission=security.INTRANET)
def keep_local(request):
    """The point manager's form on the card page: whether the service is
    offered at their point, whether only when the provider's own clerk is
    there, and the point's addendum. The form names its point (``?point=``),
    so that a switch of point in another tab cannot move the word to
    another point."""
    card, number = readable_card(request, request.matchdict['id'])
    code = request.GET.get('point', request.point)
    point = request.root['points'].get(code) if isinstance(code, str) \
        else None
    if point is None or not request.has_permission(security.POINT_CARDS,
                                                   point):
        raise ForbiddenError(_('You may not do this.'))
    offered, onsite = 'offered' in request.POST, 'onsite' in request.POST
    addendum = request.POST.get('addendum', '')
    try:
        point_cards.set_local_card(request.registry, request.user.name,
                                   point, card.id, offered, addendum, onsite)
    except ValidationError as exc:
        return card_page(request, card, number, status=422, local_form={
            'errors': field_errors(request, exc), 'offered': offered,
            'onsite': onsite, 'addendum': addendum})
    request.session.flash(request.localizer.translate(_(
        "Your service point's word on this card was saved.")))
    return HTTPSeeOther(request.route_path('intranet.card', id=card.id))


def card_notices(request, card, lang):
    """Notices in force of the card's provider at the advisor's point
    (those naming cards only where they name this one)."""
    found = notices_in_force(request.root, stamp(request.now),
                             provider=card.provider,
                             point=request.point)
    result = []
    for notice in found:
        if notice.cards and card.id not in notice.cards:
            continue
        code = text_in(notice.texts, lang)
        result.append({'notice': notice, 'lang': code,
                       'title': notice.texts[code]['title'],
                       'body': notice.texts[code]['body']})
    return result


def default_channel(content):
    """The channel a new ticket on a card starts with: the counter if
    the card offers it, else its first (None if it offers none)."""
    channels = content.get('channels') or []
    return 'counter' if 'counter' in channels else \
        channels[0] if channels else None


def package_cards(request, content, lang):
    """A service package's cards in its order, leaving out any the
    advisor cannot read: each one's id, title and its language, and the
    channel a ticket on it starts with (None: it has no tickets)."""
    found = []
    for card_id in content.get('cards') or ():
        try:
            card, number = readable_card(request, card_id)
        except NotFoundError:  # NB: a listed card may be retired
            continue
        member = card.versions[number].content
        code = text_in(member['content'], lang)
        found.append({'id': card_id, 'title': member['content'][code][
            'title'], 'lang': code, 'channel': default_channel(member)
            if member.get('kind') not in GUIDE_KINDS else None})
    return found
