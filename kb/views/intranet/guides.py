"""Procedure guides and service packages, a click from anywhere, a page
of each kind at a time."""
from pyramid.view import view_config

from kb import security
from kb.clock import stamp
from kb.interfaces import IRoot
from kb.registry_cache import registry_cached
from kb.search.query import audience_for
from kb.search.service import engine
from kb.tickets.desk import GUIDE_KINDS
from kb.views.intranet.common import render
from kb.views.pages import page_number

#: How many guides (or packages) a page lists.
PAGE_SIZE = 50


def guide_listing(request):
    """Every guide and package advisors may find, by title, in the
    interface language (else Finnish).

    The listing comes from the search index (no walk over the cards) and
    is kept per language until the index changes. NB: one listing serves
    every user of the page: only advisors and point managers reach it,
    and what they may find of these kinds depends on neither their point
    nor the time (only notices do).
    """
    registry = request.registry
    generation = registry.search_index.searcher().reader().generation()
    by_language = registry_cached(registry, 'guide_listings', generation, dict)
    lang = request.localizer.locale_name
    if lang not in by_language:
        by_language[lang] = engine(request).listing(
            GUIDE_KINDS, lang, audience_for(request.user, stamp(request.now)),
            limit=None)
    return by_language[lang]


def page_link(request, pages, kind, number):
    """The guides page with ``kind`` at page ``number`` and the other
    kinds where they are."""
    query = dict(pages, **{kind: number})
    return request.route_path(
        'intranet.guides', _anchor=f'guides-{kind}',
        _query={f'{code}_page': value for code, value in query.items()
                if value > 1})


@view_config(route_name='intranet.guides', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def guides(request):
    found = guide_listing(request)
    listed = {kind: [item for item in found if item['kind'] == kind]
              for kind in GUIDE_KINDS}
    last = {kind: max(1, -(-len(items) // PAGE_SIZE))
            for kind, items in listed.items()}
    pages = {kind: min(page_number(request, f'{kind}_page'), last[kind])
             for kind in GUIDE_KINDS}
    groups = []
    for kind, page in pages.items():
        start = (page - 1) * PAGE_SIZE
        groups.append(dict(
            kind=kind, items=listed[kind][start:start + PAGE_SIZE],
            page=page, last=last[kind],
            previous=page_link(request, pages, kind, page - 1)
            if page > 1 else None,
            next=page_link(request, pages, kind, page + 1)
            if page < last[kind] else None))
    return render(request, 'guides.pt', section='guides', groups=groups)
