"""Evolve steps of the ticket store, each run on a small store built in
the layout it converts."""
import datetime

from BTrees.OOBTree import OOBTree

from kb.clock import HELSINKI, seconds_between
from kb.tickets.desk import WITHIN, month_of, slot_of
from kb.tickets.model import Counter
from kb.tickets.reports import monthly, scan_aggregates
from tests.tickets.test_layout import filled


def record_layout_1(store, ticket):
    """What closing a ticket wrote before the aggregates were split."""
    bucket = store.month(ticket.point, month_of(ticket.closed), create=True)
    if 'aggregates' in vars(bucket):
        del bucket.aggregates
        bucket.counts, bucket.durations = Counter(), OOBTree()
    price = ticket.unit_price or ''
    bucket.counts.add(('n', ticket.provider, ticket.suorite, ticket.card,
                       price))
    bucket.counts.add(('slot', ticket.provider, slot_of(ticket.opened)))
    bucket.counts.add(('outcome', ticket.provider, ticket.card,
                       ticket.outcome))
    resolved = seconds_between(ticket.opened, ticket.resolved)
    closed = seconds_between(ticket.opened, ticket.closed)
    for kind, key in (('all', ''), ('suorite', ticket.suorite),
                      ('card', ticket.card)):
        name = (ticket.provider, kind, key)
        counter = bucket.durations.get(name)
        if counter is None:
            counter = bucket.durations[name] = Counter()
        counter.add(('resolved', resolved))
        counter.add(('closed', closed))
        if closed <= WITHIN:
            counter.add(('resolved30', resolved))
            counter.add(('closed30', closed))


def layout_1_store():
    store = filled(record_layout_1)
    del store.rollups  # layout 1 stores had none
    return store


def test_split_aggregates_converts_the_first_layout():
    from kb.evolve.tickets import split_aggregates

    store = layout_1_store()
    assert all(isinstance(b.counts, Counter) for b in store.months())
    assert split_aggregates({'tickets': store}, None) == 5
    assert all(not hasattr(b, 'counts') and b.aggregates is not None
               for b in store.months())
    assert len(store.rollups) == 0
    assert store.roll_up(month_of(datetime.datetime(
        2015, 3, 20, tzinfo=HELSINKI))) == 3
    report = monthly(store, '2015-03')
    assert report == monthly(store, '2015-03', totals=scan_aggregates)
    rows = {(row['dimension'], row['key']): row
            for row in report['cumulative']['handling_times']}
    assert rows[('provider', 'kela')]['closed_median'] == 1200.5


def test_split_aggregates_leaves_the_current_layout_as_it_is():
    from kb.evolve.tickets import split_aggregates

    store = filled(record_layout_1)
    rollups = store.rollups
    assert split_aggregates({'tickets': store}, None) == 5
    assert split_aggregates({'tickets': store}, None) == 0
    assert store.rollups is rollups


def test_count_usage_of_closed_counts_each_closed_ticket_once():
    from kb.evolve.tickets import count_usage_of_closed
    from kb.tickets.desk import record

    expected = filled(record)
    store = filled(record)
    for bucket in store.months():
        del bucket.usage
    assert count_usage_of_closed({'tickets': store}, None) == 8
    assert count_usage_of_closed({'tickets': store}, None) == 0
    assert [dict(b.usage.items()) if b.usage else None
            for b in store.months()] == [
        dict(b.usage.items()) if b.usage else None
        for b in expected.months()]
