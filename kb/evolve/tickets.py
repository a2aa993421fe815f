"""Ticket store layouts.

Layout 1 kept, per point-month bucket, one :class:`Counter` ``counts``
and ``durations`` ((provider, kind, key) → :class:`Counter` of
(measure, seconds)), and the store had no ``rollups``; layout 2 keeps
one :class:`~kb.tickets.model.Aggregates` per bucket and the cumulative
rollups of finished months.
"""
import logging

from BTrees.OOBTree import OOBTree

from kb.tickets.desk import count_usage, month_of
from kb.tickets.model import Aggregates

log = logging.getLogger(__name__)


def split_aggregates(root, registry):
    """Convert a layout 1 ticket store to layout 2 (the rollups are
    filled by the next roll-up)."""
    store = root['tickets']
    if getattr(store, 'rollups', None) is None:
        store.rollups = OOBTree()
    converted = sum(split_bucket(bucket) for bucket in store.months())
    log.info('tickets: converted %d buckets to the split aggregates',
             converted)
    return converted


def split_bucket(bucket):
    """Convert one layout 1 bucket; True if it was one."""
    if getattr(bucket, 'aggregates', None) is not None:
        return False
    aggregates = Aggregates()
    for key, n in bucket.counts.items():
        aggregates.count(key, n)
    for name, counter in bucket.durations.items():
        for (measure, seconds), n in counter.items():
            aggregates.duration(name, measure, seconds, n)
    bucket.aggregates = aggregates
    del bucket.counts, bucket.durations
    return True


def count_usage_of_closed(root, registry):
    """Fill each bucket's usage counter (card, channel, performance type
    of the tickets closed in its month) from the tickets closed before
    the counter existed."""
    store = root['tickets']
    pending = {(bucket.point, bucket.month): bucket
               for bucket in store.months() if bucket.usage is None}
    counted = 0
    for bucket in pending.values():
        for ticket in bucket.tickets.values():
            # NB: counted in its closing month, as record() does
            closing = pending.get((ticket.point, month_of(ticket.closed))) \
                if ticket.state == 'closed' else None
            if closing is not None:
                count_usage(closing, ticket)
                counted += 1
    log.info('tickets: counted the usage of %d closed tickets', counted)
    return counted
