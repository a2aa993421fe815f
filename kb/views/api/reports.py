"""Reports and bills as JSON and CSV (the pages are in
:mod:`kb.views.reports`); the price list.

Point managers see their point, provider staff their provider, the
central editor and administrators everything.
"""
import csv
import io

from pyramid.response import Response
from pyramid.view import view_config

from kb import refdata, security
from kb.errors import ForbiddenError, ValidationError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.tickets.prices import change_prices
from kb.tickets.reports import billing, monthly
from kb.views.api.common import json_body


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
    own_point = security.own_point(user)
    if own_point is not None and point not in (None, own_point):
        raise ForbiddenError(_('You may not do this.'))
    own_provider = security.own_provider(user)
    if own_provider is not None and provider not in (None, own_provider):
        raise ForbiddenError(_('You may not do this.'))
    return own_point or point, own_provider or provider


def csv_response(rows, filename):
    stream = io.StringIO()
    if rows:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response(
        stream.getvalue(), content_type='text/csv', charset='utf-8',
        content_disposition=f'attachment; filename="{filename}"')


def monthly_rows(report):
    """Every table of a monthly report as flat CSV rows."""
    rows = []
    for period in ('monthly', 'cumulative'):
        for table, entries in report[period].items():
            if table == 'period':
                continue
            for entry in entries:
                row = {'period': period, 'table': table}
                row.update(entry)
                rows.append(row)
    columns = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    return [{key: row.get(key, '') for key in columns} for row in rows]


def billing_rows(result):
    rows = []
    for bill in result['bills']:
        for line in bill['lines']:
            rows.append(dict(point=bill['point'], provider=bill['provider'],
                             quarter=bill['quarter'], **line))
        rows.append({'point': bill['point'], 'provider': bill['provider'],
                     'quarter': bill['quarter'], 'suorite': 'TOTAL',
                     'count': bill['count'], 'unit_price_eur': '',
                     'sum_eur': bill['total_eur']})
    return rows


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


@view_config(route_name='api.reports.monthly', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_monthly(request):
    report = monthly_report(request)
    if request.params.get('format') == 'csv':
        return csv_response(monthly_rows(report),
                            f"monthly-{report['month']}.csv")
    return report


@view_config(route_name='api.reports.billing', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_billing(request):
    result = billing_report(request)
    if request.params.get('format') == 'csv':
        return csv_response(billing_rows(result),
                            f"billing-{result['quarter']}.csv")
    return result


@view_config(route_name='api.prices', request_method='POST', context=IRoot,
             renderer='json', permission=security.ADMIN)
def set_price(request):
    """New minutes for one provider's performance type, or a new minute
    price for all, from a date on."""
    body = json_body(request, allowed=('effective', 'provider', 'suorite',
                                       'minutes', 'minute_price'),
                     required=('effective',))
    return change_prices(
        request.root, request.registry, request.user.name,
        body['effective'], body.get('provider'), body.get('suorite'),
        body.get('minutes'), body.get('minute_price'))
