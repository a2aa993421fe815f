"""Report pages for point managers, provider staff and the central
editor (theme ``reports``): the monthly report with charts, the quarter's
bills, month and quarter forms, CSV links.

The figures come from :mod:`kb.tickets.reports`; who sees which figures
is decided by :func:`kb.reports.scope.scope`, as for the API; the pages
are rendered by :mod:`kb.reports.pages`, as for ``kb report``.
"""
from pyramid.view import view_config

from kb import security
from kb.errors import ValidationError
from kb.interfaces import IRoot
from kb.reports.packs import listed, pack_table, readable_pack
from kb.reports.pages import monthly_values, render_report
from kb.reports.scope import billing_report, monthly_report, scope
from kb.reports.spreadsheet import spreadsheet_text
from kb.reports.tables import billing_table, monthly_rows
from kb.views.api.reports import csv_response


def page(request, name, status=200, **values):
    response = render_report(request, name, **values)
    response.status_int = status
    return response


def invalid(request, name, error, **values):
    """The form again, with the error beside its field (400)."""
    details = error.details or [{}]
    return page(request, name, status=400, error=error.message,
                error_field=details[0].get('field'), **values)


def this_quarter(today):
    return f'{today.year}Q{(today.month - 1) // 3 + 1}'


@view_config(route_name='reports', request_method='GET', context=IRoot,
             permission=security.REPORTS)
def index(request):
    point, provider = scope(request)
    today = request.today
    return page(request, 'reports.pt', point=point, provider=provider,
                month=today.strftime('%Y-%m'),
                quarter=this_quarter(today))


@view_config(route_name='reports.monthly', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def monthly_page(request):
    month = request.params.get('month') or request.today.strftime(
        '%Y-%m')
    try:
        report = monthly_report(request, month)
    except ValidationError as error:
        return invalid(request, 'report_monthly.pt', error, month=month,
                       report=None)
    return page(request, 'report_monthly.pt',
                **monthly_values(request, report))


@view_config(route_name='reports.billing', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def billing_page(request):
    quarter = request.params.get('quarter') or this_quarter(
        request.today)
    try:
        result = billing_report(request, quarter)
    except ValidationError as error:
        return invalid(request, 'report_billing.pt', error, quarter=quarter,
                       result=None)
    return page(request, 'report_billing.pt', quarter=quarter,
                result=result)


@view_config(route_name='reports.monthly.csv', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def monthly_spreadsheet(request):
    """The monthly report as a spreadsheet's CSV in the reader's
    language (a bad month or scope gets the readable error page)."""
    report = monthly_report(request)
    return csv_response(spreadsheet_text(request, monthly_rows(report)),
                        f"monthly-{report['month']}.csv")


@view_config(route_name='reports.billing.csv', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def billing_spreadsheet(request):
    """The quarter's bills as a spreadsheet's CSV in the reader's
    language."""
    result = billing_report(request)
    rows, filename = billing_table(result, request.params.get('table'))
    return csv_response(spreadsheet_text(request, rows), filename)


@view_config(route_name='reports.packs', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def packs_page(request):
    """The packs the user may read, newest first, with their files."""
    return page(request, 'report_packs.pt', packs=listed(request))


@view_config(route_name='reports.pack.csv', request_method='GET',
             context=IRoot, permission=security.REPORTS)
def pack_spreadsheet(request):
    """One table of a pack as a spreadsheet's CSV in the reader's
    language."""
    pack = readable_pack(request, request.matchdict['id'])
    rows, filename = pack_table(pack, request.params.get('table'))
    return csv_response(spreadsheet_text(request, rows), filename)


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('reports', '/reports')
    config.add_route('reports.monthly', '/reports/monthly')
    config.add_route('reports.billing', '/reports/billing')
    config.add_route('reports.monthly.csv', '/reports/monthly.csv')
    config.add_route('reports.billing.csv', '/reports/billing.csv')
    config.add_route('reports.packs', '/reports/packs')
    config.add_route('reports.pack.csv', '/reports/packs/{id}.csv')
