"""The publication log and the state of the Suomi.fi push."""
from pyramid.view import view_config

from kb import security
from kb.interfaces import ICard, IRoot
from kb.publication import listing, retry
from kb.suomifi.push import pushing
from kb.views.common import int_param, versioning


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('api.publication', '/api/v1/publication')
    config.add_route('api.card.publication', '/api/v1/cards/{id}/publication',
                     traverse='/cards/{id}')
    config.add_route('api.suomifi.status', '/api/v1/suomifi/status')
    config.add_route('api.suomifi.retry', '/api/v1/suomifi/{id}/retry')


def localized(request, item):
    """``item`` with its stored messages (our problems are translatable,
    PTV's are English) in the request's language."""
    if not item or not item.get('messages'):
        return item
    translate = request.localizer.translate
    return dict(item, messages=[dict(m, message=translate(m['message']))
                                for m in item['messages']])


@view_config(route_name='api.publication', request_method='GET',
             context=IRoot, renderer='json', permission=security.PUBLICATION)
def publication_log(request):
    limit = int_param(request, 'limit', 50, 1, 500)
    before = int_param(request, 'before', 0, 0, 2 ** 63 - 1) or None
    items = listing.entries(request.root, request.user,
                            request.params.get('channel'),
                            request.params.get('outcome'), before, limit)
    return {'items': [localized(request, item) for item in items],
            'next': items[-1]['seq'] if len(items) == limit else None}


@view_config(route_name='api.card.publication', request_method='GET',
             context=ICard, renderer='json',
             permission=security.VIEW_HISTORY,
             hide_without=security.VIEW_HISTORY)
def card_publication(context, request):
    status = request.root['suomifi'].statuses.get(context.id)
    return {
        'items': [localized(request, item) for item in
                  request.root['publication'].of_card(context.id)],
        'suomifi': localized(request, listing.describe_status(
            request.root, status)) if status is not None else None,
    }


@view_config(route_name='api.suomifi.status', request_method='GET',
             context=IRoot, renderer='json', permission=security.PUBLICATION)
def suomifi_status(request):
    return {'push': pushing(request.registry.settings),
            'items': [localized(request, item) for item in
                      listing.troubled(request.root, request.user)]}


@view_config(route_name='api.suomifi.retry', request_method='POST',
             context=IRoot, renderer='json', permission=security.PUBLISHING)
def suomifi_retry(request):
    card_id = request.matchdict['id']
    root = request.root
    acting = versioning(request)
    retry(root, card_id, acting.actor, acting.now)
    return localized(request, listing.describe_status(
        root, root['suomifi'].statuses[card_id]))
