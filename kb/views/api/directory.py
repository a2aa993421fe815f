"""Providers and service points: read by anyone, added and changed by
administrators (:mod:`kb.directory.editing`)."""
from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config

from kb import security
from kb.directory import editing, point_cards, recipients
from kb.errors import NotFoundError
from kb.i18n import _
from kb.interfaces import IProvider, IRoot, IServicePoint
from kb.views.common import json_body

PROVIDER_KEYS = ('code', 'names', 'web')


def _describe(request, provider):
    """A provider; its remote-service contact for logged-in users."""
    return editing.describe_provider(provider, request.has_permission(
        security.AUTHENTICATED, request.root))


def _read(route, context):
    return view_config(route_name=route, request_method='GET',
                       context=context, renderer='json',
                       permission=security.NO_PERMISSION_REQUIRED)


def _write(route, context, method):
    return view_config(route_name=route, request_method=method,
                       context=context, renderer='json',
                       permission=security.ADMIN)


def _created(request, route, code, body):
    response = HTTPCreated(location=request.route_url(route, code=code))
    response.json_body = body
    response.content_type = 'application/json'
    return response


@_read('api.providers', IRoot)
def providers(request):
    return {'items': [_describe(request, provider)
                      for provider in request.root['providers'].values()]}


@_read('api.provider', IProvider)
def provider(request):
    return _describe(request, request.context)


@_write('api.providers', IRoot, 'POST')
def add_provider(request):
    body = json_body(request, allowed=PROVIDER_KEYS,
                     required=('code', 'names'))
    added = editing.add_provider(
        request.root, request.registry, request.user.name, body['code'],
        body['names'], body.get('web', ''))
    return _created(request, 'api.provider', added.code,
                    _describe(request, added))


@_write('api.provider', IProvider, 'PATCH')
def change_provider(request):
    body = json_body(request, allowed=('names', 'web', 'remote'))
    editing.change_provider(request.root, request.registry,
                            request.user.name, request.context,
                            body.get('names'), body.get('web'),
                            body.get('remote'))
    return _describe(request, request.context)


@_read('api.points', IRoot)
def points(request):
    return {'items': [editing.describe_point(point)
                      for point in request.root['points'].values()]}


@_read('api.point', IServicePoint)
def point(request):
    return editing.describe_point(request.context)


@_write('api.points', IRoot, 'POST')
def add_point(request):
    body = json_body(request, allowed=('code',) + editing.POINT_FIELDS,
                     required=('code',))
    code = body.pop('code')
    added = editing.add_point(request.root, request.registry,
                              request.user.name, code, body)
    return _created(request, 'api.point', added.code,
                    editing.describe_point(added))


@_write('api.point', IServicePoint, 'PATCH')
def change_point(request):
    body = json_body(request,
                     allowed=('active',) + editing.POINT_FIELDS)
    active = body.pop('active', None)
    editing.change_point(request.root, request.registry,
                         request.user.name, request.context, body, active)
    return editing.describe_point(request.context)


def _local(request):
    """The card a point-card route names (404 unknown) and the point's
    word on it."""
    card_id = request.matchdict['id']
    if card_id not in request.root['cards']:
        raise NotFoundError(_('Not found.'))
    return dict(point_cards.local_card(request.context, card_id),
                point=request.context.code, card=card_id)


@view_config(route_name='api.point.card', request_method='GET',
             context=IServicePoint, renderer='json',
             permission=security.POINT_TICKETS)
def point_card(request):
    return _local(request)


@view_config(route_name='api.point.card', request_method='PUT',
             context=IServicePoint, renderer='json',
             permission=security.POINT_CARDS)
def change_point_card(request):
    _local(request)
    body = json_body(request, allowed=('offered', 'onsite', 'addendum'),
                     required=('offered', 'addendum'))
    point_cards.set_local_card(request.registry, request.user.name,
                               request.context, request.matchdict['id'],
                               body['offered'], body['addendum'],
                               body.get('onsite', False))
    return _local(request)


@view_config(route_name='api.point.cards', request_method='GET',
             context=IServicePoint, renderer='json',
             permission=security.POINT_TICKETS)
def point_card_entries(request):
    """The cards the point has said something about (the others are
    offered, with no addendum)."""
    return {'point': request.context.code, 'items': [
        dict(point_cards.local_card(request.context, card_id), card=card_id)
        for card_id in sorted(request.context.cards)]}


def _provider_code(request):
    """The provider an on-site route names (404 unknown or central)."""
    code = request.matchdict['provider']
    if code == 'central' or code not in request.root['providers']:
        raise NotFoundError(_('Not found.'))
    return code


def _days(request, code):
    return dict(point_cards.onsite_days(request.context, code),
                point=request.context.code, provider=code)


@view_config(route_name='api.point.onsite', request_method='GET',
             context=IServicePoint, renderer='json',
             permission=security.POINT_TICKETS)
def point_onsite(request):
    """Every provider's on-site days at the point."""
    return {'point': request.context.code, 'items': [
        _days(request, provider.code)
        for provider in request.root['providers'].values()
        if provider.code != 'central']}


@view_config(route_name='api.point.onsite.provider', request_method='GET',
             context=IServicePoint, renderer='json',
             permission=security.POINT_TICKETS)
def provider_onsite(request):
    return _days(request, _provider_code(request))


@view_config(route_name='api.point.onsite.provider', request_method='PUT',
             context=IServicePoint, renderer='json',
             permission=security.POINT_CARDS)
def change_point_onsite(request):
    code = _provider_code(request)
    body = json_body(request, allowed=('days', 'hours'), required=('days',))
    point_cards.set_onsite_days(request.registry, request.user.name,
                                request.context, code, body['days'],
                                body.get('hours', ''))
    return _days(request, code)


@_write('api.provider.recipients', IProvider, 'GET')
@_write('api.point.recipients', IServicePoint, 'GET')
def report_recipients(request):
    """Who receives the provider's or point's report packs (staff
    addresses: administrators only)."""
    return recipients.describe_recipients(request.context)


@_write('api.provider.recipients', IProvider, 'PUT')
@_write('api.point.recipients', IServicePoint, 'PUT')
def change_report_recipients(request):
    body = json_body(request, allowed=('addresses', 'lang'),
                     required=('addresses',))
    recipients.set_recipients(request.registry, request.user.name,
                              request.context, body['addresses'],
                              body.get('lang'))
    return recipients.describe_recipients(request.context)
