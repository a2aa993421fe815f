"""The editor's dashboard, its lists a page at a time, and the review
queue.

Every list comes from :mod:`kb.cards.worklists` (the summary kept by event
subscribers), so a page reads only the cards it shows.
"""
import itertools

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from kb import security
from kb.cards.worklists import (
    drafts,
    flagged_cards,
    in_review,
    outdated_languages,
    past_review_by,
    published_page,
    review_queue,
    scope_for,
    submitted_at,
    work_list,
)
from kb.i18n.labels import text_in
from kb.interfaces import IRoot
from kb.views.editor import editor_page
from kb.views.pages import page_number

#: How many entries each dashboard list shows before "show all".
SHOWN = 20
#: How many entries a page of a whole list shows.
PAGE_SIZE = 50


def card_title(request, card):
    """The newest title in the interface language, else in Finnish,
    else in any language; with the language it is in."""
    texts = card.current_content()['content']
    lang = text_in(texts, request.localizer.locale_name)
    return texts[lang]['title'], lang


def entry(request, card, **extra):
    title, lang = card_title(request, card)
    workflows = request.registry.workflows
    return dict(
        extra, id=card.id, title=title, lang=lang, provider=card.provider,
        state=card.state, workflow=workflows.for_provider(card.provider),
        url=request.route_path('editor.card.edit', id=card.id),
    )


def returned_entry(request, card, _key=None):
    last = card.last_transition
    return entry(request, card, comment=last['comment'],
                 actor=last['actor'], time=last['time'])


def plain_entry(request, card, _key=None):
    return entry(request, card)


def waiting_entry(request, card, _key=None):
    return entry(request, card, time=submitted_at(card))


def review_by_entry(request, card, review_by):
    return entry(request, card, review_by=review_by)


def outdated_entry(request, card, _key=None):
    return entry(request, card, languages=outdated_languages(card))


def list_sources(request):
    """Each pageable list: ``name → (cards, entry maker)``, where cards
    is a lazy iterable of ``(card, sort key)``."""
    root, user, may = request.root, request.user, request.has_permission
    scope = scope_for(user)
    today = request.today.isoformat()
    return {
        'returned': (work_list(root, 'returned', scope, may),
                     returned_entry),
        'drafts': (drafts(root, user, may), plain_entry),
        'in_review': (((card, None) for card in in_review(root, scope, may)),
                      waiting_entry),
        'past_review_by': (past_review_by(root, scope, may, today),
                           review_by_entry),
        'outdated': (work_list(root, 'outdated', scope, may),
                     outdated_entry),
    }


def first(request, cards, make, start, count):
    """Entries ``start`` to ``start + count`` of a lazy list, and whether
    there are more after them."""
    chosen = list(itertools.islice(cards, start, start + count + 1))
    return ([make(request, card, key) for card, key in chosen[:count]],
            len(chosen) > count)


def dashboard_lists(request):
    """The dashboard's lists, each of entries, with ``more[name]`` true
    where the list goes on beyond :data:`SHOWN`."""
    root, may = request.root, request.has_permission
    scope = scope_for(request.user)
    lists, more = {}, {}
    for name, (cards, make) in list_sources(request).items():
        lists[name], more[name] = first(request, cards, make, 0, SHOWN)
    lists['to_review'] = [waiting_entry(request, card)
                          for card in review_queue(root, scope, may)]
    lists['flagged'] = [entry(request, card, flags=flags)
                        for card, flags in flagged_cards(
                            root, request.user, may)]
    published, total = published_page(root, scope, may, 0, SHOWN)
    lists['published'] = [entry(request, card) for card in published]
    lists['published_total'] = total
    more['published'] = total > SHOWN
    lists['more'] = more
    return lists


@view_config(route_name='editor.dashboard', context=IRoot,
             permission=security.EDITING)
def dashboard(request):
    return editor_page(request, 'dashboard.pt',
                       lists=dashboard_lists(request))


@view_config(route_name='editor.list', context=IRoot,
             permission=security.EDITING)
def whole_list(request):
    """One dashboard list a page at a time (``?page=N``)."""
    name = request.matchdict['name']
    page = page_number(request)
    start = (page - 1) * PAGE_SIZE
    if name == 'published':
        cards, total = published_page(
            request.root, scope_for(request.user), request.has_permission,
            start, start + PAGE_SIZE)
        items = [entry(request, card) for card in cards]
        more = start + PAGE_SIZE < total
    else:
        sources = list_sources(request)
        if name not in sources:
            raise HTTPNotFound()
        cards, make = sources[name]
        items, more = first(request, cards, make, start, PAGE_SIZE)
    return editor_page(
        request, 'worklist.pt', list_name=name, items=items, page=page,
        previous=page > 1, more=more)


@view_config(route_name='editor.review', context=IRoot,
             permission=security.REVIEWING)
def review(request):
    """The cards waiting for this user's review, oldest first: every
    provider's for the central editor, their own for a reviewer."""
    queue = [
        entry(request, card, time=submitted_at(card),
              actor=(card.last_transition or {}).get('actor'))
        for card in review_queue(request.root, scope_for(request.user),
                                 request.has_permission)]
    return editor_page(request, 'review.pt', queue=queue)
