"""The one clock: now, today in Finland, and the stored form of instants.

Everything that needs the time reads the registry's clock
(``registry.clock``, a callable returning an aware UTC datetime; the
application sets it to :func:`utcnow` and tests replace it), so a test can
move time for versions, the audit log, notices, tickets, sessions, the
Suomi.fi push and feed, the publication log and the scheduler at once.

Stored instants have one form: ISO 8601 in UTC with a ``Z`` suffix at
second precision (``2015-02-02T08:00:00Z``, :func:`stamp`). It is fixed
width, so comparing two stamps as strings compares the instants (range
checks, purges and sorting need no parsing); it reads the same in a
database dump, in the JSON API and on the Suomi.fi wire; and seconds are
finer than anything the knowledge base records (a ticket's duration, a
version's date). Ordered BTree keys are integers, not stored values:
:func:`to_micros` and :func:`to_nanos` make them (time-ordered 64-bit
keys with room for random low digits).

Dates a person means ("the card is valid from 3 March") are Finnish
calendar dates, stored as ISO dates; :func:`helsinki_today` is the date in
Helsinki.
"""
import datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo('Europe/Helsinki')
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
STAMP = '%Y-%m-%dT%H:%M:%SZ'


def utcnow():
    """The current time, an aware UTC datetime (the registry's default
    clock)."""
    return datetime.datetime.now(UTC)


def helsinki_today(moment):
    """The calendar date in Finland at the aware datetime ``moment``."""
    return moment.astimezone(HELSINKI).date()


def local(moment):
    """``moment`` (an aware datetime or a stamp) in Finnish time."""
    if isinstance(moment, str):
        moment = parse(moment)
    return moment.astimezone(HELSINKI)


def midnight(day):
    """The aware datetime at which the Finnish date ``day`` begins."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=HELSINKI)


def stamp(moment):
    """The stored form of the aware datetime ``moment``."""
    return moment.astimezone(UTC).strftime(STAMP)


def parse(text):
    """The aware UTC datetime of a stamp.

    :raises ValueError: if ``text`` is not in the stored form.
    """
    return datetime.datetime.strptime(text, STAMP).replace(tzinfo=UTC)


def seconds_between(earlier, later):
    """Whole seconds from the stamp ``earlier`` to the stamp ``later``."""
    return int((parse(later) - parse(earlier)).total_seconds())


def from_epoch(seconds):
    """The aware UTC datetime of epoch seconds (old stored values)."""
    return datetime.datetime.fromtimestamp(seconds, UTC)


def to_micros(moment):
    """The integer key (microseconds since the epoch) of an aware
    datetime."""
    return (moment - EPOCH) // MICROSECOND


def from_micros(key):
    """The aware UTC datetime of a microsecond key."""
    return EPOCH + key * MICROSECOND


def to_nanos(moment):
    """The integer key (nanoseconds since the epoch, at microsecond
    precision) of an aware datetime: callers add random low digits."""
    return to_micros(moment) * 1000


def from_nanos(key):
    """The aware UTC datetime of a nanosecond key (to the microsecond)."""
    return from_micros(key // 1000)


def free_key(tree, now, rand, stride=1, offset=0):
    """A time-ordered nanosecond key not yet in the BTree ``tree``: the
    microseconds of the aware datetime ``now`` with three random digits,
    so that concurrent appends rarely touch one key.

    Keys of several trees that must stay unique across them take a
    ``stride`` (the number of trees) and an ``offset`` (this tree's
    number): the key's remainder by ``stride`` is then ``offset``."""
    key = to_nanos(now) + rand(1000 // stride) * stride + offset
    while key in tree:
        key += stride
    return key


def includeme(config):
    """Set the registry's clock and give every request ``now`` (read
    once, so that one request sees one instant) and ``today``."""
    config.registry.clock = utcnow
    config.add_request_method(_request_now, 'now', reify=True)
    config.add_request_method(_request_today, 'today', reify=True)


def _request_now(request):
    return request.registry.clock()


def _request_today(request):
    return helsinki_today(request.now)
