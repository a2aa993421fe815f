"""Procedure guides and service packages, a click from anywhere."""
from pyramid.view import view_config

from kb import security
from kb.interfaces import IRoot
from kb.search.query import audience_for
from kb.views.api_search import engine, now_iso
from kb.views.intranet.common import render

GUIDE_KINDS = ('procedure', 'package')


@view_config(route_name='intranet.guides', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def guides(request):
    """Both lists come from the search index (no walk over the cards)."""
    found = engine(request).listing(
        GUIDE_KINDS, request.localizer.locale_name,
        audience_for(request.user, now_iso(request)))
    return render(request, 'guides.pt', section='guides', groups=[
        (kind, [item for item in found if item['kind'] == kind])
        for kind in GUIDE_KINDS])
