"""One leader among the nodes, for the jobs that must run once.

Several nodes serve one database; effective-date publication, retention,
roll-ups, the pack and the Suomi.fi push must run on one of them only.
The :class:`Lease` in the database names the node that holds it and
until when. Each serving process runs a :class:`Leader` thread that
takes or renews the lease every ``kb.leader.renew`` seconds (default 5)
for ``kb.leader.lease`` seconds (default 15): when the leader dies, the
lease runs out and another node takes it at its next try, within lease
+ renew seconds (20 s with the defaults).

A node's name is the setting ``kb.node``, by default the host name and
the node's index folder (``kb.search.index_dir``), which is its own and
the same after a restart, so a restarted leader takes its lease back at
once. Two processes must never share a name.

The local view (:meth:`Leader.holds`) decides whether to start a job; a
job's own transaction is fenced (:func:`fenced`): it reads the lease as
current, so it fails with a conflict if the lease moved meanwhile, and
it does nothing at all if this node does not hold the lease at ``now``.

A process started without the leader worker (``kb`` commands, tests, a
single process that lists no ``leader`` worker) has no
``registry.leader`` and runs every job itself.
"""
import contextlib
import datetime
import logging
import threading

from ZODB.POSException import ConflictError
from persistent import Persistent

from kb.clock import parse, stamp
from kb.node import node_name
from kb.resources import own_root

log = logging.getLogger(__name__)

#: the lease's name in the app root
NAME = 'leader'


class Lease(Persistent):
    """Who leads, and until when (a stamp; '' = never held)."""

    holder = ''
    expires = ''

    def held_by(self, node, now):
        """True if ``node`` holds the lease at the aware datetime
        ``now``."""
        return self.holder == node and stamp(now) < self.expires

    def free(self, now):
        """True if nobody holds the lease at ``now``."""
        return self.expires <= stamp(now)


class NotLeader(ConflictError):
    """This node does not hold the lease: a once-job must not run."""


class Leader(threading.Thread):
    """Takes and renews the lease for ``node`` every ``renew`` seconds.

    :param clock: returns the aware current datetime.
    """

    def __init__(self, db, node, clock, lease=15, renew=5):
        super().__init__(name='kb-leader', daemon=True)
        self.db = db
        self.node = node
        self.clock = clock
        self.lease = lease
        self.renew = renew
        self.stopped = threading.Event()
        #: the aware datetime until which this node holds the lease
        self.until = None

    def holds(self, now):
        """True if this node held the lease at its last try and the
        lease has not run out at ``now``."""
        return self.until is not None and now < self.until

    def take(self):
        """Take the lease if it is free or ours, for ``lease`` seconds
        from now; a write conflict with another node means not this
        time.

        :returns: True if this node now holds the lease.
        """
        now = self.clock()
        until = stamp(now + datetime.timedelta(seconds=self.lease))
        leading = self.holds(now)
        try:
            with own_root(self.db) as root:
                lease = root[NAME]
                taken = lease.holder == self.node or lease.free(now)
                if taken:
                    lease.holder, lease.expires = self.node, until
        except ConflictError:
            taken = False
        self.until = parse(until) if taken else None
        if taken != leading:
            log.info('node %s %s the lease', self.node,
                     'holds' if taken else 'does not hold')
        return taken

    def run(self):
        while True:
            self.take()
            if self.stopped.wait(self.renew):
                return

    def stop(self):
        """Stop renewing and give the lease up, so that another node
        takes over at its next try rather than at expiry."""
        self.stopped.set()
        now = self.clock()
        self.until = None
        with contextlib.suppress(ConflictError), own_root(self.db) as root:
            lease = root[NAME]
            if lease.held_by(self.node, now):
                lease.expires = stamp(now)


def make(db, registry):
    """The registry's Leader (not started), from the settings."""
    settings = registry.settings
    return Leader(db, node_name(settings),
                  # NB: the registry's clock at call time (tests replace it)
                  lambda: registry.clock(),
                  lease=int(settings.get('kb.leader.lease', 15)),
                  renew=int(settings.get('kb.leader.renew', 5)))


def leading(registry, now):
    """True if this process may run once-jobs at ``now``: it holds the
    lease, or it runs without a leader (a single process)."""
    leader = getattr(registry, 'leader', None)
    return leader is None or leader.holds(now)


@contextlib.contextmanager
def fenced(db, registry, now):
    """The app root in a transaction of its own (as
    :func:`kb.resources.own_root`) that commits only if this node holds
    the lease at ``now`` and still at commit.

    :raises NotLeader: if this node does not hold the lease at ``now``.
    :raises ConflictError: at commit, if the lease moved meanwhile.
    """
    leader = getattr(registry, 'leader', None)
    with own_root(db) as root:
        if leader is not None:
            lease = root[NAME]
            if not lease.held_by(leader.node, now):
                raise NotLeader(f'node {leader.node} does not hold the '
                                f'lease (held by {lease.holder!r})')
            # NB: after the read above: a ghost is not recorded
            root._p_jar.readCurrent(lease)
        yield root
