"""Which figures a user may see, and the report within that scope.

Point managers see their point, provider staff their provider, the
central editor and administrators everything.
"""
from kb import refdata
from kb.errors import ForbiddenError, ValidationError
from kb.i18n import _
from kb.tickets.reports import billing, monthly

STAFF = ('central_editor', 'admin')


def scope(request):
    """(point, provider) the caller may report on, from the query."""
    user = request.user
    if user is None:
        raise ForbiddenError(_('You may not do this.'))
    point = request.params.get('point') or None
    provider = request.params.get('provider') or None
    if point is not None and not refdata.is_code(point, refdata.points()):
        raise ValidationError(_('Unknown service point "${code}".',
                                mapping={'code': point}),
                              details=[{'field': 'point', 'message': ''}])
    if provider is not None and not refdata.is_code(
            provider, refdata.providers()):
        raise ValidationError(_('Unknown provider "${code}".',
                                mapping={'code': provider}),
                              details=[{'field': 'provider',
                                        'message': ''}])
    if user.role == 'point_manager':
        if point not in (None, user.point):
            raise ForbiddenError(_('You may not do this.'))
        return user.point, provider
    if user.role in refdata.PROVIDER_ROLES:
        if provider not in (None, user.provider):
            raise ForbiddenError(_('You may not do this.'))
        return point, user.provider
    if user.role in STAFF:
        return point, provider
    raise ForbiddenError(_('You may not do this.'))


def monthly_report(request, month=None):
    """The month's report (``month`` or the query's) within the
    caller's :func:`scope`."""
    point, provider = scope(request)
    return monthly(request.root['tickets'],
                   month or request.params.get('month'), point, provider)


def billing_report(request, quarter=None):
    """The quarter's bills (``quarter`` or the query's) within the
    caller's :func:`scope`."""
    point, provider = scope(request)
    return billing(request.root['tickets'],
                   quarter or request.params.get('quarter'), point,
                   provider)
