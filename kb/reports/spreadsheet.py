"""Reports as CSV for a spreadsheet in the reader's language: the rows
of :mod:`kb.reports.tables` with headings and names instead of codes,
durations in minutes, semicolons between fields and decimal commas, as
Finnish and Swedish spreadsheets open them (the machine-friendly CSV of
the API, ``format=csv``, keeps codes, seconds, commas and points)."""
import csv
from decimal import Decimal
import io

from babel.numbers import format_decimal

from kb import refdata
from kb.i18n import _
from kb.i18n.formats import BABEL_LOCALES
from kb.i18n.labels import OUTCOMES, card_label
from kb.reports.pages import DIMENSIONS, dimension_key, minutes

#: Column → its heading; durations are minutes in this form.
HEADINGS = {
    'period': _('Period'),
    'table': _('Table'),
    'point': _('Service point'),
    'provider': _('Provider'),
    'quarter': _('Quarter'),
    'dimension': _('Dimension'),
    'key': _('Key'),
    'suorite': _('Performance type'),
    'card': _('Service card'),
    'slot': _('Arrival time'),
    'outcome': _('Outcome'),
    'count': _('Count'),
    'amount_eur': _('Amount (€)'),
    'unit_price_eur': _('Unit price (€)'),
    'sum_eur': _('Sum (€)'),
    'within30_count': _('Closed within 30 min'),
    'resolved_mean': _('To resolved, mean (min)'),
    'resolved_median': _('To resolved, median (min)'),
    'closed_mean': _('To closed, mean (min)'),
    'closed_median': _('To closed, median (min)'),
    'resolved30_mean': _('Closed within 30 min: to resolved, mean (min)'),
    'resolved30_median': _(
        'Closed within 30 min: to resolved, median (min)'),
    'closed30_mean': _('Closed within 30 min: to closed, mean (min)'),
    'closed30_median': _('Closed within 30 min: to closed, median (min)'),
    'rated': _('Ratings'),
    'mean_rating': _('Mean rating (1–5)'),
    'share_percent': _('Share of priced use nationally (%)'),
    'priced_minutes': _('Priced minutes'),
}
PERIODS = {'monthly': _('This month'),
           'cumulative': _('Cumulative from January')}
TABLES = {
    'by_type': _('Performances by type'),
    'by_service': _('Performances by service card'),
    'compensation': _('Compensations'),
    'handling_times': _('Handling times (minutes)'),
    'arrivals': _('Tickets by arrival time'),
    'outcomes': _('Outcomes'),
    'feedback': _('Customer feedback'),
    'point_handling_times': _('Handling times per service point (minutes)'),
    'provider_shares': _("Providers' shares of use nationally"),
}
#: A text cell starting with one of these is a formula to a spreadsheet
#: (CSV injection): a card's title is an editor's text.
FORMULA_START = ('=', '+', '-', '@', '\t', '\r')
#: The bill's total line (``suorite`` of :func:`billing_rows`).
TOTAL = 'TOTAL'
DECIMALS = ('amount_eur', 'unit_price_eur', 'sum_eur')
#: Numbers with one or two decimals, written with the locale's comma.
NUMBERS = ('mean_rating', 'share_percent', 'priced_minutes')


class Namer:
    """Readable values of one report's columns in the request's
    language."""

    def __init__(self, request):
        self.lang = request.localizer.locale_name
        self.translate = request.localizer.translate
        self.root = request.root
        self.directory = request.directory
        self.named = self.names()

    def number(self, value, pattern='0.#'):
        """A decimal with the locale's comma and no grouping, which a
        spreadsheet reads as a number (euros with two decimals)."""
        return format_decimal(Decimal(str(value)), pattern,
                              locale=BABEL_LOCALES.get(self.lang, self.lang))

    def value(self, column, value, row):
        if value in (None, ''):
            return ''
        if column.endswith(('_mean', '_median')):
            return self.number(minutes(value))
        if column in NUMBERS:
            return self.number(value, '0.##')
        if column in DECIMALS:
            return self.number(value, '0.00')
        named = self.named.get(column)
        text = str(named(value, row) if named else value)
        return "'" + text if text.startswith(FORMULA_START) else text

    def names(self):
        """Column → function (code, row) → name."""
        directory, lang, tr = self.directory, self.lang, self.translate
        return {
            'period': lambda code, row: tr(PERIODS.get(code, code)),
            'table': lambda code, row: tr(TABLES.get(code, code)),
            'point': lambda code, row: refdata.name_of(
                directory.points, code, lang),
            'provider': lambda code, row: refdata.name_of(
                directory.providers, code, lang),
            'suorite': lambda code, row: tr(_('Total')) if code == TOTAL
            else refdata.name_of(refdata.suoritteet(), code, lang),
            'card': lambda code, row: card_label(
                self.root['cards'], code, lang)[0],
            'dimension': lambda code, row: tr(DIMENSIONS.get(code, code)),
            'key': lambda code, row: dimension_key(
                self.root, directory, row, lang)[0],
            'outcome': lambda code, row: tr(OUTCOMES.get(code, code)),
            'slot': lambda code, row: code.replace('-', '–'),
        }


def spreadsheet_text(request, rows):
    """``rows`` (dicts with the same keys, as :func:`csv_text` takes
    them) as a spreadsheet's CSV in the request's language: a byte-order
    mark (so that a spreadsheet reads UTF-8), headings, names,
    semicolons."""
    stream = io.StringIO()
    stream.write('\ufeff')
    if rows:
        namer = Namer(request)
        writer = csv.writer(stream, delimiter=';', lineterminator='\r\n')
        columns = list(rows[0])
        writer.writerow([request.localizer.translate(
            HEADINGS.get(column, column)) for column in columns])
        for row in rows:
            writer.writerow([namer.value(column, row[column], row)
                             for column in columns])
    return stream.getvalue()
