"""The audit log, for the central editor and administrators."""
from pyramid.view import view_config

from kb import security
from kb.interfaces import IRoot
from kb.views.common import int_param


@view_config(route_name='api.audit', request_method='GET', context=IRoot,
             renderer='json', permission=security.AUDIT)
def audit(request):
    limit = int_param(request, 'limit', 100, 1, 1000)
    before = int_param(request, 'before', 0, 0, 2 ** 63 - 1)
    items = request.root['audit'].query(
        obj=request.params.get('object') or None,
        actor=request.params.get('actor') or None,
        limit=limit,
        before=before or None,
    )
    return {'items': items,
            'next_before': items[-1]['seq'] if len(items) == limit else None}
