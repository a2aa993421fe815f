"""Persistent structures of the ticket log.

Tickets live in per-point, per-month buckets (:class:`TicketMonth`), so
advisors at different points never touch the same objects. Each bucket
also keeps the report :class:`Aggregates` of the performances *closed*
in that month (counts, euro lines and duration histograms), updated in
the same transaction as the ticket. A close writes a handful of small
objects: the provider's :class:`Counter` of counts, three
:class:`Histogram` objects (per provider, performance type and card:
counts per minute of duration and the total seconds) and the
second-resolution detail of the minutes it falls in. All of them
resolve write conflicts by adding both sides' increments, so advisors at
one point closing tickets at the same moment do not conflict either.

Finished months are also rolled up, per point, into cumulative
aggregates from January (:meth:`TicketStore.roll_up`), so that a report
reads a few aggregates however long the history.
"""
from array import array
from operator import add, sub

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.interface import implementer

from kb.interfaces import IFlag, ITicket

#: Seconds per histogram bin: the histograms count durations per minute.
BIN = 60
#: Bins per measure; the last one holds every longer duration.
BINS = 240
LONG = (BINS - 1) * BIN
#: The array type of counts (unsigned, 4 bytes).
COUNTS = 'I'


def add_counts(target, key, amount):
    """``target[key] += amount``, dropping zero entries."""
    value = target.get(key, 0) + amount
    if value:
        target[key] = value
    else:
        target.pop(key, None)


def add_arrays(first, second, combine=add):
    """Elementwise ``combine`` of two arrays of counts, the shorter
    padded with zeros (a new array)."""
    if len(first) < len(second):
        first = first + array(COUNTS, [0]) * (
            len(second) - len(first))
    elif len(second) < len(first):
        second = second + array(COUNTS, [0]) * (
            len(first) - len(second))
    return array(COUNTS, map(combine, first, second))


def add_values(target, values):
    """Add ``values`` (measure → int, array or dict of counts) into
    ``target``."""
    for key, value in values.items():
        mine = target.get(key)
        if mine is None:
            target[key] = dict(value) if isinstance(value, dict) else \
                array(COUNTS, value) if isinstance(value, array) else value
        elif isinstance(value, dict):
            for seconds, n in value.items():
                add_counts(mine, seconds, n)
        elif isinstance(value, array):
            target[key] = add_arrays(mine, value)
        else:
            target[key] = mine + value


def merge_values(old, ours, theirs):
    """Both sides' increments to ``old`` (as :func:`add_values`),
    applied to ``ours``: a new mapping."""
    merged = {}
    add_values(merged, ours)
    add_values(merged, theirs)
    for key, value in old.items():
        if isinstance(value, dict):
            for seconds, n in value.items():
                add_counts(merged[key], seconds, -n)
        elif isinstance(value, array):
            merged[key] = add_arrays(merged[key], value, sub)
        else:
            merged[key] -= value
    return merged


class Counter(Persistent):
    """key → integer, merging concurrent increments on conflict."""

    def __init__(self):
        self.data = {}

    def add(self, key, amount=1):
        add_counts(self.data, key, amount)
        self._p_changed = True

    def items(self):
        return self.data.items()

    def _p_resolveConflict(self, old, saved, new):
        """Both transactions only added to counts: apply both."""
        merged = dict(saved['data'])
        for key in set(new['data']) | set(old['data']):
            add_counts(merged, key, new['data'].get(key, 0)
                       - old['data'].get(key, 0))
        return dict(new, data=merged)


def bin_of(seconds):
    return min(seconds // BIN, BINS - 1)


class Histogram(Persistent):
    """Durations of one (provider, kind, key): per measure, an array of
    the number of durations in each :data:`BIN`-second bin, and their
    total seconds. Merges concurrent additions on conflict."""

    def __init__(self):
        self.bins = {}  # measure → array of counts per bin
        self.sums = {}  # measure → seconds

    def add(self, measure, seconds, amount=1):
        number = bin_of(seconds)
        bins = self.bins.get(measure)
        if bins is None:
            bins = self.bins[measure] = array(COUNTS)
        if len(bins) <= number:
            bins.extend(array(COUNTS, [0]) * (number + 1 - len(bins)))
        bins[number] += amount
        self.sums[measure] = self.sums.get(measure, 0) + seconds * amount
        self._p_changed = True

    def merge(self, other):
        add_values(self.bins, other.bins)
        add_values(self.sums, other.sums)
        self._p_changed = True

    def _p_resolveConflict(self, old, saved, new):
        return dict(new, bins=merge_values(old['bins'], saved['bins'],
                                           new['bins']),
                    sums=merge_values(old['sums'], saved['sums'],
                                      new['sums']))


class Detail(Persistent):
    """The exact durations in one bin of one histogram: per measure, an
    array of counts per second of the bin (a dict seconds → count for
    the last, open-ended bin). Merges concurrent additions."""

    def __init__(self):
        self.data = {}

    def add(self, measure, seconds, amount=1):
        values = self.data.get(measure)
        if seconds >= LONG:
            if values is None:
                values = self.data[measure] = {}
            add_counts(values, seconds, amount)
        else:
            if values is None:
                values = self.data[measure] = array(COUNTS, [0]) * BIN
            values[seconds % BIN] += amount
        self._p_changed = True

    def counts(self, measure, number):
        """(seconds, count) of one measure, in order."""
        return merged_detail([self], measure, number)

    def merge(self, other):
        add_values(self.data, other.data)
        self._p_changed = True

    def _p_resolveConflict(self, old, saved, new):
        return dict(new, data=merge_values(old['data'], saved['data'],
                                           new['data']))


def merged_detail(details, measure, number):
    """(seconds, count) of one measure in bin ``number`` of several
    :class:`Detail` objects, in order."""
    parts = [detail.data[measure] for detail in details
             if measure in detail.data]
    if number == BINS - 1:
        merged = {}
        for part in parts:
            for seconds, n in part.items():
                merged[seconds] = merged.get(seconds, 0) + n
        return sorted(merged.items())
    start = number * BIN
    return [(start + offset, n) for offset, n in enumerate(
        map(sum, zip(*parts))) if n]


class Aggregates(Persistent):
    """The report aggregates of some closed tickets at one point.

    ``counts``: provider → :class:`Counter` of ('n', provider, type,
    card, unit price), ('slot', provider, slot), ('outcome',
    provider, card, outcome) and ('feedback', provider, card, rating or
    0); ``durations``: (provider, kind, key) →
    :class:`Histogram`, kind 'all' (key ''), 'suorite' or 'card';
    ``detail``: (provider, kind, key, bin) → :class:`Detail`.
    """

    def __init__(self):
        self.counts = OOBTree()
        self.durations = OOBTree()
        self.detail = OOBTree()

    def count(self, key, amount=1):
        counter = self.counts.get(key[1])
        if counter is None:
            counter = self.counts[key[1]] = Counter()
        counter.add(key, amount)

    def duration(self, name, measure, seconds, amount=1):
        """Add ``amount`` durations of ``seconds`` to the histogram
        ``name`` (provider, kind, key)."""
        histogram = self.durations.get(name)
        if histogram is None:
            histogram = self.durations[name] = Histogram()
        histogram.add(measure, seconds, amount)
        where = name + (bin_of(seconds),)
        detail = self.detail.get(where)
        if detail is None:
            detail = self.detail[where] = Detail()
        detail.add(measure, seconds, amount)

    def add(self, other):
        """Add every aggregate of ``other`` to these."""
        for counter in other.counts.values():
            for key, n in counter.items():
                self.count(key, n)
        for tree, kind in ((self.durations, Histogram),
                           (self.detail, Detail)):
            source = other.durations if kind is Histogram else other.detail
            for key, value in source.items():
                mine = tree.get(key)
                if mine is None:
                    mine = tree[key] = kind()
                mine.merge(value)

    def count_items(self, provider=None):
        """The counts, of one provider or all."""
        counters = [self.counts.get(provider)] if provider else \
            self.counts.values()
        for counter in counters:
            if counter is not None:
                yield from counter.items()

    def histograms(self, provider=None):
        """(provider, kind, key), :class:`Histogram` of one provider or
        all."""
        if provider:
            return self.durations.items(min=(provider,),
                                        max=(provider, '\uffff'))
        return self.durations.items()


@implementer(ITicket)
class Ticket(Persistent):
    """One service event. No field exists for a customer's identity."""

    __name__ = None
    __parent__ = None
    #: the customer's feedback given at closing, optional: a rating
    #: 1..5 and a short screened text (class defaults, so tickets
    #: stored before them need no evolve step)
    rating = None
    feedback = ''

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
        self.opened = opened  # a stamp (kb.clock), as are the times below
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
    """The tickets opened at one point in one month, and the
    :class:`Aggregates` of the performances closed there in that month.

    Buckets of an older layout are converted by an evolve step
    (:mod:`kb.evolve.tickets`).
    """

    #: :class:`Counter` of (card, channel, performance type) → tickets
    #: closed, which orders a new ticket's performance types (None until
    #: the first close; :func:`kb.evolve.tickets.count_usage_of_closed`
    #: fills it for buckets older than it)
    usage = None

    def __init__(self, point, month):
        self.point = point
        self.month = month
        self.tickets = OOBTree()
        self.aggregates = Aggregates()


class TicketStore(Persistent):
    """point → month ('YYYY-MM') → :class:`TicketMonth`; the cumulative
    aggregates of finished months; and the card flags, per provider."""

    __name__ = 'tickets'
    __parent__ = None

    def __init__(self):
        self.points = OOBTree()
        self.flags = OOBTree()  # provider → OOBTree flag id → Flag
        #: (point, 'YYYY-MM') → Aggregates from January to that month
        self.rollups = OOBTree()

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
        ``before`` (a stamp); open tickets and the report
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

    # -- cumulative aggregates ----------------------------------------

    def roll_up(self, before):
        """Add the missing cumulative aggregates of every point's months
        before the month ``before`` ('YYYY-MM'): the months that no
        longer change.

        :returns: the number of rollups made.
        """
        made = 0
        for point, months in self.points.items():
            for month, bucket in months.items(max=before, excludemax=True):
                if (point, month) in self.rollups:
                    continue
                rollup = Aggregates()
                january = month[:4] + '-01'
                found = self.rollup(point, january, _previous(month))
                if found is not None:
                    rollup.add(found[1])
                for earlier in months.values(
                        min=found[0] if found else january, max=month,
                        excludemin=found is not None, excludemax=True):
                    rollup.add(earlier.aggregates)
                rollup.add(bucket.aggregates)
                self.rollups[(point, month)] = rollup
                made += 1
        return made

    def rollup(self, point, first, last):
        """The latest rollup of ``point`` from ``first`` (a January) to
        ``last``: ('YYYY-MM', :class:`Aggregates`) or None."""
        try:
            key = self.rollups.maxKey((point, last))
        except ValueError:
            return None
        if key[0] != point or key[1] < first:
            return None
        return key[1], self.rollups[key]

    def forget_rollups(self, point, month):
        """Drop ``point``'s rollups that include ``month`` (its
        aggregates are changing)."""
        stale = list(self.rollups.keys(min=(point, month),
                                       max=(point, month[:4] + '-12')))
        for key in stale:
            del self.rollups[key]


def _previous(month):
    year, number = int(month[:4]), int(month[5:])
    if number == 1:
        return f'{year - 1}-12'
    return f'{year}-{number - 1:02d}'


@implementer(IFlag)
class Flag(Persistent):
    """An advisor's report that a card is wrong, unclear or out of
    date. Its lineage (``__name__`` is its id, ``__parent__`` the ticket
    store) lets events about it reach the root."""

    __name__ = None
    __parent__ = None

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
