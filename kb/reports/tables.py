"""Reports as flat rows and CSV text, for the API's CSV answers and the
files of ``kb report``."""
import csv
import io

from kb.errors import ValidationError
from kb.i18n import _

#: The tables of a billing result as CSV: name → filename prefix.
BILLING_TABLES = {'bills': 'billing', 'times': 'billing-times'}


def csv_text(rows):
    """``rows`` (dicts with the same keys) as CSV with a header line."""
    stream = io.StringIO()
    if rows:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return stream.getvalue()


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


def billing_table(result, table=None):
    """(rows, filename) of the bills (``table`` 'bills', the default) or
    of the priced minutes against the measured times ('times')."""
    table = table or 'bills'
    if table not in BILLING_TABLES:
        raise ValidationError(
            _('Unknown table.'),
            details=[{'field': 'table', 'message': str(table)}])
    rows = billing_rows(result) if table == 'bills' else result['times']
    return rows, f"{BILLING_TABLES[table]}-{result['quarter']}.csv"


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
