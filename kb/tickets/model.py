"""Persistent structures of the ticket log.

Tickets live in per-point, per-month buckets (:class:`TicketMonth`), so
advisors at different points never touch the same objects. Each bucket
also keeps the report aggregates of the performances *closed* in that
month: counts, euro lines and duration histograms, updated in the same
transaction as the ticket. Counters resolve write conflicts by adding
both sides' increments, so advisors at one point closing tickets at the
same moment do not conflict either. Reports then read a handful of
buckets, however long the history.
"""
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from zope.interface import implementer

from kb.interfaces import IFlag, ITicket


class Counter(Persistent):
    """key → integer, merging concurrent increments on conflict."""

    def __init__(self):
        self.data = {}

    def add(self, key, amount=1):
        value = self.data.get(key, 0) + amount
        if value:
            self.data[key] = value
        else:
            self.data.pop(key, None)
        self._p_changed = True

    def items(self):
        return self.data.items()

    def _p_resolveConflict(self, old, saved, new):
        """Both transactions only added to counts: apply both."""
        before, ours, theirs = old['data'], saved['data'], new['data']
        merged = dict(ours)
        for key in set(theirs) | set(before):
            value = merged.get(key, 0) + theirs.get(key, 0) - before.get(
                key, 0)
            if value:
                merged[key] = value
            else:
                merged.pop(key, None)
        return dict(new, data=merged)


@implementer(ITicket)
class Ticket(Persistent):
    """One service event. No field exists for a customer's identity."""

    __name__ = None
    __parent__ = None

    def __init__(self, ticket_id, point, advisor, provider, card,
                 card_version, channel, lang, opened, visit, note,
                 suoritteet):
        self.id = ticket_id
        self.point = point
        self.advisor = advisor
        self.provider = provider
        self.card = card
        self.card_version = card_version
        self.channel = channel
        self.lang = lang
        self.opened = opened  # epoch seconds (server time)
        self.visit = visit
        self.note = note
        self.suoritteet = suoritteet  # the types the card allowed
        self.state = 'open'
        self.suorite = None
        self.outcome = None
        self.resolved = None
        self.closed = None
        self.cancelled = None
        self.unit_price = None  # € in force at closing, as a string


class TicketMonth(Persistent):
    """The tickets opened at one point in one month, and the aggregates
    of the performances closed there in that month."""

    def __init__(self, point, month):
        self.point = point
        self.month = month
        self.tickets = OOBTree()
        self.counts = Counter()
        self.durations = OOBTree()  # (provider, kind, key) → Counter

    def duration(self, key):
        counter = self.durations.get(key)
        if counter is None:
            counter = self.durations[key] = Counter()
        return counter


class TicketStore(Persistent):
    """point → month ('YYYY-MM') → :class:`TicketMonth`; and the card
    flags, per provider."""

    __name__ = 'tickets'
    __parent__ = None

    def __init__(self):
        self.points = OOBTree()
        self.flags = OOBTree()  # provider → OOBTree flag id → Flag

    def month(self, point, month, create=False):
        months = self.points.get(point)
        if months is None:
            if not create:
                return None
            months = self.points[point] = OOBTree()
        bucket = months.get(month)
        if bucket is None and create:
            bucket = months[month] = TicketMonth(point, month)
        return bucket

    def open_flags(self, card):
        """The card's open flags, oldest first."""
        flags = self.flags.get(card.provider)
        return [flag for flag in (flags.values() if flags else ())
                if flag.card == card.id and flag.state == 'open']

    def purge(self, before, before_month):
        """Delete the details of tickets closed or cancelled before
        ``before`` (epoch seconds); open tickets and the report
        aggregates stay. Only buckets up to ``before_month`` are read.

        :returns: the number of tickets deleted.
        """
        deleted = 0
        for bucket in self.months(last=before_month):
            for ticket_id, ticket in list(bucket.tickets.items()):
                done = ticket.closed or ticket.cancelled
                if done is not None and done < before:
                    del bucket.tickets[ticket_id]
                    deleted += 1
        return deleted

    def months(self, point=None, first=None, last=None):
        """Buckets of one point (or all) from month ``first`` to
        ``last`` inclusive."""
        for code, months in self.points.items():
            if point and code != point:
                continue
            yield from months.values(min=first, max=last)


@implementer(IFlag)
class Flag(Persistent):
    """An advisor's report that a card is wrong, unclear or out of
    date."""

    def __init__(self, flag_id, card, provider, reason, comment, author,
                 point, created, ticket=None):
        self.id = flag_id
        self.card = card
        self.provider = provider
        self.reason = reason
        self.comment = comment
        self.author = author
        self.point = point
        self.created = created
        self.ticket = ticket
        self.state = 'open'
        self.resolution = None
