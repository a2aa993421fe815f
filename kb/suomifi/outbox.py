"""What Suomi.fi has yet to receive, and the order of changes for the feed.

Each card that is Suomi.fi content has one :class:`SuomifiStatus`. A
change (a version going live, a retirement, a move) gives the card a new
*change key* and puts it in the outbox; the push removes it when PTV has
the change (or refused it for good). The feed lists cards by change key,
so a card appears once per change and a re-changed card moves to the end.

Change keys are microseconds since the epoch taken from one
:class:`ChangeClock`. Two transactions that publish at once both write the
clock, so ZODB makes one of them retry: keys therefore follow commit
order, and a feed reader who asks for changes after the last key it saw
never misses one that was committed later with a smaller key.
"""
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from kb.clock import stamp, to_micros


class ChangeClock(Persistent):
    """Hands out strictly increasing microsecond keys (see the module
    docstring: its conflicts are wanted)."""

    def __init__(self):
        self.last = 0

    def next(self, now_us):
        self.last = max(now_us, self.last + 1)
        return self.last


class SuomifiStatus(Persistent):
    """One card's Suomi.fi publication state.

    ``version``/``action`` are what should be in PTV; ``sent`` is the
    digest of the last document PTV accepted, so the same document is
    never sent twice.
    """

    def __init__(self, card_id):
        self.card = card_id
        self.version = None
        self.action = None
        self.state = 'pending'
        self.changed = None
        self.attempts = 0
        self.next_attempt = None  # a stamp; None: at once
        self.error = ''
        self.details = {}
        self.sent = None
        self.ptv_id = None


class SuomifiOutbox(Persistent):
    """Statuses by card id, the outbox, and the feed's change order."""

    __name__ = 'suomifi'
    __parent__ = None

    def __init__(self):
        self.statuses = OOBTree()
        self.pending = OOTreeSet()
        self.failed = OOTreeSet()
        self.changes = LOBTree()
        self.clock = ChangeClock()

    def enqueue(self, card_id, version, action, now):
        """Record a change of ``card_id`` at the aware datetime ``now``.

        :returns: the card's status.
        """
        status = self.statuses.get(card_id)
        if status is None:
            status = self.statuses[card_id] = SuomifiStatus(card_id)
        if status.changed is not None:
            self.changes.pop(status.changed, None)
        key = self.clock.next(to_micros(now))
        self.changes[key] = card_id
        status.changed = key
        status.version = version
        status.action = action
        status.state = 'pending'
        status.attempts = 0
        status.next_attempt = None
        status.error = ''
        status.details = {}
        self.pending.add(card_id)
        self.failed.discard(card_id)
        return status

    def settle(self, status, state):
        """Move ``status`` to ``state``: out of the outbox when done or
        failed for good, still in it when retrying."""
        status.state = state
        if state == 'retrying':
            return
        self.pending.discard(status.card)
        if state == 'failed':
            self.failed.add(status.card)

    def due(self, now):
        """Statuses in the outbox whose next attempt has come by the
        aware datetime ``now``."""
        moment = stamp(now)
        return [
            status for status in map(self.statuses.get, self.pending)
            if status.next_attempt is None or status.next_attempt <= moment
        ]

    def since(self, key, limit):
        """``(key, card id)`` of changes after ``key``, oldest first."""
        found = []
        for item in self.changes.items(min=key, excludemin=True):
            found.append(item)
            if len(found) >= limit:
                break
        return found

    def troubled(self):
        """Statuses that failed or still wait, oldest change first."""
        found = [
            self.statuses[card_id]
            for card_id in set(self.pending) | set(self.failed)
        ]
        found.sort(key=lambda status: status.changed or 0)
        return found
