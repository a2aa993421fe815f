"""The stored notifications: one inbox per user, bounded and pruned.

``root['notifications']`` (:class:`Notifications`) holds an
:class:`Inbox` per user name and the review-by dates already announced.
An entry is a small dict of codes and card titles (never free text that
might carry a customer's data), rendered in the reader's language when
it is shown or mailed (:mod:`kb.notifications.texts`).

Two transactions notifying one user at once must not make each other
retry (the central desk hears of every submission): an entry's key is
random, so the two inserts land at different places of the user's tree,
which ZODB merges; an entry is kept as JSON text, because a tree merges
concurrent inserts only where it can order the values both left alone,
and dicts cannot be ordered (every concurrent add conflicted); the
counts are :class:`Length` counters, which
merge increments; and the oldest entries beyond the bound go in the
daily prune, not in the transaction that adds one (two adds at the bound
would both drop the same entry).
"""
import json
import random

from BTrees.LOBTree import LOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from kb.clock import stamp, to_nanos

#: The most notifications a user keeps after the daily prune.
MAX_PER_USER = 200
#: Days a notification is kept (the daily job prunes older ones).
KEEP_DAYS = 90
#: Kinds of notification (see docs/notifications.md).
KINDS = ('submitted', 'returned', 'flag_closed', 'review_due',
         'push_failed')
#: Bits of a key: random, and below 2**53, so that a JSON number would
#: keep it too.
KEY_BITS = 52


def _text(entry):
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)


class Inbox(Persistent):
    """One user's notifications by random key (see the module's
    docstring); an entry has its time (``at``, nanoseconds, and
    ``time``, ISO) and says whether it was ``read`` and whether it was
    ``mailed`` (at once, or in a digest). An inbox holds a few hundred
    entries at most, so they are sorted by time when read."""

    def __init__(self):
        self.entries = LOBTree()
        self.count = Length()
        self.unread = Length()

    def add(self, entry, now, mailed=False, rand=random.getrandbits):
        """Add ``entry`` (a dict) unread.

        :returns: its key.
        """
        key = rand(KEY_BITS)
        while key in self.entries:
            key = rand(KEY_BITS)
        self.entries[key] = _text(dict(entry, at=to_nanos(now),
                                       time=stamp(now), read=False,
                                       mailed=mailed))
        self.count.change(1)
        self.unread.change(1)
        return key

    def _drop(self, key):
        entry = json.loads(self.entries.pop(key))
        self.count.change(-1)
        if not entry['read']:
            self.unread.change(-1)

    def _by_time(self):
        """``(key, entry)`` oldest first."""
        return sorted(((key, json.loads(text))
                       for key, text in self.entries.items()),
                      key=lambda item: (item[1]['at'], item[0]))

    def newest(self, limit=None, unread_only=False):
        """``(key, entry)`` newest first, at most ``limit``."""
        found = [(key, entry) for key, entry in reversed(self._by_time())
                 if not (unread_only and entry['read'])]
        return found if limit is None else found[:limit]

    def mark_read(self, keys=None):
        """Mark the entries of ``keys`` (every entry when None) read.

        :returns: how many were unread.
        """
        keys = self.entries.keys() if keys is None else keys
        changed = 0
        for key in list(keys):
            text = self.entries.get(key)
            if text is not None and not json.loads(text)['read']:
                self.entries[key] = _text(dict(json.loads(text), read=True))
                changed += 1
        if changed:
            self.unread.change(-changed)
        return changed

    def unmailed(self):
        """``(key, entry)`` of the unread entries not mailed yet, oldest
        first (a digest's content)."""
        return [(key, entry) for key, entry in self._by_time()
                if not entry['read'] and not entry['mailed']]

    def mark_mailed(self, keys):
        for key in keys:
            self.entries[key] = _text(dict(json.loads(self.entries[key]),
                                           mailed=True))

    def prune(self, before):
        """Drop the entries made before ``before`` (nanoseconds), and the
        oldest beyond :data:`MAX_PER_USER`.

        :returns: how many were dropped.
        """
        ordered = self._by_time()
        old = [key for key, entry in ordered if entry['at'] < before]
        kept = [key for key, entry in ordered if entry['at'] >= before]
        old += kept[:max(0, len(kept) - MAX_PER_USER)]
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
