"""Errors that the HTTP and CLI edges turn into clear messages."""
from kb.i18n import _


class KBError(Exception):
    """Base of our errors: an HTTP status, a code and a message.

    ``message`` may be a ``TranslationString``; ``details`` is JSON-able.
    """

    status = 400
    code = 'bad_request'

    def __init__(self, message, details=None, code=None):
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code


class ValidationError(KBError):
    """Input that breaks the rules; ``details`` lists every problem."""

    status = 422
    code = 'validation'


class StateConflictError(KBError):
    """The request conflicts with the current state (409): a stale base
    version, a transition not allowed in this state, a name taken.
    Not ZODB's ``ConflictError``, which ``pyramid_retry`` retries."""

    status = 409
    code = 'conflict'


class NotFoundError(KBError):
    status = 404
    code = 'not_found'


class ForbiddenError(KBError):
    status = 403
    code = 'forbidden'


class Unauthorized(KBError):
    status = 401
    code = 'unauthorized'


class PayloadTooLarge(KBError):
    status = 413
    code = 'too_large'


def check_filter(value, allowed, name):
    """Refuse a filter ``value`` that is not one of ``allowed`` (an empty
    one means no filter).

    :raises ValidationError: naming the filter.
    """
    if value and value not in allowed:
        raise ValidationError(
            _('Unknown ${name} "${value}".',
              mapping={'name': name, 'value': value}),
            details=[{'field': name, 'message': value}],
        )
