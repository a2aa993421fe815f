"""The stored notifications: one inbox per user, bounded and pruned.

``root['notifications']`` (:class:`Notifications`) holds an
:class:`Inbox` per user name and the review-by dates already announced.
An entry is a small dict of codes and card titles (never free text that
might carry a customer's data), rendered in the reader's language when
it is shown or mailed (:mod:`kb.notifications.texts`).

Two transactions notifying one user at once add different keys to the
user's tree (buckets merge inserts) and count in :class:`Length`
counters (which merge increments), so they rarely conflict.
"""
import random

from BTrees.LOBTree import LOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from kb.clock import free_key, stamp, to_nanos

#: The most notifications a user keeps; older ones are dropped on add.
MAX_PER_USER = 200
#: Days a notification is kept (the daily job prunes older ones).
KEEP_DAYS = 90
#: Kinds of notification (see docs/notifications.md).
KINDS = ('submitted', 'returned', 'flag_closed', 'review_due',
         'push_failed')


class Inbox(Persistent):
    """One user's notifications by time-ordered key (nanoseconds); an
    entry says whether it was ``read`` and whether it was ``mailed``
    (at once, or in a digest)."""

    def __init__(self):
        self.entries = LOBTree()
        self.count = Length()
        self.unread = Length()

    def add(self, entry, now, mailed=False, rand=random.randrange):
        """Add ``entry`` (a dict) unread; drop the oldest beyond
        :data:`MAX_PER_USER`.

        :returns: its key.
        """
        key = free_key(self.entries, now, rand)
        self.entries[key] = dict(entry, time=stamp(now), read=False,
                                 mailed=mailed)
        self.count.change(1)
        self.unread.change(1)
        while self.count() > MAX_PER_USER:
            self._drop(self.entries.minKey())
        return key

    def _drop(self, key):
        entry = self.entries.pop(key)
        self.count.change(-1)
        if not entry['read']:
            self.unread.change(-1)

    def newest(self, limit=None, unread_only=False):
        """``(key, entry)`` newest first, at most ``limit``."""
        found = []
        for key in reversed(self.entries.keys()):
            entry = self.entries[key]
            if unread_only and entry['read']:
                continue
            found.append((key, entry))
            if limit is not None and len(found) >= limit:
                break
        return found

    def mark_read(self, keys=None):
        """Mark the entries of ``keys`` (every entry when None) read.

        :returns: how many were unread.
        """
        keys = self.entries.keys() if keys is None else keys
        changed = 0
        for key in list(keys):
            entry = self.entries.get(key)
            if entry is not None and not entry['read']:
                self.entries[key] = dict(entry, read=True)
                changed += 1
        if changed:
            self.unread.change(-changed)
        return changed

    def unmailed(self):
        """``(key, entry)`` of the unread entries not mailed yet, oldest
        first (a digest's content)."""
        return [(key, entry) for key, entry in self.entries.items()
                if not entry['read'] and not entry['mailed']]

    def mark_mailed(self, keys):
        for key in keys:
            self.entries[key] = dict(self.entries[key], mailed=True)

    def prune(self, before):
        """Drop the entries with keys below ``before``.

        :returns: how many were dropped.
        """
        old = list(self.entries.keys(max=before, excludemax=True))
        for key in old:
            self._drop(key)
        return len(old)


class Notifications(Persistent):
    """Every user's :class:`Inbox`, the review-by dates announced
    (card id → ISO date), so that each is announced once, and the day of
    the last digests (``digested``, ISO), so that a restart or a new
    leader does not mail them twice in a day."""

    __name__ = 'notifications'
    __parent__ = None
    digested = None

    def __init__(self):
        self.inboxes = OOBTree()
        self.review_due = OOBTree()

    def inbox(self, name):
        """The inbox of user ``name``, or None if nothing was ever sent
        to them."""
        return self.inboxes.get(name)

    def add(self, name, entry, now, mailed=False):
        """Add ``entry`` to user ``name``'s inbox (made on first use).

        :returns: its key.
        """
        inbox = self.inboxes.get(name)
        if inbox is None:
            inbox = self.inboxes[name] = Inbox()
        return inbox.add(entry, now, mailed)

    def prune(self, cutoff):
        """Drop the notifications made before the aware datetime
        ``cutoff``.

        :returns: how many were dropped.
        """
        before = to_nanos(cutoff)
        return sum(inbox.prune(before) for inbox in self.inboxes.values())

    def unread(self, name):
        """How many unread notifications user ``name`` has."""
        inbox = self.inboxes.get(name)
        return inbox.unread() if inbox is not None else 0
