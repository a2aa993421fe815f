"""Append-only audit log: who did what to which object, and when.

Entries are keyed by a time-ordered 64-bit integer, so that two
transactions appending at once touch different keys (BTrees resolve
such inserts without a conflict) and reading newest-first is a reverse
range scan.
"""
import functools
import random

from BTrees.LOBTree import LOBTree
from persistent import Persistent
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
    """The log; entries are plain dicts, never changed once written."""

    __name__ = 'audit'
    __parent__ = None

    def __init__(self):
        self.entries = LOBTree()

    def append(self, entry, now, rand=random.randrange):
        """Add ``entry`` at the aware datetime ``now`` (its ``time``).

        :returns: its key.
        """
        key = free_key(self.entries, now, rand)
        self.entries[key] = dict(entry, time=stamp(now))
        return key

    def query(self, obj=None, actor=None, limit=100, before=None):
        """Newest first; optional filters by object id and actor."""
        maximum = before - 1 if before else None
        found = []
        for key, entry in newest_first(self.entries, maximum):
            if obj is not None and entry['object'] != obj:
                continue
            if actor is not None and entry['actor'] != actor:
                continue
            found.append(dict(entry, seq=key))
            if len(found) >= limit:
                break
        return found


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


def record(registry, event):
    """Append every application event to the audit log, at the time of
    the registry's clock."""
    kind, ident, provider = describe(event.obj)
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
    )


def includeme(config):  # pragma: no cover - configuration glue
    config.add_subscriber(functools.partial(record, config.registry),
                          IKBEvent)
