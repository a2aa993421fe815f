"""Where each role works: the page a user lands on after logging in,
and the links of the account navigation."""
from kb.i18n import _

INTRANET = 'intranet.search'
EDITOR = 'editor.dashboard'
REPORTS = 'reports.monthly'
ADMIN = 'admin'
EDITING_ROLES = ('provider_editor', 'provider_reviewer', 'central_editor',
                 'admin')

#: role → route of the page the user lands on after logging in
LANDING = dict(
    {role: EDITOR for role in EDITING_ROLES},
    advisor=INTRANET, point_manager=INTRANET,
)
#: (label, route, roles) of the account navigation's links
LINKS = (
    (_('Intranet'), INTRANET, ('advisor', 'point_manager')),
    (_('Editing'), EDITOR, EDITING_ROLES),
    (_('Reports'), REPORTS, ('point_manager', 'central_editor', 'admin')),
    (_('Administration'), ADMIN, ('admin',)),
)


def landing_path(request, user):
    """The page ``user`` starts from after logging in."""
    return request.route_path(LANDING.get(user.role, 'home'))


def account_links(request):
    """[(translated label, url, current)] for the logged-in user's
    role."""
    user = request.user
    if user is None:
        return []
    links = []
    for label, route, roles in LINKS:
        if user.role in roles:
            url = request.route_path(route)
            links.append((request.localizer.translate(label), url,
                          request.path.startswith(url)))
    return links
