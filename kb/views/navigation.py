"""Where each user works (:func:`kb.security.workplaces`): the page a
user lands on after logging in, and the links of the account
navigation."""
from kb import security
from kb.i18n import _

#: workplace → route of its start page
PAGES = {
    'intranet': 'intranet.search',
    'editing': 'editor.dashboard',
    'reports': 'reports.monthly',
    'admin': 'admin',
}
#: (label, workplace) of the account navigation's links
LINKS = (
    (_('Intranet'), 'intranet'),
    (_('Editing'), 'editing'),
    (_('Reports'), 'reports'),
    (_('Administration'), 'admin'),
)


def landing_path(request, user):
    """The page ``user`` starts from after logging in: their first
    workplace's."""
    places = security.workplaces(user)
    return request.route_path(PAGES[places[0]] if places else 'home')


def account_links(request):
    """[(translated label, url, current)] for the logged-in user's
    role."""
    places = security.workplaces(request.user)
    links = []
    for label, place in LINKS:
        if place in places:
            url = request.route_path(PAGES[place])
            links.append((request.localizer.translate(label), url,
                          request.path.startswith(url)))
    return links
