"""The caller's own notifications (``/api/v1/notifications``)."""
from pyramid.view import view_config

from kb import security
from kb.interfaces import IRoot
from kb.views.common import json_body
from kb.views.notifications import check_ids, listing, mark_read


@view_config(route_name='api.notifications', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.AUTHENTICATED)
def list_notifications(request):
    """Newest first; ``unread=true`` lists only the unread ones."""
    unread_only = request.GET.get('unread') == 'true'
    return {'items': listing(request, unread_only),
            'unread': request.root['notifications'].unread(
                request.user.name)}


@view_config(route_name='api.notifications.read', request_method='POST',
             context=IRoot, renderer='json',
             permission=security.AUTHENTICATED)
def read(request):
    """Mark ``ids`` read, or every notification with ``"all": true``."""
    body = json_body(request, allowed=('ids', 'all'))
    ids = None if body.get('all') is True else check_ids(body.get('ids'))
    marked = mark_read(request, ids)
    return {'marked': marked, 'unread': request.root[
        'notifications'].unread(request.user.name)}
