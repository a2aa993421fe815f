"""Append-only audit log: who did what to which object, and when.

Entries are keyed by a time-ordered 64-bit integer in one of several
append trees, and read newest first by merging the trees. Every append
goes to the last bucket of its tree, so two transactions appending to
one tree at once conflict when that bucket splits; each writing thread
therefore appends to a tree of its own (another one on a retry), and
concurrent appends never share a bucket.
"""
import functools
import heapq
import itertools
import operator
import random
import threading

from BTrees.LOBTree import LOBTree
from persistent import Persistent
from pyramid.threadlocal import get_current_request
from pyramid.traversal import find_root

from kb.clock import free_key, stamp
from kb.interfaces import (
    ICard,
    IKBEvent,
    INotice,
    IProvider,
    IServicePoint,
    IUser,
)


class AuditLog(Persistent):
    """The log; entries are plain dicts, never changed once written.

    A key's remainder by the number of trees names its tree, so that
    keys are unique across the trees.
    """

    __name__ = 'audit'
    __parent__ = None
    #: append trees: more than the threads that write at once
    shards = 16

    def __init__(self):
        self.trees = tuple(LOBTree() for _ in range(self.shards))

    def append(self, entry, now, rand=random.randrange, shard=0):
        """Add ``entry`` at the aware datetime ``now`` (its ``time``) to
        the tree ``shard`` (modulo their number; see :class:`Writers`).

        :returns: its key.
        """
        count = len(self.trees)
        shard %= count
        tree = self.trees[shard]
        key = free_key(tree, now, rand, stride=count, offset=shard)
        tree[key] = dict(entry, time=stamp(now))
        return key

    def items(self, maximum=None):
        """``(key, entry)`` newest first, from ``maximum`` (inclusive)
        downwards."""
        return heapq.merge(
            *(newest_first(tree, maximum) for tree in self.trees),
            key=operator.itemgetter(0), reverse=True)

    def query(self, obj=None, actor=None, limit=100, before=None):
        """Newest first; optional filters by object id and actor."""
        maximum = before - 1 if before else None
        found = []
        for key, entry in self.items(maximum):
            if obj is not None and entry['object'] != obj:
                continue
            if actor is not None and entry['actor'] != actor:
                continue
            found.append(dict(entry, seq=key))
            if len(found) >= limit:
                break
        return found


class Writers:
    """Which append tree a thread writes: each thread of the process
    gets its own number, and a retried request moves to the next tree,
    away from the one whose bucket it met another writer in."""

    def __init__(self):
        self._numbers = itertools.count()
        self._local = threading.local()

    def shard(self, attempt=0):
        number = getattr(self._local, 'number', None)
        if number is None:
            number = self._local.number = next(self._numbers)
        return number + attempt


def newest_first(tree, maximum):
    """Iterate ``(key, value)`` from ``maximum`` (inclusive) downwards."""
    keys = tree.keys(max=maximum) if maximum is not None else tree.keys()
    for index in range(len(keys) - 1, -1, -1):
        key = keys[index]
        yield key, tree[key]


def describe(obj):
    """(type, stable id, provider) of an object for the log."""
    if ICard.providedBy(obj):
        return 'card', obj.id, obj.provider
    if INotice.providedBy(obj):
        return 'notice', obj.id, obj.provider
    if IUser.providedBy(obj):
        return 'user', obj.name, obj.provider
    if IProvider.providedBy(obj):
        return 'provider', obj.code, obj.code
    if IServicePoint.providedBy(obj):
        return 'point', obj.code, None
    return type(obj).__name__.lower(), getattr(obj, '__name__', None), None


def record(registry, event, current_request=get_current_request):
    """Append every application event to the audit log, at the time of
    the registry's clock, in the tree of this thread and attempt."""
    kind, ident, provider = describe(event.obj)
    request = current_request()
    attempt = request.environ.get('retry.attempt', 0) if request else 0
    find_root(event.obj)['audit'].append(
        {
            'actor': event.actor,
            'action': event.action,
            'type': kind,
            'object': ident,
            'provider': provider,
            'details': dict(event.details),
        },
        registry.clock(),
        shard=registry.audit_writers.shard(attempt),
    )


def includeme(config):  # pragma: no cover - configuration glue
    config.registry.audit_writers = Writers()
    config.add_subscriber(functools.partial(record, config.registry),
                          IKBEvent)
