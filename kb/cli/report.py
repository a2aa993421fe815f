"""``kb report monthly --month YYYY-MM`` and ``kb report billing
--quarter YYYYQn``: the pilot's standard reports and the quarter's bills
as JSON, CSV and printable HTML files."""
import json
from pathlib import Path

from kb.reports.pages import monthly_values, render_report
from kb.reports.tables import billing_rows, csv_text, monthly_rows
from kb.tickets.reports import billing, monthly


def add_arguments(parser):
    kinds = parser.add_subparsers(dest='kind', required=True)
    month = kinds.add_parser('monthly', help="a month's reports")
    month.add_argument('--month', required=True, help='YYYY-MM')
    month.add_argument('--out', default='.', help='directory to write')
    bills = kinds.add_parser('billing', help="a quarter's bills")
    bills.add_argument('--quarter', required=True, help='YYYYQn')
    bills.add_argument('--out', default='.', help='directory to write')


def write(out, name, request, template, rows, data, **values):
    """``name``.json, .csv and .html in ``out``."""
    (out / f'{name}.json').write_text(
        json.dumps(data, ensure_ascii=False, indent=2), 'utf-8')
    (out / f'{name}.csv').write_text(csv_text(rows), 'utf-8')
    (out / f'{name}.html').write_text(
        render_report(request, template, **values).text, 'utf-8')


def run(args, env):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    store = env['root']['tickets']
    request = env['request']
    # NB: bootstrap's request has no ``root`` (the router sets it); the
    # report templates read ``request.directory``, which needs it
    request.root = env['root']
    written = 0
    if args.kind == 'monthly':
        # one identical set per provider, as the pilot did
        providers = request.directory.providers
        for provider in sorted(set(providers) - {'central'}):
            report = monthly(store, args.month, provider=provider)
            write(out, f'monthly-{args.month}-{provider}', request,
                  'report_monthly.pt', monthly_rows(report), report,
                  **monthly_values(request, report))
            written += 1
    else:
        result = billing(store, args.quarter)
        for bill in result['bills']:
            single = dict(result, bills=[bill])
            write(out, f"bill-{args.quarter}-{bill['point']}-"
                       f"{bill['provider']}", request, 'report_billing.pt',
                  billing_rows(single), single, result=single,
                  quarter=args.quarter)
            written += 1
    print(f'{written} report sets written to {out}', file=args.stdout)
