"""Evolve step: every stored instant in the one stored form.

Before :mod:`kb.clock`, stored times came in four forms: ISO 8601 with
``+00:00`` (versions, transitions, the audit and publication logs, API
tokens), ISO with ``Z`` (notices), epoch seconds (tickets, flags, login
failures, the Suomi.fi retry time) and epoch nanoseconds. This step
rewrites each of them as a stamp (:func:`kb.clock.stamp`, UTC, ``Z``,
whole seconds). Values already in that form are left alone, so the step
is safe to run twice. BTree keys stay as they are: they are integers by
design.
"""
import datetime
import numbers

from kb.clock import UTC, from_epoch, parse, stamp

#: Epoch values above this are nanoseconds (it is the year 5138 in
#: seconds).
NANOSECONDS_FROM = 10 ** 11


def convert(value):
    """``value`` (an old form, a stamp or None) as a stamp or None."""
    if value is None:
        return None
    if isinstance(value, numbers.Real):
        if value >= NANOSECONDS_FROM:
            value = value / 10 ** 9
        return stamp(from_epoch(value))
    try:
        parse(value)
        return value
    except ValueError:
        moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return stamp(moment)


def _attributes(obj, names):
    for name in names:
        old = getattr(obj, name, None)
        new = convert(old)
        if new != old:
            setattr(obj, name, new)


def _entries(tree):
    """Log entries (plain dicts, so written back whole) with a ``time``."""
    for key, entry in list(tree.items()):
        new = convert(entry.get('time'))
        if new != entry.get('time'):
            tree[key] = dict(entry, time=new)


def _cards(root):
    for card in root['cards'].data.values():
        for version in card.versions.values():
            _attributes(version, ('created',))
        moved = card.last_transition
        if moved and convert(moved.get('time')) != moved.get('time'):
            card.last_transition = dict(moved, time=convert(moved['time']))


def _notices(root):
    for provider in root['providers'].values():
        for notice in provider['notices'].values():
            _attributes(notice, ('created', 'valid_from', 'valid_until'))


def _tokens(root):
    tokens = root['users'].tokens
    for digest, meta in list(tokens.items()):
        created = meta.get('created') or None
        if created is not None and convert(created) != created:
            tokens[digest] = dict(meta, created=convert(created))


def _tickets(root):
    store = root['tickets']
    for bucket in store.months():
        for ticket in bucket.tickets.values():
            _attributes(ticket, ('opened', 'resolved', 'closed',
                                 'cancelled'))
    for flags in store.flags.values():
        for flag in flags.values():
            _attributes(flag, ('created',))


def _login_failures(root):
    names = root['login_failures'].names
    for name, (count, since) in list(names.items()):
        if convert(since) != since:
            names[name] = (count, convert(since))


def _outbox(root):
    for status in root['suomifi'].statuses.values():
        old = status.next_attempt
        if isinstance(old, numbers.Real):
            status.next_attempt = convert(old) if old else None


def evolve(root, registry):
    """Convert every stored instant of ``root`` to a stamp."""
    _cards(root)
    _notices(root)
    _tokens(root)
    # NB: the audit log is one tree before kb.evolve.shared, many after
    audit = root['audit']
    for tree in getattr(audit, 'trees', None) or (audit.entries,):
        _entries(tree)
    _entries(root['publication'].entries)
    _tickets(root)
    _login_failures(root)
    _outbox(root)
