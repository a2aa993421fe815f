"""``kb report monthly --month YYYY-MM`` and ``kb report billing
--quarter YYYYQn``: the pilot's standard reports and the quarter's bills
as JSON, CSV and printable HTML files. ``kb report packs list|make|get``:
the month-end and quarter-end packs (:mod:`kb.reports.packs`)."""
import json
from pathlib import Path

from kb.clock import stamp
from kb.errors import NotFoundError
from kb.i18n import _
from kb.reports import packs
from kb.reports.pages import monthly_values, render_report
from kb.reports.tables import billing_rows, csv_text, monthly_rows
from kb.tickets.desk import month_of
from kb.tickets.reports import billing, monthly, parse_month, parse_quarter


def add_arguments(parser):
    kinds = parser.add_subparsers(dest='kind', required=True)
    month = kinds.add_parser('monthly', help="a month's reports")
    month.add_argument('--month', required=True, help='YYYY-MM')
    month.add_argument('--out', default='.', help='directory to write')
    bills = kinds.add_parser('billing', help="a quarter's bills")
    bills.add_argument('--quarter', required=True, help='YYYYQn')
    bills.add_argument('--out', default='.', help='directory to write')
    kept = kinds.add_parser(
        'packs', help='the month-end and quarter-end packs').add_subparsers(
            dest='action', required=True)
    listing = kept.add_parser('list', help='list the packs, newest first')
    listing.add_argument('--kind', dest='pack_kind', choices=packs.KINDS)
    listing.add_argument('--period', help='YYYY-MM or YYYYQn')
    make = kept.add_parser(
        'make', help="pack a finished period now (e.g. one before the "
        "packs began); mails nobody")
    period = make.add_mutually_exclusive_group(required=True)
    period.add_argument('--month', help='YYYY-MM')
    period.add_argument('--quarter', help='YYYYQn')
    get = kept.add_parser('get', help="write a pack's JSON and CSV files")
    get.add_argument('id', help='e.g. monthly-2015-03-provider-kela')
    get.add_argument('--out', default='.', help='directory to write')


def write(out, name, request, template, rows, data, **values):
    """``name``.json, .csv and .html in ``out``."""
    (out / f'{name}.json').write_text(
        json.dumps(data, ensure_ascii=False, indent=2), 'utf-8')
    (out / f'{name}.csv').write_text(csv_text(rows), 'utf-8')
    (out / f'{name}.html').write_text(
        render_report(request, template, **values).text, 'utf-8')


def run_packs(args, env):
    """``kb report packs``: list, make or get."""
    root = env['root']
    store = root[packs.NAME]
    if args.action == 'list':
        packs.check_period(args.pack_kind, args.period)
        for pack in store.visible(kind=args.pack_kind, period=args.period):
            print(pack.id, pack.created, file=args.stdout)
        return
    if args.action == 'make':
        kind = 'monthly' if args.month else 'billing'
        period = args.month or args.quarter
        (parse_month if args.month else parse_quarter)(period)
        packs.check_finished(period, month_of(env['registry'].clock()))
        with env['request'].tm:
            made = store.make(root, kind, period,
                              stamp(env['registry'].clock()))
        print(f'{len(made)} packs made', file=args.stdout)
        return
    pack = store.packs.get(args.id)
    if pack is None:
        raise NotFoundError(_('No such report pack.'))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f'{pack.id}.json').write_text(json.dumps(
        pack.report(), ensure_ascii=False, indent=2), 'utf-8')
    for rows, name in packs.pack_tables(pack):
        (out / name).write_text(csv_text(rows), 'utf-8')
    print(f'{pack.id} written to {out}', file=args.stdout)


def run(args, env):
    if args.kind == 'packs':
        return run_packs(args, env)
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
        result = billing(store, args.quarter, prices=env['root']['prices'])
        for bill in result['bills']:
            single = dict(result, bills=[bill])
            write(out, f"bill-{args.quarter}-{bill['point']}-"
                       f"{bill['provider']}", request, 'report_billing.pt',
                  billing_rows(single), single, result=single,
                  quarter=args.quarter)
            written += 1
    print(f'{written} report sets written to {out}', file=args.stdout)
