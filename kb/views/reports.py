"""Report pages for point managers, provider staff and the central
editor (theme ``reports``): the monthly report with charts, the quarter's
bills, month and quarter forms, CSV links.

The figures come from :mod:`kb.tickets.reports`; who sees which figures
is decided by :func:`kb.views.api.reports.scope`, as for the API.
"""
from pyramid.view import view_config

from kb import refdata, security
from kb.errors import ValidationError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.tickets.reports import SLOT_ORDER
from kb.views.api.common import editor
from kb.views.api.reports import billing_report, monthly_report, scope
from kb.views.charts import bar_chart
from kb.views.formatting import formatter
from kb.views.pages import render_page

THEME = 'reports'
CHART_DESC = _('A bar chart; the same figures are in the table below it.')


def provider_name(code, lang):
    return refdata.name_of(refdata.providers(), code, lang)


def point_label(code, lang):
    """(name, its language) of a service point for ``lang``: points
    have Finnish and Swedish names; the template marks the ``lang``."""
    return refdata.name_in(refdata.points(), code, lang)


def suorite_label(code, lang):
    """(name, its language) of a performance type for ``lang``: the
    template marks the ``lang`` of a name that fell back to Finnish."""
    return refdata.name_in(refdata.suoritteet(), code, lang)


DIMENSIONS = {
    'point': _('Service point'),
    'provider': _('Provider'),
    'suorite': _('Performance type'),
    'service': _('Service card'),
}


def dimension_key(row, lang):
    """(readable name, its language) of a handling-time row's key; a
    card id has no language."""
    table = {'point': refdata.points, 'suorite': refdata.suoritteet,
             'provider': refdata.providers}.get(row['dimension'])
    if table is None:
        return row['key'], None
    return refdata.name_in(table(), row['key'], lang)


def totals(rows, key):
    """``{rows[key]: summed count}``."""
    summed = {}
    for row in rows:
        summed[row[key]] = summed.get(row[key], 0) + row['count']
    return summed


def type_rows(per_type, lang):
    """Chart rows ``(name, count, its language)`` of performance types,
    the most frequent first."""
    rows = []
    for code, count in per_type.items():
        name, name_lang = suorite_label(code, lang)
        rows.append((name, count, name_lang))
    return sorted(rows, key=lambda row: -row[1])


def monthly_charts(request, report):
    """The monthly report's charts (this month's figures)."""
    fmt = formatter(request)
    lang = request.localizer.locale_name
    tr = request.localizer.translate
    month = report['monthly']
    per_provider = totals(month['by_type'], 'provider')
    per_type = totals(month['by_type'], 'suorite')
    arrivals = totals(month['arrivals'], 'slot')
    medians = [
        (provider_name(row['key'], lang), row['closed_median'] / 60)
        for row in month['handling_times']
        if row['dimension'] == 'provider' and row['closed_median'] is not None
    ]
    count = tr(_('Performances'))
    return [
        bar_chart('per-provider', tr(_('Performances per provider')),
                  tr(CHART_DESC), count,
                  [(provider_name(code, lang), n)
                   for code, n in sorted(per_provider.items())],
                  fmt.number),
        bar_chart('per-type', tr(_('Performances by type')), tr(CHART_DESC),
                  count, type_rows(per_type, lang), fmt.number),
        bar_chart('arrivals', tr(_('Tickets by arrival time')),
                  tr(CHART_DESC), tr(_('Tickets')),
                  [(slot.replace('-', '–'), arrivals.get(slot, 0))
                   for slot in SLOT_ORDER], fmt.number),
        bar_chart('medians', tr(_('Median handling time per provider '
                                  '(minutes, opened to closed)')),
                  tr(CHART_DESC), tr(_('Minutes')), medians,
                  lambda minutes: fmt.number(round(minutes, 1))),
    ]


def monthly_values(request, report):
    """What the monthly report template shows, for the page and for
    ``kb report``."""
    return dict(report=report, month=report['month'],
                charts=monthly_charts(request, report))


def common_values(request):
    """Values every report template uses: formatting, names, and the
    point and provider selections this user may make (none for a
    script)."""
    role = request.user.role if request.user is not None else None
    return {
        'points': sorted(refdata.points()) if role not in (
            None, 'point_manager') else [],
        'providers': sorted(set(refdata.providers()) - {'central'})
        if role not in (None,) + refdata.PROVIDER_ROLES else [],
        'selected': {key: request.params.get(key, '')
                     for key in ('point', 'provider')},
        'error': None,
        'error_field': None,
        'fmt': formatter(request),
        'provider_name': provider_name,
        'point_label': point_label,
        'suorite_label': suorite_label,
        'dimensions': DIMENSIONS,
        'dimension_key': dimension_key,
    }


def render_report(request, name, **values):
    """A report template of the ``reports`` theme, rendered."""
    return render_page(request, name, theme=THEME,
                       **dict(common_values(request), **values))


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
             permission=security.AUTHENTICATED)
def index(request):
    point, provider = scope(request)
    today = request.today
    return page(request, 'reports.pt', point=point, provider=provider,
                month=today.strftime('%Y-%m'),
                quarter=this_quarter(today))


@view_config(route_name='reports.monthly', request_method='GET',
             context=IRoot, permission=security.AUTHENTICATED)
def monthly_page(request):
    month = request.params.get('month') or editor(
        request).today.strftime('%Y-%m')
    try:
        report = monthly_report(request, month)
    except ValidationError as error:
        return invalid(request, 'report_monthly.pt', error, month=month,
                       report=None)
    return page(request, 'report_monthly.pt',
                **monthly_values(request, report))


@view_config(route_name='reports.billing', request_method='GET',
             context=IRoot, permission=security.AUTHENTICATED)
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


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('reports', '/reports')
    config.add_route('reports.monthly', '/reports/monthly')
    config.add_route('reports.billing', '/reports/billing')
