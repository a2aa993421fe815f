"""The pilot's reports and the quarterly bills, from the aggregates.

Reports read the per-point, per-month aggregates kept at closing (see
:func:`kb.tickets.desk.record`) and the cumulative rollups of finished
months (:meth:`kb.tickets.model.TicketStore.roll_up`), so their cost
does not grow with the number of tickets or months.
:func:`scan_aggregates` computes the same aggregates by reading every
ticket: the baseline of the benchmark and a cross-check in the tests.

Durations are seconds; medians are exact (the mean of the two middle
values for an even count): the histograms count durations per minute,
and only the minutes holding the middle values are read to the second.
"""
from bisect import bisect_right
from decimal import Decimal
from itertools import accumulate, zip_longest
import re

from kb.errors import ValidationError
from kb.i18n import _
from kb.tickets.desk import WITHIN, month_of, record
from kb.tickets.model import TicketStore, merged_detail

MEASURES = ('resolved', 'closed', 'resolved30', 'closed30')
SLOT_ORDER = ('08-10', '10-12', '12-14', '14-16', '16-08')
DIMENSIONS = ('point', 'provider', 'suorite', 'service')
MONTH_RE = re.compile(r'^(\d{4})-(0[1-9]|1[0-2])$')
QUARTER_RE = re.compile(r'^(\d{4})Q([1-4])$')


def parse_month(value):
    match = MONTH_RE.match(value or '')
    if not match:
        raise ValidationError(
            _('Give the month as YYYY-MM.'),
            details=[{'field': 'month', 'message': str(value)}])
    return value


def parse_quarter(value):
    """``2015Q1`` → ('2015-01', '2015-03')."""
    match = QUARTER_RE.match(value or '')
    if not match:
        raise ValidationError(
            _('Give the quarter as YYYYQn, for example 2015Q1.'),
            details=[{'field': 'quarter', 'message': str(value)}])
    year, quarter = int(match.group(1)), int(match.group(2))
    return (f'{year}-{quarter * 3 - 2:02d}', f'{year}-{quarter * 3:02d}')


class Totals:
    """Aggregates merged over some points and months, filtered by
    provider: the counts, and per report row (dimension, name) the
    duration histograms to merge, with the sources of their detail."""

    def __init__(self, provider=None):
        self.provider = provider
        self.counts = {}
        #: (dimension, name) → [(Aggregates, histogram name, Histogram)]
        self.histograms = {}

    def add(self, point, aggregates, durations=True):
        """Merge the :class:`~kb.tickets.model.Aggregates` of ``point``."""
        counts = self.counts
        for key, value in aggregates.count_items(self.provider):
            full = (key[0], point) + key[1:]
            counts[full] = counts.get(full, 0) + value
        if not durations:
            return
        for name, histogram in aggregates.histograms(self.provider):
            provider, kind, key = name
            for target in _targets(point, provider, kind, key):
                self.histograms.setdefault(target, []).append(
                    (aggregates, name, histogram))

    def stats(self, target, measure):
        """count, mean and median seconds of one measure of a row."""
        found = [(aggregates, name, histogram) for aggregates, name,
                 histogram in self.histograms.get(target, ())
                 if measure in histogram.bins]
        bins = list(map(sum, zip_longest(
            *(histogram.bins[measure] for _, _, histogram in found),
            fillvalue=0)))
        count = sum(bins)
        if not count:
            return {'count': 0, 'mean': None, 'median': None}
        total = sum(histogram.sums[measure] for _, _, histogram in found)
        return {'count': count, 'mean': round(total / count, 1),
                'median': _median(found, measure, bins, count)}


def _targets(point, provider, kind, key):
    """The report rows a histogram of ``point`` counts in: the
    national rows of :data:`DIMENSIONS`, the per-point rows of a
    provider, its types and its cards ('at_point', as the pilot had
    them), and a provider's type over all points ('priced', compared
    with its priced minutes)."""
    if kind == 'card':
        return [('service', key),
                ('at_point', (point, provider, 'service', key))]
    if kind == 'suorite':
        return [('suorite', key),
                ('at_point', (point, provider, 'suorite', key)),
                ('priced', (provider, key))]
    return [('point', point), ('provider', provider),
            ('at_point', (point, provider, 'provider', provider))]


def _median(found, measure, bins, count):
    """Exact: only the bins holding the middle values are read to the
    second, from the detail of each histogram in ``found``."""
    values, detail = [], {}
    below = list(accumulate(bins, initial=0))
    for rank in ((count - 1) // 2, count // 2):
        number = bisect_right(below, rank) - 1
        if number not in detail:
            parts = [aggregates.detail.get(name + (number,))
                     for aggregates, name, _histogram in found]
            detail[number] = merged_detail(
                [part for part in parts if part is not None], measure,
                number)
        seen = below[number]
        for seconds, n in detail[number]:
            seen += n
            if rank < seen:
                values.append(seconds)
                break
    return (values[0] + values[1]) / 2


def sources(store, first, last, point=None):
    """(point, :class:`~kb.tickets.model.Aggregates`) covering the
    months ``first`` to ``last`` (None: unbounded): for a period from
    January, each point's latest rollup in it and the months after."""
    from_january = first is not None and last is not None and \
        first.endswith('-01') and first[:4] == last[:4]
    for code, months in store.points.items():
        if point and code != point:
            continue
        found = store.rollup(code, first, last) if from_january else None
        if found is None:
            bounds = {'min': first, 'max': last}
        else:
            yield code, found[1]
            bounds = {'min': found[0], 'max': last, 'excludemin': True}
        for bucket in months.values(**bounds):
            yield code, bucket.aggregates


def aggregate(store, first, last, point=None, provider=None,
              durations=True):
    """:class:`Totals` of the months from ``first`` to ``last``.

    :param durations: also merge the duration histograms (bills need
        only the counts).
    """
    totals = Totals(provider)
    for code, aggregates in sources(store, first, last, point):
        totals.add(code, aggregates, durations)
    return totals


def counts_only(store, first, last, point=None, provider=None):
    """:func:`aggregate` without the duration histograms."""
    return aggregate(store, first, last, point, provider, durations=False)


def scan_aggregates(store, first, last, point=None, provider=None):
    """The same :class:`Totals`, computed by reading every ticket."""
    scratch = TicketStore()
    for bucket in store.months(point):
        for ticket in bucket.tickets.values():
            if ticket.state == 'closed' and (
                first <= month_of(ticket.closed) <= last
            ):
                record(scratch, ticket)
    return aggregate(scratch, first, last, point, provider)


def section(totals):
    """The report tables of one period."""
    by_type, by_service, compensation, arrivals = {}, {}, {}, {}
    outcomes, feedback = {}, {}
    for key, n in totals.counts.items():
        kind, point = key[0], key[1]
        if kind == 'n':
            _kind, point, provider, suorite, card, price = key
            by_type[(point, provider, suorite)] = by_type.get(
                (point, provider, suorite), 0) + n
            by_service[(point, provider, card)] = by_service.get(
                (point, provider, card), 0) + n
            count, amount = compensation.get((point, provider), (0, 0))
            amount += Decimal(price) * n if price else 0
            compensation[(point, provider)] = (count + n, amount)
        elif kind == 'slot':
            _kind, point, provider, slot = key
            arrivals[(point, slot)] = arrivals.get((point, slot), 0) + n
        elif kind == 'feedback':
            _kind, point, provider, card, rating = key
            given, rated, points = feedback.get((point, provider, card),
                                                (0, 0, 0))
            feedback[(point, provider, card)] = (
                given + n, rated + (n if rating else 0), points + rating * n)
        else:
            _kind, point, provider, card, outcome = key
            outcomes[(provider, card, outcome)] = outcomes.get(
                (provider, card, outcome), 0) + n
    times, at_point = [], []
    for target in sorted(totals.histograms):
        if target[0] in DIMENSIONS:
            times.append(times_row(totals, target, dimension=target[0],
                                   key=target[1]))
        elif target[0] == 'at_point':
            point, provider, dimension, key = target[1]
            at_point.append(times_row(
                totals, target, point=point, provider=provider,
                dimension=dimension, key=key))
    return {
        'by_type': [{'point': p, 'provider': r, 'suorite': s, 'count': n}
                    for (p, r, s), n in sorted(by_type.items())],
        'by_service': [{'point': p, 'provider': r, 'card': c, 'count': n}
                       for (p, r, c), n in sorted(by_service.items())],
        'compensation': [
            {'point': p, 'provider': r, 'count': n,
             'amount_eur': str(Decimal(a).quantize(Decimal('0.01')))}
            for (p, r), (n, a) in sorted(compensation.items())],
        'handling_times': sorted(times, key=lambda row: (
            DIMENSIONS.index(row['dimension']), row['key'])),
        'point_handling_times': sorted(at_point, key=lambda row: (
            row['point'], row['provider'],
            DIMENSIONS.index(row['dimension']), row['key'])),
        'arrivals': [{'point': p, 'slot': s, 'count': n}
                     for (p, s), n in sorted(
                         arrivals.items(),
                         key=lambda i: (i[0][0], SLOT_ORDER.index(
                             i[0][1])))],
        'outcomes': [{'provider': r, 'card': c, 'outcome': o, 'count': n}
                     for (r, c, o), n in sorted(outcomes.items())],
        'feedback': [
            {'point': p, 'provider': r, 'card': c, 'count': n,
             'rated': rated, 'mean_rating': mean_rating(rated, points)}
            for (p, r, c), (n, rated, points) in sorted(feedback.items())],
    }


def times_row(totals, target, measures=MEASURES, **row):
    """``row`` with the counts, means and medians of one handling-time
    row of ``totals``."""
    figures = {measure: totals.stats(target, measure)
               for measure in measures}
    for measure in measures:
        row[f'{measure}_mean'] = figures[measure]['mean']
        row[f'{measure}_median'] = figures[measure]['median']
    row['count'] = figures['closed']['count']
    if 'closed30' in figures:
        row['within30_count'] = figures['closed30']['count']
    return row


def card_feedback(totals, card):
    """The customer feedback on ``card`` in ``totals`` (all points):
    tickets with feedback, ratings and their mean."""
    given = rated = points = 0
    for key, n in totals.counts.items():
        if key[0] == 'feedback' and key[3] == card:
            given += n
            rated += n if key[4] else 0
            points += key[4] * n
    return {'count': given, 'rated': rated,
            'mean_rating': mean_rating(rated, points)}


def mean_rating(rated, points):
    """The mean of ``rated`` ratings summing to ``points``, to one
    decimal (None without ratings)."""
    return round(points / rated, 1) if rated else None


def provider_shares(totals, provider=None):
    """Each provider's share of the priced performances in ``totals``
    (of every point and provider): the basis for splitting the base
    part by use nationally (seed 004, 3.5). The municipality's own
    services are unpriced and take no share.

    :param provider: only this provider's row (its share of all).
    """
    counts = {}
    for key, n in totals.counts.items():
        if key[0] == 'n' and key[5]:
            counts[key[2]] = counts.get(key[2], 0) + n
    whole = sum(counts.values())
    return [{'provider': code, 'count': n,
             'share_percent': round(100 * n / whole, 2)}
            for code, n in sorted(counts.items())
            if provider in (None, code)]


def monthly(store, month, point=None, provider=None, totals=aggregate):
    """The month's report and the cumulative one from January.

    The providers' national shares of use are left out of a point's
    report: they are about every point.
    """
    month = parse_month(month)
    january = month[:4] + '-01'
    report = {
        'month': month,
        'point': point,
        'provider': provider,
        'monthly': section(totals(store, month, month, point, provider)),
        'cumulative': dict(
            section(totals(store, january, month, point, provider)),
            period={'from': january, 'to': month}),
        'within_minutes': WITHIN // 60,
    }
    for period, first in (('monthly', month), ('cumulative', january)):
        report[period]['provider_shares'] = [] if point else \
            provider_shares(counts_only(store, first, month), provider)
    return report


def billing(store, quarter, point=None, provider=None, totals=aggregate,
            prices=None):
    """One bill per point per provider for the quarter's closed, priced
    performances: a line per performance type and unit price; and
    ``times``, the priced minutes against the measured handling times
    per provider and performance type (seed 004, 3.5.1).

    :param prices: the :class:`~kb.tickets.prices.PriceList` that gives
        the priced minutes (None: no ``priced_minutes``).
    """
    first, last = parse_quarter(quarter)
    found = totals(store, first, last, point, provider)
    lines = {}
    for key, n in found.counts.items():
        if key[0] != 'n' or not key[5]:
            continue  # not a performance, or unpriced (municipal)
        _kind, where, who, suorite, _card, price = key
        bill = lines.setdefault((where, who), {})
        bill[(suorite, price)] = bill.get((suorite, price), 0) + n
    bills = []
    for (where, who), items in sorted(lines.items()):
        rows = [
            {'suorite': suorite, 'count': n, 'unit_price_eur': price,
             'sum_eur': str((Decimal(price) * n).quantize(Decimal('0.01')))}
            for (suorite, price), n in sorted(items.items())
        ]
        total = sum(Decimal(row['sum_eur']) for row in rows)
        bills.append({
            'point': where, 'provider': who, 'quarter': quarter,
            'period': {'from': first, 'to': last}, 'lines': rows,
            'count': sum(row['count'] for row in rows),
            'total_eur': str(total.quantize(Decimal('0.01'))),
        })
    return {'quarter': quarter, 'bills': bills,
            'times': priced_times(found, lines, prices, last)}


def priced_times(totals, lines, prices, last):
    """Per provider and performance type billed: the minutes it was
    priced at (the mean over its performances, one decimal, if the
    price changed) and the measured times from opened to resolved and
    to closed."""
    priced = {}
    for (_where, who), items in lines.items():
        for (suorite, price), n in items.items():
            minutes = prices.minutes_for(who, suorite, price, last) \
                if prices is not None else None
            count, total = priced.get((who, suorite), (0, 0))
            priced[(who, suorite)] = (
                count + n, None if minutes is None or total is None
                else total + minutes * n)
    return [
        times_row(totals, ('priced', (who, suorite)),
                  ('resolved', 'closed'), provider=who, suorite=suorite,
                  priced_minutes=None if total is None
                  else round(total / count, 1))
        for (who, suorite), (count, total) in sorted(priced.items())]
