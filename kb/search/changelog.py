"""The search change log: which cards and notices each committed
transaction changed, kept in the database in commit order, and read by
every node from its own position (kept beside its index).

Every index-changing transaction adds one small :class:`Change` (its
groups, :func:`kb.search.documents.group_of`) in a before-commit hook,
under a time key with random low digits: concurrent transactions add
different keys, which the BTree's conflict resolution merges (no shared
counter). The key is approximate; the exact order is the commit's
transaction id, the change's ``_p_serial``, which increases in commit
order on FileStorage, ZEO and RelStorage. A node's position is the
highest transaction id it has applied; it reads the keys from the time
of its position less ``kb.search.log_margin`` seconds (default 120: the
longest a commit may take after its key, clock skew between nodes
included) and keeps the changes committed after its position. Applying a
group writes its *current* documents, so applying one twice is harmless.

Each node reports its position (``nodes``: node → (position, seen)), so
that the daily trim removes only what the slowest node has applied;
nodes not seen for ``kb.search.node_days`` are forgotten. A node whose
position is below ``trimmed_to`` (it missed trimmed changes), or above
the newest change (the database was restored from a backup), rebuilds.
"""
import logging
import random

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from ZODB.POSException import ConflictError
from ZODB.TimeStamp import TimeStamp
from ZODB.utils import z64
from persistent import Persistent

from kb.clock import free_key, from_nanos
from kb.resources import own_root

log = logging.getLogger(__name__)

NAME = 'search_changes'
MARGIN = 120
NODE_DAYS = 7
NS = 10 ** 9
DAY = 86400 * NS


def tid_nanos(tid):
    """Epoch nanoseconds of a transaction id (its commit time)."""
    return int(TimeStamp(tid).timeTime() * NS)


class Change(Persistent):
    """The groups one transaction changed; its ``_p_serial`` is the
    transaction's id once committed."""

    def __init__(self, groups):
        self.groups = tuple(sorted(groups))

    def set(self, groups):
        """Replace the groups (a later hook of the same transaction
        changed another card)."""
        groups = tuple(sorted(groups))
        if groups != self.groups:
            self.groups = groups


def serial(change):
    """The committed transaction id of a (possibly ghost) change."""
    change._p_activate()
    return change._p_serial


class ChangeLog(Persistent):
    """``changes`` (time key → :class:`Change`), the nodes' reported
    positions and the highest transaction id trimmed away."""

    __name__ = None
    __parent__ = None

    def __init__(self):
        self.changes = LOBTree()
        self.nodes = OOBTree()
        self.trimmed_to = z64

    def add(self, groups, now_ns, rand=random.randrange):
        """Add a change of ``groups`` keyed near ``now_ns``."""
        change = Change(groups)
        self.changes[free_key(self.changes, from_nanos(now_ns), rand)] = \
            change
        return change

    def after(self, position, margin=MARGIN):
        """``[(key, change)]`` committed after ``position`` (all if it is
        None), in commit order."""
        start = None
        if position is not None:
            start = tid_nanos(position) - int(margin * NS)
        found = [(key, change) for key, change in self.changes.items(start)
                 if position is None or serial(change) > position]
        return sorted(found, key=lambda item: serial(item[1]))

    def waiting(self, position, margin=MARGIN):
        """``(groups, newest)``: the groups of the changes committed after
        ``position`` and the highest transaction id among them (None if
        there is none)."""
        found = self.after(position, margin)
        groups = {group for key, change in found for group in change.groups}
        return groups, (serial(found[-1][1]) if found else None)

    def newest(self, margin=MARGIN):
        """The highest transaction id the log has seen (including the
        trimmed part)."""
        if not self.changes:
            return self.trimmed_to
        start = self.changes.maxKey() - int(margin * NS)
        return max([self.trimmed_to] + [
            serial(change) for change in self.changes.values(start)])

    def rebuild_reason(self, position, margin=MARGIN):
        """Why a node at ``position`` cannot catch up by reading the log
        (None if it can)."""
        if position is None:
            return 'it has no position'
        if position < self.trimmed_to:
            return 'its position is below the trimmed part of the log'
        if position > self.newest(margin):
            return 'its position is newer than the database (restored?)'
        return None

    def holds(self, position, margin=MARGIN):
        """True if ``position`` is one of this log's: its trimmed end or
        a change's transaction id (as every recorded position is; the
        position of another database's index is not)."""
        if position == self.trimmed_to:
            return True
        at = tid_nanos(position)
        return any(serial(change) == position for change in
                   self.changes.values(at - int(margin * NS),
                                       at + int(margin * NS)))

    def report(self, node, position, seen_ns):
        """Record that ``node`` has applied up to ``position``."""
        self.nodes[node] = (position, seen_ns)

    def trim(self, now_ns, node_days=NODE_DAYS, margin=MARGIN):
        """Forget nodes not seen for ``node_days`` and remove the changes
        every remaining node has applied.

        :returns: the number of changes removed.
        """
        for node, (position, seen) in list(self.nodes.items()):
            if seen < now_ns - node_days * DAY:
                del self.nodes[node]
        if not self.nodes:
            return 0
        slowest = min(position for position, seen in self.nodes.values())
        stop = tid_nanos(slowest) + int(margin * NS)
        done = [(key, serial(change))
                for key, change in self.changes.items(max=stop)
                if serial(change) <= slowest]
        for key, tid in done:
            del self.changes[key]
        if done:
            self.trimmed_to = max(self.trimmed_to,
                                  max(tid for key, tid in done))
        return len(done)


def margin_of(settings):
    """``kb.search.log_margin`` in seconds."""
    return float(settings.get('kb.search.log_margin', MARGIN))


def waiting(db, position, margin=MARGIN):
    """The changes committed after ``position``: ``(groups, newest)``,
    the set of their groups and the highest transaction id among them
    (None if there is none)."""
    with own_root(db, commit=False) as root:
        return root[NAME].waiting(position, margin)


def newest(db, margin=MARGIN):
    """The position a rebuild that starts now may record
    (:meth:`ChangeLog.newest`)."""
    with own_root(db, commit=False) as root:
        return root[NAME].newest(margin)


def rebuild_reason(db, position, margin=MARGIN):
    """:meth:`ChangeLog.rebuild_reason` in the database ``db``."""
    with own_root(db, commit=False) as root:
        return root[NAME].rebuild_reason(position, margin)


def catch_up(index, db, margin=MARGIN, seed=None):
    """Bring ``index`` up to the log: if it is new (its folder or schema)
    or cannot catch up by reading the log, ``seed()`` (if given) installs
    a search seed as ``index``
    (:meth:`kb.search.queue.IndexQueuer.install_seed`) and the log after
    the seed's position is applied, or, if it returns False, the index is
    rebuilt; else apply the changes after its position.

    :returns: ``(how, count)``: False if the index caught up by reading
        the log, else ``'seeded'`` or ``'rebuilt'``, and the number of
        groups written.
    """
    if index.fresh:
        reason = 'it is new'
    else:
        # NB: one read of the log for both questions (every follow asks)
        with own_root(db, commit=False) as root:
            changes = root[NAME]
            reason = changes.rebuild_reason(index.position, margin)
            if reason is None:
                groups, position = changes.waiting(index.position, margin)
        if reason is None:
            index.apply(db, groups, position)
            return False, len(groups)
    if seed is not None and seed():
        log.info('search index seeded (%s); applying the log after it',
                 reason)
        how, count = catch_up(index, db, margin)
        return how or 'seeded', count
    log.info('rebuilding the search index: %s', reason)
    return 'rebuilt', index.renew(db)


def report(db, node, position, seen_ns):
    """Record ``node``'s position in the log; a conflict (another process
    of the same node reported at once) is left for the next report.

    :returns: True if recorded.
    """
    try:
        with own_root(db) as root:
            root[NAME].report(node, position, seen_ns)
    except ConflictError:
        return False
    return True


def index_lag(db, registry):
    """Seconds the oldest change this node has not applied has waited
    (0 if none).

    :raises Exception: whatever the database raises when it cannot
        answer a read.
    """
    position = registry.search_index.position
    with own_root(db, commit=False) as root:
        found = root[NAME].after(position, margin_of(registry.settings))
        if not found:
            return 0
        oldest = min(key for key, change in found)
    return max(0, (registry.search_queuer.clock() - oldest) / NS)


def length(db):
    """The number of changes in the log."""
    with own_root(db, commit=False) as root:
        return len(root[NAME].changes)
