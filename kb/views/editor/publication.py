"""The publication page: what went to which channel, and the Suomi.fi
publications that failed or still wait (with a retry for the central
editor)."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.errors import KBError, NotFoundError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.publication import listing, retry
from kb.publication.log import CHANNELS, OUTCOMES
from kb.suomifi.push import pushing
from kb.views.common import int_param, versioning
from kb.views.editor import editor_page
from kb.views.editor.dashboard import card_title

PAGE_SIZE = 50


def titled(request, items):
    """``items`` (dicts naming a ``card``), each with the card's
    ``title`` and its language, for people to read instead of the id."""
    cards = request.root['cards']
    for item in items:
        card = cards.get(item['card'])
        item['title'], item['lang'] = card_title(request, card) \
            if card is not None else (item['card'], None)
    return items


@view_config(route_name='editor.publication', context=IRoot,
             request_method='GET', permission=security.PUBLICATION)
def publication_page(request):
    values = {
        'channel': request.GET.get('channel') or None,
        'outcome': request.GET.get('outcome') or None,
        'channels': CHANNELS, 'outcomes': OUTCOMES,
        'pushing': pushing(request.registry.settings),
        'may_retry': request.has_permission(security.PUBLISHING,
                                            request.root),
        'troubled': titled(request, listing.troubled(
            request.root, request.user)),
        'filter_error': None,
        'messages': request.session.pop_flash(),
    }
    try:
        before = int_param(request, 'before', 0, 0, 2 ** 63 - 1) or None
        entries = titled(request, listing.entries(
            request.root, request.user, values['channel'],
            values['outcome'], before, PAGE_SIZE))
    except KBError as error:
        return editor_page(request, 'publication.pt', status=error.status,
                           entries=[], next_page=None,
                           **dict(values, filter_error=error.message))
    next_page = None
    if len(entries) == PAGE_SIZE:
        next_page = request.route_path('editor.publication', _query={
            key: value for key, value in (
                ('channel', values['channel']),
                ('outcome', values['outcome']),
                ('before', entries[-1]['seq'])) if value})
    return editor_page(request, 'publication.pt', entries=entries,
                       next_page=next_page, **values)


@view_config(route_name='editor.publication.retry', context=IRoot,
             request_method='POST', permission=security.PUBLISHING)
def retry_publication(request):
    card_id = request.POST.get('card', '')
    acting = versioning(request)
    try:
        retry(request.root, card_id, acting.actor, acting.now)
    except NotFoundError as error:
        request.session.flash(request.localizer.translate(error.message))
    else:
        request.session.flash(request.localizer.translate(
            _('"${id}" will be sent to Suomi.fi again.',
              mapping={'id': card_id})))
    return HTTPSeeOther(request.route_path('editor.publication'))
