"""Users, their roles and API tokens."""
import re

from kb import refdata, security
from kb.accounts import sessions
from kb.errors import StateConflictError, ValidationError
from kb.events import ObjectAdded, ObjectModified
from kb.i18n import _
from kb.mail import is_address
from kb.resources import User
from kb.security import new_token, set_password, token_digest

NAME_RE = re.compile(r'^[a-z0-9][a-z0-9._-]{1,62}$')
PASSWORD_MIN = 10


def _problem(field, message):
    return ValidationError(message, details=[{'field': field,
                                             'message': message}])


def validate_user(root, name, role, provider=None, points=(),
                  active=True):
    """Check a user's fields against the roles' rules: ``points`` are
    the service points of the user, the home point first (an inactive
    user may keep a point that has closed since).

    :raises ValidationError: naming the field.
    """
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise _problem('name', _('A user name is 2-63 lower-case letters, '
                                 'digits, dots, hyphens or underscores.'))
    if role not in refdata.ROLES:
        raise _problem('role', _('Unknown role "${role}".',
                                 mapping={'role': role}))
    if security.belongs_to_provider(role):
        if not refdata.is_code(provider, root['providers']) or (
            provider == 'central'
        ):
            raise _problem('provider', _('This role needs a provider.'))
    elif provider:
        raise _problem('provider', _('This role has no provider.'))
    if security.belongs_to_point(role):
        if not points:
            raise _problem('point', _('This role needs a service point.'))
        for index, point in enumerate(points):
            # NB: the home point's field is "point", as it always was
            field = 'points' if index else 'point'
            if not refdata.is_code(point, root['points']):
                raise _problem(field, _('Unknown service point "${code}".',
                                        mapping={'code': str(point)}))
            if active and not root['points'][point].active:
                raise _problem(field, _(
                    'One of the further service points is closed.')
                    if index else _('This service point is closed.'))
    elif points:
        raise _problem('point', _('This role has no service point.'))


def points_given(point=None, points=None):
    """The service points of a user as given: the single ``point`` (the
    older form, still understood) or the list ``points``, home point
    first; both only if they agree on the home point.

    :raises ValidationError: for a list of anything but distinct codes,
        or a ``point`` that is not the list's first.
    """
    if points is None:
        return (point,) if point else ()
    if not isinstance(points, (list, tuple)) or not all(
            isinstance(code, str) and code for code in points):
        raise _problem('points', _('Give a list of service point codes.'))
    if len(set(points)) != len(points):
        raise _problem('points', _('A service point is listed twice.'))
    if point and (not points or points[0] != point):
        raise _problem('point', _(
            'The home point must come first in the list of service points.'))
    return tuple(points)


def add_user(root, registry, actor, name, role, password,
             provider=None, point=None, locale=None, points=None):
    """Create a user with an argon2-hashed password; ``point`` or
    ``points`` (see :func:`points_given`)."""
    points = points_given(point, points)
    validate_user(root, name, role, provider, points)
    if name in root['users']:
        raise StateConflictError(
            _('The user "${name}" exists already.', mapping={'name': name}),
            code='user_exists')
    check_password_strength(password)
    if locale is not None and not refdata.is_code(locale,
                                                  refdata.UI_LANGUAGES):
        raise _problem('locale', _('Unknown language.'))
    user = User(name, role, provider or None, points, locale)
    set_password(user, password, registry.password_hasher)
    root['users'].add(name, user)
    registry.notify(ObjectAdded(user, actor, role=role))
    return user


#: The fields :func:`change_user` changes.
CHANGEABLE = ('role', 'provider', 'point', 'points', 'active')


def change_user(root, registry, actor, user, **changes):
    """Change a user's role (with the provider or points it needs) or
    deactivate/reactivate the user.

    Fields not given keep their value, except a provider or points the
    new role has no use for; a ``point`` alone makes it the user's only
    point (:func:`points_given`). Any change ends the user's sessions; a
    deactivated user can neither log in nor use a token
    (:func:`kb.security.get_user`).

    :raises ValidationError: by the rules of :func:`validate_user`.
    :raises StateConflictError: when the change would leave no active
        administrator, or an administrator deactivates themselves.
    """
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise _problem(unknown[0], _('Unknown field.'))
    role = changes.get('role', user.role)
    provider = changes.get('provider', user.provider)
    if 'point' in changes or 'points' in changes:
        points = points_given(changes.get('point'), changes.get('points'))
    else:
        points = user.points
    if not security.belongs_to_provider(role) and 'provider' not in changes:
        provider = None
    if not security.belongs_to_point(role) and 'point' not in changes \
            and 'points' not in changes:
        points = ()
    active = changes.get('active', user.active)
    if not isinstance(active, bool):
        raise _problem('active', _('Give true or false.'))
    new = {'role': role, 'provider': provider or None,
           'points': tuple(points), 'active': active}
    old = {field: getattr(user, field) for field in new}
    if new == old:
        return {}
    validate_user(root, user.name, role, provider, points, active)
    _keep_an_admin(root, actor, user, new)
    for field, value in new.items():
        if old[field] != value:
            setattr(user, field, value)
    sessions.end_all(user)
    changed = {field: [old[field], value] for field, value in new.items()
               if old[field] != value}
    if 'points' in changed:
        changed['points'] = [list(points) for points in changed['points']]
    action = {True: 'reactivate', False: 'deactivate'}.get(
        changed.get('active', [None, None])[1], 'user_changed')
    registry.notify(ObjectModified(user, actor, change=action,
                                   changes=changed))
    return changed


def _keep_an_admin(root, actor, user, new):
    """Refuse a change that locks the administrators out."""
    if user.name == actor and not new['active']:
        raise StateConflictError(
            _('You cannot deactivate yourself.'),
            code='self_deactivation', details=[
                {'field': 'active',
                 'message': _('You cannot deactivate yourself.')}])
    stays_admin = new['active'] and security.administers(new['role'])
    if not security.administers(user.role) or not user.active or \
            stays_admin:
        return
    # NB: two administrators removing each other at once write different
    # users; both also write this counter, so one transaction conflicts
    # (whatever the audit log's buckets do), is retried and then sees
    # that it would remove the last one.
    root['users'].admin_changes += 1
    if not any(other.active and security.administers(other.role)
               and other.name != user.name
               for other in root['users'].values()):
        message = _('${name} is the last active administrator.',
                    mapping={'name': user.name})
        raise StateConflictError(message, code='last_admin', details=[
            {'field': 'role' if new['active'] else 'active',
             'message': message}])


def reset_password(root, registry, actor, user, password):
    """Set a new password (argon2 hash), checked for strength; the
    user's sessions end (API tokens stay valid)."""
    check_password_strength(password)
    set_password(user, password, registry.password_hasher)
    sessions.end_all(user)
    registry.notify(ObjectModified(user, actor, change='password_reset'))


def check_password_strength(password):
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        raise _problem('password', _('A password is at least ${min} '
                                     'characters.',
                                     mapping={'min': PASSWORD_MIN}))


def issue_token(root, registry, actor, user, label='', created=''):
    """Create an API token; only its digest is stored.

    :returns: the token, shown once.
    """
    token = new_token()
    root['users'].tokens[token_digest(token)] = {
        'user': user.name,
        'label': label,
        'created': created,
    }
    registry.notify(ObjectModified(user, actor, change='token_issued',
                                   label=label))
    return token


def user_tokens(root, user):
    """The user's tokens as ``{"id", "label", "created"}`` (id = digest
    prefix, enough to revoke)."""
    return [
        {'id': digest[:12], 'label': meta['label'],
         'created': meta['created']}
        for digest, meta in root['users'].tokens.items()
        if meta['user'] == user.name
    ]


def revoke_token(root, registry, actor, user, token_id):
    tokens = root['users'].tokens
    for digest, meta in list(tokens.items()):
        if meta['user'] == user.name and digest[:12] == token_id:
            del tokens[digest]
            registry.notify(ObjectModified(user, actor,
                                           change='token_revoked'))
            return True
    return False


def describe_user(user):
    return {
        'name': user.name,
        'role': user.role,
        'provider': user.provider,
        'point': user.point,
        'points': list(user.points),
        'locale': user.locale,
        'active': user.active,
        'email': user.email,
        'mail': user.mail,
    }


#: When a user's notifications are mailed (:mod:`kb.notifications`).
MAIL_CHOICES = ('immediately', 'digest', 'off')


def check_email(email):
    """A work e-mail address, or None to have none.

    :raises ValidationError: on ``email`` for anything else.
    """
    if isinstance(email, str):
        email = email.strip()
    if email is None or email == '':
        return None
    if not is_address(email):
        raise _problem('email', _('Give an e-mail address such as '
                                  'name@example.fi, or leave it empty.'))
    return email


def change_mail(registry, actor, user, **changes):
    """Change a user's work e-mail address (``email``) or when their
    notifications are mailed (``mail``: one of :data:`MAIL_CHOICES`).

    :raises ValidationError: naming the field.
    :returns: the names of the fields changed.
    """
    new = {'email': check_email(changes.get('email', user.email)),
           'mail': changes.get('mail', user.mail)}
    if new['mail'] not in MAIL_CHOICES:
        raise _problem('mail', _('Choose immediately, daily digest or '
                                 'off.'))
    changed = sorted(field for field, value in new.items()
                     if getattr(user, field) != value)
    for field in changed:
        setattr(user, field, new[field])
    if changed:
        # NB: the audit log names the fields, never the address
        registry.notify(ObjectModified(user, actor, change='mail_settings',
                                       fields=changed))
    return changed
