"""The report pages' values and rendering (theme ``reports``): names
and labels, charts, the selections a user may make; shared by the
report pages and the printable files of ``kb report``."""
from decimal import Decimal
import functools

from kb import refdata, security
from kb.i18n import _
from kb.i18n.formats import formatter
from kb.i18n.labels import (
    card_label,
    point_label,
    provider_name,
    suorite_label,
)
from kb.layout import render_page
from kb.reports.charts import bar_chart
from kb.tickets.reports import SLOT_ORDER

THEME = 'reports'
CHART_DESC = _('A bar chart; the same figures are in the table below it.')


DIMENSIONS = {
    'point': _('Service point'),
    'provider': _('Provider'),
    'suorite': _('Performance type'),
    'service': _('Service card'),
}


def dimension_key(root, directory, row, lang):
    """(readable name, its language) of a handling-time row's key: a
    service point, provider, performance type or card."""
    if row['dimension'] == 'service':
        return card_label(root['cards'], row['key'], lang)
    table = {'point': lambda: directory.points,
             'suorite': refdata.suoritteet,
             'provider': lambda: directory.providers}[row['dimension']]
    return refdata.name_in(table(), row['key'], lang)


def minutes(seconds):
    """Seconds as minutes with one decimal (every duration of the
    reports is in minutes); None stays None."""
    return None if seconds is None else round(seconds / 60, 1)


def summary(report):
    """The month's headline figures: performances, compensation, and
    the share of tickets closed within the report's minutes (each
    ticket has one provider, so the provider rows count every one)."""
    month = report['monthly']
    overall = [row for row in month['handling_times']
               if row['dimension'] == 'provider']
    closed = sum(row['count'] for row in overall)
    return {
        'count': sum(row['count'] for row in month['compensation']),
        'amount_eur': sum(Decimal(row['amount_eur'])
                          for row in month['compensation']),
        'within_percent': round(100 * sum(
            row['within30_count'] for row in overall) / closed)
        if closed else None,
    }


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
    directory = request.directory
    medians = [
        (provider_name(directory, row['key'], lang),
         minutes(row['closed_median']))
        for row in month['handling_times']
        if row['dimension'] == 'provider' and row['closed_median'] is not None
    ]
    count = tr(_('Performances'))
    return [
        bar_chart('per-provider', tr(_('Performances per provider')),
                  tr(CHART_DESC), count,
                  [(provider_name(directory, code, lang), n)
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
                  tr(CHART_DESC), tr(_('Minutes')), medians, fmt.number),
    ]


def monthly_values(request, report):
    """What the monthly report template shows, for the page and for
    ``kb report``."""
    return dict(report=report, month=report['month'],
                charts=monthly_charts(request, report),
                summary=summary(report))


def point_choices(user, directory):
    """The points ``user`` may choose among: every point for a user of
    none, their own if they serve several, else none."""
    if user is None:
        return []
    own_points = security.own_points(user)
    if not own_points:
        return sorted(directory.points)
    return list(own_points) if len(own_points) > 1 else []


def common_values(request):
    """Values every report template uses: formatting, names, and the
    point and provider selections this user may make (none for a
    script; a point manager of several points chooses one of them)."""
    user = request.user
    directory = request.directory
    fmt = formatter(request)
    return {
        'points': point_choices(user, directory),
        # NB: "all I may see" is every point, never a manager's several
        'every_point': user is not None and not security.own_points(user),
        'providers': sorted(set(directory.providers) - {'central'})
        if user is not None and security.own_provider(user) is None
        else [],
        'selected': {'point': request.params.get('point')
                     or request.point or '',
                     'provider': request.params.get('provider', '')},
        'error': None,
        'error_field': None,
        'fmt': fmt,
        'provider_name': functools.partial(provider_name, directory),
        'point_label': functools.partial(point_label, directory),
        'suorite_label': suorite_label,
        'dimensions': DIMENSIONS,
        'dimension_key': functools.partial(dimension_key, request.root,
                                           directory),
        'minutes': lambda seconds: fmt.number(minutes(seconds)),
    }


def render_report(request, name, **values):
    """A report template of the ``reports`` theme, rendered."""
    return render_page(request, name, theme=THEME,
                       **dict(common_values(request), **values))
