"""Notices: list those in force, create, read and change."""
from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config

from kb import refdata, security
from kb.cards.notices import (
    add_notice,
    describe_notice,
    notices_in_force,
    update_notice,
)
from kb.clock import stamp
from kb.errors import ValidationError, check_filter
from kb.i18n import _
from kb.interfaces import INotice, IRoot
from kb.views.common import json_body, require, versioning


def staff(request):
    """Staff see every notice in force; the public only public ones."""
    return request.has_permission(security.AUTHENTICATED, request.root)


@view_config(route_name='api.notices', request_method='GET', context=IRoot,
             renderer='json', permission=security.BROWSE)
def list_notices(request):
    provider = request.params.get('provider')
    point = request.params.get('point')
    check_filter(provider, request.directory.providers, 'provider')
    check_filter(point, request.directory.points, 'point')
    now = stamp(request.now)
    found = notices_in_force(request.root, now, provider, point,
                             public_only=not staff(request))
    return {'now': now, 'items': [describe_notice(n) for n in found]}


@view_config(route_name='api.notices', request_method='POST', context=IRoot,
             renderer='json', permission=security.AUTHENTICATED)
def create_notice(request):
    body = dict(json_body(request))
    provider = body.pop('provider', None)
    if not refdata.is_code(provider, request.directory.providers):
        raise ValidationError(
            _('Unknown provider "${code}".', mapping={'code': str(provider)}),
            details=[{'field': 'provider', 'message': str(provider)}])
    require(request, security.NOTICE, request.root['providers'][provider])
    acting = versioning(request)
    notice = add_notice(request.root, request.registry, acting.actor,
                        provider, body, acting.now)
    response = HTTPCreated(location=request.route_url(
        'api.notice', provider=provider, id=notice.id))
    response.content_type = 'application/json'
    response.json_body = describe_notice(notice)
    return response


@view_config(route_name='api.notice', request_method='GET', context=INotice,
             renderer='json', permission=security.VIEW,
             hide_without=security.VIEW)
def get_notice(context, request):
    return describe_notice(context)


@view_config(route_name='api.notice', request_method='PUT', context=INotice,
             renderer='json', permission=security.NOTICE)
def put_notice(context, request):
    body = dict(json_body(request))
    body.pop('provider', None)
    update_notice(request.root, request.registry, request.user.name,
                  context, body)
    return describe_notice(context)
