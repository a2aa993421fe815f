"""Ticket store layouts.

Layout 1 kept, per point-month bucket, one :class:`Counter` ``counts``
and ``durations`` ((provider, kind, key) → :class:`Counter` of
(measure, seconds)), and the store had no ``rollups``; layout 2 keeps
one :class:`~kb.tickets.model.Aggregates` per bucket and the cumulative
rollups of finished months.
"""
import logging

from BTrees.OOBTree import OOBTree

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
