"""Pages in a theme's layout: where a theme's templates are, the values
every layout uses (CSRF token, user, interface language, the account
navigation), and where each user works (:func:`kb.security.workplaces`):
the page a user lands on after logging in. Shared by the views and the
printable files of ``kb report``."""
import os

from pyramid.csrf import get_csrf_token
from pyramid.renderers import render_to_response

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


def unread_count(request):
    """How many unread notifications the logged-in user has (the
    header's count; :mod:`kb.notifications`)."""
    return request.root['notifications'].unread(request.user.name)


def theme_template(request, name, theme='base'):
    """Absolute path of a theme's template (themes live at the top)."""
    return template_path(request.registry.settings, theme, name)


def template_path(settings, theme, name):
    """The path of ``theme``'s template ``name``, as pages render it."""
    return os.path.join(settings['kb.themes_dir'], theme, 'templates', name)


def render_page(request, name, theme='base', **values):
    """Render a theme's page template with the values every layout
    uses (CSRF token, user, interface language, account links).

    NB: a logged-in user's pages carry the CSRF token (logout, language
    switch); an anonymous visitor's only where the view passes one (the
    login form), since making a token starts a session, whose cookie
    keeps a proxy from caching the public pages (:mod:`kb.headers`).
    """
    if request.user is not None:
        values.setdefault('csrf_token', get_csrf_token(request))
        values.setdefault('unread', unread_count(request))
    values.setdefault('csrf_token', None)
    values.setdefault('account_links', account_links(request))
    values.setdefault('user', request.user)
    values.setdefault('locale', request.localizer.locale_name)
    return render_to_response(theme_template(request, name, theme), values,
                              request=request)
