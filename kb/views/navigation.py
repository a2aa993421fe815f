"""Where each role works: the page a user lands on after logging in,
and the links of the account navigation.

The themes are optional parts of an installation, so a page counts only
if a route serves its path; otherwise users land on the home page and
the link is left out.
"""
from pyramid.interfaces import IRoutesMapper

from kb.i18n import _

INTRANET = '/intranet/'
EDITOR = '/editor/'
REPORTS = '/reports/monthly'
EDITING_ROLES = ('provider_editor', 'provider_reviewer', 'central_editor',
                 'admin')

#: role → path of the page the user lands on after logging in
LANDING = dict(
    {role: EDITOR for role in EDITING_ROLES},
    advisor=INTRANET, point_manager=INTRANET,
)
#: (label, path, roles) of the account navigation's links
LINKS = (
    (_('Intranet'), INTRANET, ('advisor', 'point_manager')),
    (_('Editing'), EDITOR, EDITING_ROLES),
    (_('Reports'), REPORTS, ('point_manager', 'central_editor', 'admin')),
)


def route_url_for(request, path):
    """The URL of the route whose pattern is exactly ``path``, or None
    if no route serves it."""
    mapper = request.registry.queryUtility(IRoutesMapper)
    for route in mapper.get_routes() if mapper is not None else ():
        if route.pattern.strip('/') == path.strip('/'):
            return request.route_path(route.name)
    return None


def landing_path(request, user):
    """The page ``user`` starts from after logging in."""
    path = LANDING.get(user.role)
    return (path and route_url_for(request, path)) or \
        request.route_path('home')


def account_links(request):
    """[(translated label, url, current)] for the logged-in user's
    role."""
    user = request.user
    if user is None:
        return []
    links = []
    for label, path, roles in LINKS:
        url = route_url_for(request, path) if user.role in roles else None
        if url is not None:
            links.append((request.localizer.translate(label), url,
                          request.path.startswith(url)))
    return links
