"""One way to authorise: every view declares a permission, only the
public routes need none, no module outside kb.security compares role
strings; the policy's implied permissions and scope questions; the
``hide_without`` view option; refusals whose check moved from the view's
body to its declared permission."""
import pathlib
import re
import tempfile
import types

from pyramid.authorization import DENY_ALL, Allow, Authenticated, Everyone
from pyramid.httpexceptions import default_exceptionresponse_view
from pyramid.paster import get_appsettings
import pytest

from kb import security
from kb.errors import NotFoundError
from kb.resources import User
from tests.conftest import HERE, card_body

KB = pathlib.Path(HERE) / 'kb'

#: The routes anyone may call: the public site and its metadata, the
#: Suomi.fi feed, logging in and out, the session, the OpenAPI document,
#: the public reference data and directory, static files, the probes.
PUBLIC_ROUTES = frozenset((
    'home', 'public.service', 'public.provider', 'public.life_event',
    'public.search', 'robots', 'sitemap', 'api.suomifi.feed',
    'login', 'logout', 'language', 'api.login', 'api.logout',
    'api.session', 'api.openapi', 'api.suoritteet', 'api.life_events',
    'api.workflows', 'api.providers', 'api.provider', 'api.points',
    'api.point', 'healthz', 'readyz',
))


@pytest.fixture(scope='module')
def views():
    """(route name, request methods, permission) of every view that is
    not an exception view."""
    from kb import main

    settings = dict(get_appsettings(str(pathlib.Path(HERE) / 'testing.ini'),
                                    name='kb'),
                    **{'kb.search.index_dir': tempfile.mkdtemp()})
    app = main({}, **settings)
    found = []
    for item in app.registry.introspector.get_category('views'):
        view = item['introspectable']
        if view['exception_only'] or view['callable'] is \
                default_exceptionresponse_view:
            continue  # error views
        permissions = [related['value'] for related in item['related']
                       if related.category_name == 'permissions']
        found.append((view['route_name'], view['request_methods'],
                      permissions[0] if permissions else None))
    return found


def test_only_public_routes_need_no_permission(views):
    open_routes = {route for route, _methods, permission in views
                   if permission == security.NO_PERMISSION_REQUIRED
                   and not route.startswith('__static/')}
    assert open_routes == PUBLIC_ROUTES


def test_every_view_declares_its_permission(views):
    assert len(views) > 100
    assert [view for view in views if view[2] is None] == []


#: An authorisation decision taken on a role's name: ``user.role ==``,
#: ``role in (...)``, the provider or point roles. Checking a name
#: against the catalogue of roles (``refdata.ROLES``) is validation.
ROLE_COMPARISON = re.compile(
    r"""(?<!for )\brole\b['"\]]*\s*(==|!=|not\s+in\b|in\b)"""
    r"""(?!\s*(refdata\.)?(WORKFLOW_)?ROLES\b)"""
    r"""|\b(PROVIDER|POINT)_ROLES\b""")


def test_no_role_comparisons_outside_security():
    found = [
        f'{path.relative_to(KB)}:{number}: {line.strip()}'
        for path in sorted(KB.rglob('*.py'))
        if path.name != 'security.py' and path != KB / 'refdata.py'
        for number, line in enumerate(
            path.read_text('utf-8').splitlines(), 1)
        if ROLE_COMPARISON.search(line)
    ]
    assert found == []


@pytest.mark.parametrize('line', [
    "if user.role == 'admin':",
    "if user.role in ('advisor', 'point_manager'):",
    "stays = new['role'] != 'admin'",
    "if role not in PROVIDER_ROLES:",
])
def test_the_role_comparison_pattern_finds(line):
    assert ROLE_COMPARISON.search(line)


@pytest.mark.parametrize('line', [
    "for role in roles:",
    "if role not in refdata.ROLES:",
    "if role not in WORKFLOW_ROLES:",
    "if audience == 'advisor':",
])
def test_the_role_comparison_pattern_leaves(line):
    assert not ROLE_COMPARISON.search(line)


# -- the policy ---------------------------------------------------------

class Context:
    def __init__(self, *acl):
        self.__acl__ = acl


def test_read_is_implied_by_view_or_view_working():
    working = Context((Allow, 'role:central_editor', security.VIEW_WORKING),
                      DENY_ALL)
    live = Context((Allow, Everyone, security.VIEW), DENY_ALL)
    central = ['role:central_editor']
    assert security.permits(working, central, security.READ)
    assert not security.permits(working, [Everyone], security.READ)
    assert security.permits(live, [Everyone], security.READ)
    assert not security.permits(live, [Everyone], security.EDIT)


def user(role, provider=None, point=None, name='someone', points=()):
    return User(name, role, provider, (point,) if point else points)


def test_principals_name_the_point_and_the_role_at_it():
    assert security.principals_of(user('advisor', point='mikkeli')) == [
        Everyone, Authenticated, 'user:someone', 'role:advisor',
        'point:mikkeli', 'advisor:mikkeli']
    assert security.principals_of(None) == [Everyone]


def test_user_permits_asks_the_acls_for_a_user():
    point = Context((Allow, 'advisor:mikkeli', security.HANDLE_TICKETS))
    assert security.user_permits(user('advisor', point='mikkeli'))(
        security.HANDLE_TICKETS, point)
    assert not security.user_permits(user('point_manager', point='mikkeli'))(
        security.HANDLE_TICKETS, point)
    assert not security.user_permits(None)(security.HANDLE_TICKETS, point)


@pytest.mark.parametrize('role, provider, point, places, audience', [
    ('advisor', None, 'oulu', ('intranet',), 'advisor'),
    ('point_manager', None, 'oulu', ('intranet', 'reports'), 'advisor'),
    ('provider_editor', 'kela', None, ('editing',), 'provider'),
    ('provider_reviewer', 'vero', None, ('editing',), 'provider'),
    ('central_editor', None, None, ('editing', 'reports'), 'central'),
    ('admin', None, None, ('admin', 'editing', 'reports'), 'public'),
])
def test_scope_of_each_role(role, provider, point, places, audience):
    someone = user(role, provider, point)
    assert security.own_provider(someone) == provider
    assert security.own_point(someone) == point
    assert security.every_provider(someone) == (role == 'central_editor')
    assert security.workplaces(someone) == places
    assert security.search_audience(someone) == audience
    assert security.belongs_to_provider(role) == (provider is not None)
    assert security.belongs_to_point(role) == (point is not None)
    assert security.administers(role) == (role == 'admin')


def test_the_public_has_no_workplace_and_searches_as_the_public():
    assert security.workplaces(None) == ()
    assert security.search_audience(None) == 'public'


# -- hide_without ---------------------------------------------------------

def derive(option):
    from kb.views.errors import hidden_view

    def view(context, request):
        return 'shown'

    info = types.SimpleNamespace(options={} if option is None
                                 else {'hide_without': option})
    return view, hidden_view(view, info)


def request(granted, user=object(), path='/api/v1/cards/x'):
    return types.SimpleNamespace(
        user=user, path=path,
        has_permission=lambda permission, context: permission in granted)


def test_a_view_without_the_option_is_left_alone():
    view, derived = derive(None)
    assert derived is view


@pytest.mark.parametrize('option', [security.READ, (security.READ,)])
def test_the_caller_who_may_see_gets_the_view(option):
    _view, derived = derive(option)
    assert derived(None, request({security.READ})) == 'shown'


def test_the_caller_who_may_not_see_gets_404():
    _view, derived = derive((security.VIEW_WORKING, security.VIEW_HISTORY))
    with pytest.raises(NotFoundError):
        derived(None, request({security.VIEW_WORKING}))
    with pytest.raises(NotFoundError):
        derived(None, request(set(), user=None))


def test_an_anonymous_page_visitor_is_left_to_the_login():
    _view, derived = derive(security.VIEW_WORKING)
    assert derived(None, request(set(), user=None,
                                 path='/editor/cards/x/edit')) == 'shown'


# -- refusals whose check moved to the view's permission -----------------

URL = '/api/v1/cards/kela-testikortti'


@pytest.fixture
def draft(as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    return URL


@pytest.mark.parametrize('who, method, path, body, status', [
    (None, 'get', '', None, 404),
    ('vero-editor', 'get', '', None, 404),
    ('vero-editor', 'put', '', {'base_version': 1}, 404),
    ('advisor', 'post', '/move', {'provider': 'vero'}, 404),
    ('kela-editor', 'post', '/move', {'provider': 'vero'}, 403),
    ('vero-editor', 'get', '/versions', None, 404),
    ('vero-editor', 'post', '/transitions', {'transition': 'submit'}, 404),
    ('kela-editor', 'get', '/flags', None, 200),
    ('advisor', 'post', '/flags', {'reason': 'wrong'}, 404),
    ('vero-editor', 'get', '/signals', None, 404),
    ('vero-editor', 'get', '/publication', None, 404),
])
def test_a_draft_is_hidden_from_who_may_not_see_it(
        as_user, draft, who, method, path, body, status):
    client = as_user(who)
    args = () if body is None else (body,)
    getattr(client, method)(draft + path, *args, status=status)


@pytest.mark.parametrize('who, method, path, body, status', [
    (None, 'put', '', {'base_version': 1}, 401),
    ('advisor', 'put', '', {'base_version': 1}, 403),
    ('advisor', 'post', '/restore', {'version': 1, 'base_version': 1}, 403),
    ('advisor', 'post', '/languages/sv/confirm', {}, 403),
    ('advisor', 'get', '/versions', None, 404),
    ('advisor', 'get', '/diff?from=1', None, 404),
    ('advisor', 'get', '/signals', None, 404),
    ('kela-editor', 'get', '/signals', None, 200),
])
def test_a_published_card_refuses_what_readers_may_not_do(
        as_user, published_card, who, method, path, body, status):
    url = '/api/v1/cards/' + published_card() + path
    client = as_user(who)
    args = () if body is None else (body,)
    getattr(client, method)(url, *args, status=status)


def test_a_user_record_is_the_users_own_or_the_administrators(as_user):
    as_user('advisor').get('/api/v1/users/advisor')
    as_user('admin').get('/api/v1/users/advisor')
    as_user('central').get('/api/v1/users/advisor/tokens', status=404)
    as_user('advisor').post('/api/v1/users/advisor/password',
                            {'password': 'x' * 20}, status=403)


@pytest.mark.parametrize('who, point, status', [
    ('advisor', 'mikkeli', 200),
    ('advisor', 'oulu-kiiminki', 403),
    ('manager', 'oulu-kiiminki', 403),
    ('kela-editor', 'mikkeli', 403),
    ('central', 'oulu-kiiminki', 200),
    ('admin', 'mikkeli', 200),
])
def test_a_points_tickets_are_its_staffs(as_user, who, point, status):
    as_user(who).get('/api/v1/tickets', point=point, status=status)


@pytest.mark.parametrize('who, status', [
    ('advisor', 403), ('manager', 200), ('kela-editor', 200),
    ('central', 200), ('admin', 200), (None, 401),
])
def test_reports_are_for_those_with_a_scope(as_user, who, status):
    as_user(who).get('/api/v1/reports/monthly', month='2026-01',
                     status=status)


def test_the_service_point_is_a_choice_among_the_users_points():
    from pyramid.testing import DummyRequest

    def point_of(who, chosen=None):
        request = DummyRequest()
        request.user = who
        if chosen:
            request.session[security.POINT_KEY] = chosen
        return security.service_point(request)

    several = user('advisor', points=('parainen', 'mikkeli'))
    assert security.principals_of(several)[-4:] == [
        'point:parainen', 'advisor:parainen', 'point:mikkeli',
        'advisor:mikkeli']
    assert point_of(several) == 'parainen'
    assert point_of(several, 'mikkeli') == 'mikkeli'
    assert point_of(several, 'saarijarvi') == 'parainen'
    assert point_of(user('advisor', point='mikkeli'), 'parainen') == 'mikkeli'
    assert point_of(user('central_editor'), 'mikkeli') is None
    assert point_of(None) is None
