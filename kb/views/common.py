"""Helpers shared by the JSON API views."""
from pyramid.i18n import TranslationString

from kb.cards.versioning import Versioning
from kb.errors import (
    ForbiddenError,
    NotFoundError,
    Unauthorized,
    ValidationError,
)
from kb.i18n import _
from kb.untrusted import load_json

COMMENT_MAX = 1000


def translate(request, value):
    """Translate ``TranslationString`` values, recursively."""
    if isinstance(value, TranslationString):
        return request.localizer.translate(value)
    if isinstance(value, dict):
        return {k: translate(request, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [translate(request, v) for v in value]
    return value


def json_body(request, allowed=None, required=()):
    """The request's JSON object.

    :raises ValidationError: for malformed JSON, a non-object, unknown
        or missing keys, control characters or broken Unicode in any
        string (:func:`kb.untrusted.load_json`).
    :raises KBError: for JSON nested too deep.
    """
    try:
        body = load_json(request.body.decode('utf-8'))
    except ValueError:  # UnicodeDecodeError too
        raise ValidationError(
            _('The request body is not valid JSON.'), code='malformed_json'
        ) from None
    if not isinstance(body, dict):
        raise ValidationError(_('The request body must be a JSON object.'),
                              code='malformed_json')
    problems = []
    if allowed is not None:
        problems += [
            {'field': key, 'message': _('Unknown field.')}
            for key in sorted(set(body) - set(allowed))
        ]
    problems += [
        {'field': key, 'message': _('This is required.')}
        for key in required
        if key not in body
    ]
    if problems:
        raise ValidationError(_('The request has errors.'), details=problems)
    return body


def require(request, permission, context=None, hide=False):
    """Refuse unless the caller has ``permission`` on ``context``.

    :param hide: answer 404 instead of 403, so that the caller does not
        learn that the object exists.
    """
    context = request.context if context is None else context
    if request.has_permission(permission, context):
        return
    if hide:
        raise NotFoundError(_('Not found.'))
    if request.user is None:
        raise Unauthorized(_('Log in or give an API token.'))
    raise ForbiddenError(_('You may not do this.'))


def versioning(request):
    """A :class:`~kb.cards.versioning.Versioning` acting as the
    logged-in user."""
    user = request.user
    return Versioning(request.registry, user.name if user else 'anonymous')


def checked_comment(comment):
    """A version or transition comment: text of at most
    :data:`COMMENT_MAX` characters.

    :raises ValidationError: otherwise.
    """
    if not isinstance(comment, str) or len(comment) > COMMENT_MAX:
        raise ValidationError(
            _('The comment must be text of at most ${max} characters.',
              mapping={'max': COMMENT_MAX}),
            details=[{'field': 'comment', 'message': ''}],
        )
    return comment


def int_param(request, name, default=None, minimum=None, maximum=None):
    """An integer query parameter, validated."""
    raw = request.params.get(name)
    if raw in (None, ''):
        if default is None:
            raise ValidationError(
                _('The parameter "${name}" is required.',
                  mapping={'name': name}),
                details=[{'field': name, 'message': 'required'}],
            )
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or (minimum is not None and value < minimum) or (
        maximum is not None and value > maximum
    ):
        raise ValidationError(
            _('The parameter "${name}" must be a whole number'
              ' between ${min} and ${max}.',
              mapping={'name': name, 'min': minimum, 'max': maximum}),
            details=[{'field': name, 'message': raw}],
        )
    return value
