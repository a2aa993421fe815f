"""Authentication, principals, permissions and ACL helpers (Pyramid 2
security policy).

A request is authenticated either by the session cookie (``userid`` and
the session id in the signed cookie, set at login, and the session still
recorded as live: :mod:`kb.accounts.sessions`) or by ``Authorization:
Bearer TOKEN``. Tokens
are random and long, so they are stored as SHA-256 digests; passwords are
argon2 hashes.

This is the one module that knows what a role may do: everything else
asks for a permission (``request.has_permission``, a view's
``permission=``, :func:`user_permits`) or for a user's scope
(:func:`own_provider`, :func:`own_point`, :func:`every_provider`).
"""
import hmac
import ipaddress
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.events import ContextFound
from pyramid.security import NO_PERMISSION_REQUIRED  # noqa: F401 re-export
from pyramid_zodbconn import get_connection

from kb.accounts import sessions
from kb.errors import Unauthorized
from kb.i18n import _
from kb.refdata import POINT_ROLES, PROVIDER_ROLES
from kb.resources import appmaker

#: Permission names.
VIEW = 'kb.view'  # the published, public part of a card
VIEW_INTRANET = 'kb.view_intranet'  # advisor instructions, support line
VIEW_WORKING = 'kb.view_working'  # the working copy (drafts, reviews)
VIEW_HISTORY = 'kb.view_history'  # version history and diffs
EDIT = 'kb.edit'
MOVE = 'kb.move'
ADD = 'kb.add'
NOTICE = 'kb.notice'
AUDIT = 'kb.audit'
AUTHENTICATED = 'kb.authenticated'  # any logged-in user
INTRANET = 'kb.intranet'  # the advisor intranet pages
TICKETS = 'kb.tickets'  # open and handle tickets at one's own point
SYNONYMS = 'kb.synonyms'
ANALYTICS = 'kb.analytics'
ADMIN = 'kb.admin'
EDITING = 'kb.editing'  # the editor pages (each card's ACL still rules)
REVIEWING = 'kb.reviewing'  # the review queue
PUBLICATION = 'kb.publication'  # the publication log (own provider's)
PUBLISHING = 'kb.publishing'  # retry a failed Suomi.fi publication
TRANSITION_PREFIX = 'kb.wf.'
#: See a card at all: its working copy or its published part (granted
#: wherever VIEW_WORKING or VIEW is; see :data:`IMPLIED`).
READ = 'kb.read'
#: Call the listing and search endpoints, which answer each caller only
#: what the items' own ACLs let them see (everyone; the root's ACL).
BROWSE = 'kb.browse'
REPORTS = 'kb.reports'  # the ticket reports, within one's own scope
POINT_TICKETS = 'kb.point_tickets'  # see a service point's tickets
HANDLE_TICKETS = 'kb.handle_tickets'  # work on a service point's tickets
POINT_CARDS = 'kb.point_cards'  # keep what a point says about cards
SELF = 'kb.self'  # a user's own record and API tokens
METRICS = 'kb.metrics'  # this node's Prometheus metrics (/metrics)

#: Permissions granted wherever any of the listed ones is.
IMPLIED = {READ: (VIEW_WORKING, VIEW)}

TOKEN_PREFIX = 'kb_'
#: The principal of a Prometheus scrape (:func:`is_scraper`); no user
#: has it, and only the metrics' ACL grants it anything.
SCRAPER = 'kb:scraper'
#: The session key of the service point a user of several chose.
POINT_KEY = 'point'
#: Headers a proxy adds: a request bearing one came through a proxy.
FORWARDING = ('X-Forwarded-For', 'Forwarded', 'X-Real-IP')


def role_principal(role, provider):
    """The principal a workflow role stands for on a card of ``provider``.

    Provider roles are scoped to the card's provider; ``public`` is
    everyone; other roles are global.
    """
    if role == 'public':
        return Everyone
    if role in PROVIDER_ROLES:
        return f'{role}:{provider}'
    return f'role:{role}'


#: The principals of any advisor (who may read what advisors read).
ADVISOR_PRINCIPALS = (Everyone, Authenticated, 'role:advisor')


def public_principals(kind):
    """Whose view of a card of ``kind`` makes it public. A service
    package is written for the public, but the central workflow (shared
    with procedure guides) lets only staff read it: a package is public
    where advisors may read it, that is, published."""
    return ADVISOR_PRINCIPALS if kind == 'package' else (Everyone,)


def is_public(card):
    """Whether the public may read ``card`` now
    (:func:`public_principals`)."""
    return bool(ACLHelper().permits(card, public_principals(card.kind),
                                    VIEW))


def user_principals(user):
    """Principals of a logged-in user: ``point:CODE`` is anyone working
    at that point, ``advisor:CODE`` its advisors (a user serving several
    points has those of each)."""
    principals = [f'user:{user.name}', f'role:{user.role}']
    if user.role in PROVIDER_ROLES and user.provider:
        principals.append(f'{user.role}:{user.provider}')
    for point in own_points(user):
        principals.append(f'point:{point}')
        principals.append(f'{user.role}:{point}')
    return principals


def permits(context, principals, permission):
    """The ACL's answer, with the :data:`IMPLIED` permissions."""
    helper = ACLHelper()
    result = None
    for each in IMPLIED.get(permission, (permission,)):
        result = helper.permits(context, principals, each)
        if result:
            break
    return result


def principals_of(user):
    """Every principal of ``user`` (None: anonymous)."""
    principals = [Everyone]
    if user is not None:
        principals.append(Authenticated)
        principals.extend(user_principals(user))
    return principals


def user_permits(user):
    """``may(permission, context)`` for ``user`` outside a request, for
    services that act for a user (:class:`kb.tickets.desk.TicketDesk`)."""
    principals = principals_of(user)
    return lambda permission, context: bool(
        permits(context, principals, permission))


# -- a user's scope (which providers' or which point's work) ----------

def own_provider(user):
    """The provider whose work ``user`` is confined to (provider editors
    and reviewers), or None."""
    return user.provider if user.role in PROVIDER_ROLES else None


def own_point(user):
    """The home service point of ``user`` (advisors and point
    managers), or None."""
    return user.point if user.role in POINT_ROLES else None


def own_points(user):
    """Every service point ``user`` serves, the home point first (none
    for other roles)."""
    return tuple(user.points) if user.role in POINT_ROLES else ()


def service_point(request):
    """The ``request.point`` reified: the service point of the user's
    service events. A user serving several points chooses it (the
    intranet's point switch keeps the choice in the session); the
    choice counts only while it is still one of the user's points, so
    a point taken from the user falls back to the home point."""
    user = request.user
    points = own_points(user) if user is not None else ()
    if len(points) > 1 and request.session.get(POINT_KEY) in points:
        return request.session[POINT_KEY]
    return points[0] if points else None


def every_provider(user):
    """True for the central editor, who handles every provider's flags
    and search analytics."""
    return user.role == 'central_editor'


def central_desk(user):
    """True for the central desk (central editors and administrators),
    who hear of failed Suomi.fi pushes (:mod:`kb.notifications`)."""
    return user.role in ('central_editor', 'admin')


def acts_for(user, provider):
    """Whether ``user`` may keep what ``provider`` owns (None: shared,
    such as a synonym group): the central editor everything, a
    provider's own users only their provider's."""
    return every_provider(user) or (
        provider is not None and provider == own_provider(user))


def belongs_to_provider(role):
    """True if a user of ``role`` belongs to one provider."""
    return role in PROVIDER_ROLES


def belongs_to_point(role):
    """True if a user of ``role`` belongs to service points (one or
    more)."""
    return role in POINT_ROLES


def administers(role):
    """True if ``role`` is the administrators' (who must never all be
    removed)."""
    return role == 'admin'


#: Each role's workplaces (kb.layout), the first where users
#: land after logging in.
WORKPLACES = {
    'advisor': ('intranet',),
    'point_manager': ('intranet', 'reports'),
    'provider_editor': ('editing',),
    'provider_reviewer': ('editing',),
    'central_editor': ('editing', 'reports'),
    # NB: the first is where the role lands after logging in
    'admin': ('admin', 'editing', 'reports'),
}


def workplaces(user):
    """The workplaces of ``user`` (none for the public)."""
    return WORKPLACES.get(user.role, ()) if user is not None else ()


#: The search audience of each role (kb.search.query); others search
#: as the public.
AUDIENCES = {
    'advisor': 'advisor',
    'point_manager': 'advisor',
    'central_editor': 'central',
    'provider_editor': 'provider',
    'provider_reviewer': 'provider',
}


def search_audience(user):
    """``public``, ``advisor``, ``central`` or ``provider``."""
    return AUDIENCES.get(user.role, 'public') if user is not None \
        else 'public'


def set_acl(resource, acl):
    """Set ``resource.__acl__``, only if it changed (no needless writes;
    the transition that caused it is what the audit log records)."""
    acl = tuple(acl)
    if tuple(getattr(resource, '__acl__', ())) == acl:
        return False
    resource.__acl__ = acl
    return True


#: API tokens are kept as digests, as session ids are.
token_digest = sessions.digest


def new_token():
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def make_password_hasher(settings):
    """An argon2 hasher; cost settings exist so tests can run fast."""
    return PasswordHasher(
        time_cost=int(settings.get('kb.argon2.time_cost', 3)),
        memory_cost=int(settings.get('kb.argon2.memory_cost', 65536)),
        parallelism=int(settings.get('kb.argon2.parallelism', 4)),
    )


def set_password(user, password, hasher):
    user.password_hash = hasher.hash(password)


def check_password(user, password, hasher):
    """True if ``password`` matches; rehashes when parameters changed."""
    if not user.password_hash or not user.active:
        return False
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


class SecurityPolicy:
    """Session or bearer-token identity; ACL authorization."""

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return user.name if user is not None else None

    def permits(self, request, context, permission):
        return permits(context, self.effective_principals(request),
                       permission)

    def effective_principals(self, request):
        principals = principals_of(request.user)
        if is_scraper(request):
            principals.append(SCRAPER)
        return principals

    def remember(self, request, userid, session_id=None, **kw):
        """Log in to the session ``session_id`` that
        :func:`kb.accounts.sessions.start` recorded."""
        request.session['userid'] = userid
        request.session['sid'] = session_id
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        return []


def bearer_token(request):
    """The token of an ``Authorization: Bearer`` header, or None."""
    auth = request.authorization
    if auth and auth.authtype.lower() == 'bearer' and auth.params:
        return str(auth.params)
    return None


def is_metrics_token(request, token):
    """Whether ``token`` is the metrics token (``kb.metrics.token``,
    from ``KB_METRICS_TOKEN``), compared in constant time."""
    expected = request.registry.settings.get('kb.metrics.token') or ''
    return bool(expected) and token is not None and hmac.compare_digest(
        token.encode('utf-8'), expected.encode('utf-8'))


def is_scraper(request):
    """Whether ``request`` may read the metrics: with a metrics token
    set, it bears that token; without one, it comes straight from this
    host (a loopback address, no proxy's forwarding header), so that
    nobody reaches them through the proxy."""
    if request.registry.settings.get('kb.metrics.token'):
        return is_metrics_token(request, bearer_token(request))
    if any(header in request.headers for header in FORWARDING):
        return False
    try:
        address = ipaddress.ip_address(request.environ.get('REMOTE_ADDR', ''))
    except ValueError:
        return False
    return (getattr(address, 'ipv4_mapped', None) or address).is_loopback


def get_user(request):
    """The ``request.user`` reified property."""
    token = bearer_token(request)
    if is_metrics_token(request, token):
        return None  # NB: a scrape, no user (and no database read)
    if token is None and 'userid' not in request.session:
        return None  # NB: no database read (for /healthz)
    # NB: pyramid_tm asks for the user before traversal has set
    # request.root, so open the root from the connection here.
    users = appmaker(get_connection(request).root())['users']
    if token is not None:
        name = users.tokens.get(token_digest(token), {}).get('user')
    else:
        name = request.session.get('userid')
    user = users.get(name) if name else None
    if user is not None and not user.active:
        user = None
    if user is not None and token is None and not sessions.is_live(
            user, request.session.get('sid'), request.registry.clock()):
        user = None  # logged out, ended or expired
    if user is None and token is not None:
        request.environ['kb.bad_token'] = True
    return user


def refuse_bad_token(event):
    """A request with an unknown or revoked bearer token is refused
    outright, even where anonymous access would be allowed."""
    request = event.request
    if request.user is None and request.environ.get('kb.bad_token'):
        raise Unauthorized(_('The API token is not valid.'))


def csrf_needed(request):
    """Bearer-token requests cannot be forged by a browser; cookies can.
    An anonymous API call has no login to abuse, so it goes on to the
    view, which answers 401 where a login is needed; but a forged login
    would plant the forger's session, so logging in keeps the check.

    The language switch of an anonymous visitor needs no token either
    (so that public pages need no session): all a forged one can do is
    set the ``_LOCALE_`` cookie to another of the interface languages,
    which the visitor undoes with one click, and it redirects to
    same-site paths only. A logged-in user's switch changes their stored
    setting, so it keeps the check."""
    if bearer_token(request) is not None:
        return False
    route = getattr(request, 'matched_route', None)
    name = route.name if route is not None else ''
    if request.user is None and name == 'language':
        return False
    anonymous_api = request.user is None and name.startswith('api.')
    return not anonymous_api or name == 'api.login'


def includeme(config):  # pragma: no cover - configuration glue
    settings = config.registry.settings
    config.set_security_policy(SecurityPolicy())
    config.add_request_method(get_user, 'user', reify=True)
    config.add_request_method(service_point, 'point', reify=True)
    config.add_subscriber(refuse_bad_token, ContextFound)
    config.set_default_csrf_options(
        require_csrf=True, header='X-CSRF-Token', callback=csrf_needed
    )
    config.registry.password_hasher = make_password_hasher(settings)
