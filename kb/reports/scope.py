"""Which figures a user may see, and the report within that scope.

Point managers see their point (one of theirs at a time if they serve
several: the one they chose, unless they name another), provider staff
their provider, the central editor and administrators everything.
"""
from kb import refdata, security
from kb.errors import ForbiddenError, ValidationError
from kb.i18n import _
from kb.tickets.reports import billing, monthly


def scope(request):
    """(point, provider) the caller may report on, from the query."""
    user = request.user
    if user is None:
        raise ForbiddenError(_('You may not do this.'))
    point = request.params.get('point') or None
    provider = request.params.get('provider') or None
    if point is not None and not refdata.is_code(
            point, request.directory.points):
        raise ValidationError(_('Unknown service point "${code}".',
                                mapping={'code': point}),
                              details=[{'field': 'point', 'message': ''}])
    if provider is not None and not refdata.is_code(
            provider, request.directory.providers):
        raise ValidationError(_('Unknown provider "${code}".',
                                mapping={'code': provider}),
                              details=[{'field': 'provider',
                                        'message': ''}])
    if not request.has_permission(security.REPORTS, request.root):
        raise ForbiddenError(_('You may not do this.'))
    own_points = security.own_points(user)
    if own_points and point not in (None,) + own_points:
        raise ForbiddenError(_('You may not do this.'))
    own_provider = security.own_provider(user)
    if own_provider is not None and provider not in (None, own_provider):
        raise ForbiddenError(_('You may not do this.'))
    if own_points:
        point = point or request.point
    return point, own_provider or provider


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
                   provider, prices=request.root['prices'])
