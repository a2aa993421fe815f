"""The split aggregates: medians across bins and cumulative rollups of
finished months. Every report is checked against a scan of the tickets
and numbers computed by hand (the first layout's conversion: see
tests/evolve/test_tickets.py)."""
import datetime

from kb.clock import HELSINKI, stamp
from kb.tickets.desk import month_of
from kb.tickets.model import Ticket, TicketStore
from kb.tickets.reports import aggregate, monthly, scan_aggregates

#: (point, opened, seconds to resolve, seconds to close, type, card)
TICKETS = [
    ('mikkeli', '2015-01-05T09:00:00', 50, 70, 'neuvonta_lyhyt', 'k1'),
    ('mikkeli', '2015-01-05T10:00:00', 119, 121, 'neuvonta_lyhyt', 'k1'),
    ('mikkeli', '2015-02-02T11:00:00', 30, 3599, 'asiakirjat', 'k2'),
    ('mikkeli', '2015-02-03T12:00:00', 1700, 1800, 'asiakirjat', 'k2'),
    ('oulu', '2015-02-03T08:30:00', 600, 601, 'neuvonta_lyhyt', 'k1'),
    ('oulu', '2015-03-02T16:30:00', 45, 59, 'neuvonta_lyhyt', 'k1'),
    ('mikkeli', '2015-03-04T09:00:00', 60, 1801, 'neuvonta_lyhyt', 'k1'),
    ('oulu', '2015-03-04T09:00:00', 14405, 36000, 'asiakirjat', 'k2'),
]


def tickets():
    for number, (point, opened, resolve, close, suorite, card) in \
            enumerate(TICKETS):
        start = datetime.datetime.fromisoformat(opened).replace(
            tzinfo=HELSINKI)
        ticket = Ticket(f'{point}-{month_of(start).replace("-", "")}-'
                        f'{number:010x}', point, 'a', 'kela', card, 1,
                        'counter', 'fi', stamp(start), None, '', (suorite,))
        ticket.suorite, ticket.outcome = suorite, 'resolved'
        ticket.resolved = stamp(start + datetime.timedelta(seconds=resolve))
        ticket.closed = stamp(start + datetime.timedelta(seconds=close))
        ticket.state, ticket.unit_price = 'closed', '1.77'
        yield ticket


def filled(record_with):
    store = TicketStore()
    for ticket in tickets():
        store.month(ticket.point, month_of(ticket.opened),
                    create=True).tickets[ticket.id] = ticket
        record_with(store, ticket)
    return store


def test_medians_read_to_the_second_across_bins():
    from kb.tickets.desk import record

    store = filled(record)
    totals = aggregate(store, '2015-01', '2015-03')
    # closed: 59 70 121 601 | 1800 1801 3599 36000 -> (601 + 1800) / 2
    assert totals.stats(('provider', 'kela'), 'closed') == {
        'count': 8, 'mean': round((59 + 70 + 121 + 601 + 1800 + 1801
                                   + 3599 + 36000) / 8, 1),
        'median': 1200.5}
    # resolved at Mikkeli: 30 50 60 119 1700 -> median 60
    assert totals.stats(('point', 'mikkeli'), 'resolved')['median'] == 60
    # within 30 minutes (closed <= 1800 s): 59 70 121 601 1800
    assert totals.stats(('provider', 'kela'), 'closed30') == {
        'count': 5, 'mean': 530.2, 'median': 121}
    # card k2 closed 1800, 3599 and 36000 (in the open-ended last bin)
    assert totals.stats(('service', 'k2'), 'closed')['median'] == 3599
    march = aggregate(store, '2015-03', '2015-03', point='oulu')
    assert march.stats(('point', 'oulu'), 'closed')['median'] == (
        59 + 36000) / 2
    assert march.stats(('point', 'oulu'), 'resolved')['median'] == (
        45 + 14405) / 2
    assert totals.stats(('service', 'nothing'), 'closed') == {
        'count': 0, 'mean': None, 'median': None}


def test_rollups_give_the_same_reports_and_follow_late_changes():
    from kb.tickets.desk import record

    store = filled(record)
    before = monthly(store, '2015-03')
    assert before == monthly(store, '2015-03', totals=scan_aggregates)
    assert store.roll_up('2015-03') == 3  # mikkeli 01, 02; oulu 02
    assert store.roll_up('2015-03') == 0
    assert sorted(store.rollups.keys()) == [
        ('mikkeli', '2015-01'), ('mikkeli', '2015-02'), ('oulu', '2015-02')]
    assert monthly(store, '2015-03') == before
    assert monthly(store, '2015-02', point='oulu') == monthly(
        store, '2015-02', point='oulu', totals=scan_aggregates)
    # a ticket recorded late in a rolled-up month: its rollups go
    late = next(tickets())
    start = datetime.datetime(2015, 2, 5, 7, tzinfo=datetime.timezone.utc)
    late.id, late.opened = 'mikkeli-201502-late', stamp(start)
    late.resolved = stamp(start + datetime.timedelta(seconds=5))
    late.closed = stamp(start + datetime.timedelta(seconds=9))
    store.month('mikkeli', '2015-02').tickets[late.id] = late
    record(store, late)
    assert sorted(store.rollups.keys()) == [
        ('mikkeli', '2015-01'), ('oulu', '2015-02')]
    after = monthly(store, '2015-03')
    assert after == monthly(store, '2015-03', totals=scan_aggregates)
    assert after['cumulative']['compensation'][0]['count'] == 6
