"""Users, their roles and API tokens."""
import re

from kb import refdata
from kb.errors import ConflictError, ValidationError
from kb.events import ObjectAdded, ObjectModified
from kb.i18n import _
from kb.resources import User
from kb.security import new_token, set_password, token_digest

NAME_RE = re.compile(r'^[a-z0-9][a-z0-9._-]{1,62}$')
PASSWORD_MIN = 10


def _problem(field, message):
    return ValidationError(message, details=[{'field': field,
                                             'message': message}])


def validate_user(root, name, role, provider=None, point=None):
    """Check a new user's fields against the roles' rules.

    :raises ValidationError: naming the field.
    """
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise _problem('name', _('A user name is 2-63 lower-case letters, '
                                 'digits, dots, hyphens or underscores.'))
    if role not in refdata.ROLES:
        raise _problem('role', _('Unknown role "${role}".',
                                 mapping={'role': role}))
    if role in refdata.PROVIDER_ROLES:
        if not refdata.is_code(provider, root['providers']) or (
            provider == 'central'
        ):
            raise _problem('provider', _('This role needs a provider.'))
    elif provider:
        raise _problem('provider', _('This role has no provider.'))
    if role in refdata.POINT_ROLES:
        if not refdata.is_code(point, root['points']):
            raise _problem('point', _('This role needs a service point.'))
    elif point:
        raise _problem('point', _('This role has no service point.'))


def add_user(root, registry, actor, name, role, password,
             provider=None, point=None, locale=None):
    """Create a user with an argon2-hashed password."""
    validate_user(root, name, role, provider, point)
    if name in root['users']:
        raise ConflictError(_('The user "${name}" exists already.',
                              mapping={'name': name}), code='user_exists')
    check_password_strength(password)
    if locale is not None and not refdata.is_code(locale,
                                                  refdata.UI_LANGUAGES):
        raise _problem('locale', _('Unknown language.'))
    user = User(name, role, provider or None, point or None, locale)
    set_password(user, password, registry.password_hasher)
    root['users'].add(name, user)
    registry.notify(ObjectAdded(user, actor, role=role))
    return user


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
        'locale': user.locale,
        'active': user.active,
    }
