"""Reports and bills as JSON and CSV (the pages are in
:mod:`kb.views.reports`); the price list.

Who sees which figures is decided by :mod:`kb.reports.scope`.
"""
from pyramid.response import Response
from pyramid.view import view_config

from kb import security
from kb.interfaces import IRoot
from kb.reports.packs import listed, pack_table, readable_pack
from kb.reports.scope import billing_report, monthly_report
from kb.reports.tables import billing_table, csv_text, monthly_rows
from kb.tickets.prices import change_prices
from kb.views.common import json_body


def csv_response(text, filename):
    """A CSV file ``text`` to download as ``filename``."""
    return Response(
        text, content_type='text/csv', charset='utf-8',
        content_disposition=f'attachment; filename="{filename}"')


@view_config(route_name='api.reports.monthly', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_monthly(request):
    report = monthly_report(request)
    if request.params.get('format') == 'csv':
        return csv_response(csv_text(monthly_rows(report)),
                            f"monthly-{report['month']}.csv")
    return report


@view_config(route_name='api.reports.billing', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_billing(request):
    result = billing_report(request)
    if request.params.get('format') == 'csv':
        rows, filename = billing_table(result, request.params.get('table'))
        return csv_response(csv_text(rows), filename)
    return result


@view_config(route_name='api.reports.packs', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_packs(request):
    """The month-end and quarter-end packs the caller may read."""
    return {'items': [pack.describe() for pack in listed(request)]}


@view_config(route_name='api.reports.pack', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.REPORTS)
def api_pack(request):
    """One pack: its figures as JSON, or one of its tables as CSV."""
    pack = readable_pack(request, request.matchdict['id'])
    if request.params.get('format') == 'csv':
        rows, filename = pack_table(pack, request.params.get('table'))
        return csv_response(csv_text(rows), filename)
    return dict(pack.describe(), report=pack.report())


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
