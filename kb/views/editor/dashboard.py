"""The editor's dashboard and the review queue."""
from pyramid.view import view_config

from kb import security
from kb.interfaces import IRoot
from kb.refdata import PROVIDER_ROLES
from kb.views.api import editor
from kb.views.editor import editor_page
from kb.worklists import (
    flag_queue,
    outdated_languages,
    past_review_by,
    provider_cards,
    returned,
    review_queue,
    submitted_at,
)

#: How many published cards the dashboard lists (newest first).
PUBLISHED_SHOWN = 50


def scope(request):
    """The cards the user works on: their provider's, or all."""
    user = request.user
    provider = user.provider if user.role in PROVIDER_ROLES else None
    return [card for card in provider_cards(request.root, provider)
            if request.has_permission(security.VIEW_WORKING, card)]


def card_title(request, card):
    """The newest title in the interface language, else in Finnish,
    else in any language; with the language it is in."""
    texts = card.current_content()['content']
    for lang in (request.localizer.locale_name, 'fi', *sorted(texts)):
        if lang in texts:
            return texts[lang]['title'], lang


def entry(request, card, **extra):
    title, lang = card_title(request, card)
    workflows = request.registry.workflows
    return dict(
        extra, id=card.id, title=title, lang=lang, provider=card.provider,
        state=card.state, workflow=workflows.for_provider(card.provider),
        url=request.route_path('editor.card.edit', id=card.id),
    )


def dashboard_lists(request, cards):
    """The dashboard's lists, each a list of entries."""
    may = request.has_permission
    workflows = request.registry.workflows
    me = request.user.name
    lists = {name: [] for name in (
        'returned', 'drafts', 'in_review', 'outdated')}
    queue = review_queue(cards, may, workflows)
    published = []
    reviewing = {card.id for card in queue}
    for card in cards:
        workflow = workflows.for_provider(card.provider)
        if returned(card, workflow):
            last = card.last_transition
            lists['returned'].append(entry(
                request, card, comment=last['comment'], actor=last['actor'],
                time=last['time']))
        elif card.working is not None and card.state == workflow.initial:
            if card.versions[card.head].author == me:
                lists['drafts'].append(entry(request, card))
        elif card.working is not None and card.id not in reviewing:
            lists['in_review'].append(entry(
                request, card, time=submitted_at(card)))
        if card.published is not None and \
                workflow.live_state(card).stage == 'live':
            published.append(card)
        languages = outdated_languages(card)
        if languages:
            lists['outdated'].append(entry(request, card,
                                           languages=languages))
    lists['to_review'] = [
        entry(request, card, time=submitted_at(card))
        for card in queue]
    lists['past_review_by'] = [
        entry(request, card, review_by=review_by)
        for card, review_by in past_review_by(
            cards, may, editor(request).today.isoformat())]
    lists['flagged'] = flagged(request, cards)
    # NB: the one list that grows with the whole database; the central
    # editor would otherwise get every published card on one page.
    published.sort(key=lambda card: card.versions[card.published].created,
                   reverse=True)
    lists['published_total'] = len(published)
    lists['published'] = [entry(request, card)
                          for card in published[:PUBLISHED_SHOWN]]
    return lists


def flagged(request, cards):
    """Cards with open flags from advisors, most flagged first."""
    visible = {card.id: card for card in cards}
    by_card = {}
    for flag in flag_queue(request.root['tickets'], request.user):
        if flag.card in visible:
            by_card.setdefault(flag.card, []).append(flag)
    found = [entry(request, visible[card_id], flags=flags)
             for card_id, flags in by_card.items()]
    found.sort(key=lambda item: -len(item['flags']))
    return found


@view_config(route_name='editor.dashboard', context=IRoot,
             permission=security.EDITING)
def dashboard(request):
    return editor_page(request, 'dashboard.pt',
                       lists=dashboard_lists(request, scope(request)))


@view_config(route_name='editor.review', context=IRoot,
             permission=security.REVIEWING)
def review(request):
    """The cards waiting for this user's review, oldest first: every
    provider's for the central editor, their own for a reviewer."""
    workflows = request.registry.workflows
    queue = [
        entry(request, card, time=submitted_at(card),
              actor=(card.last_transition or {}).get('actor'))
        for card in review_queue(scope(request), request.has_permission,
                                 workflows)]
    return editor_page(request, 'review.pt', queue=queue)
