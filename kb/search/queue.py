"""Recording index changes per transaction (after Substance D's
``IndexActionTM``) and following the change log.

Subscribers record changed cards and notices in the transaction's own
list; a before-commit hook adds the list to the change log
(:mod:`kb.search.changelog`) as one change; after a successful commit the
node follows the log, at once without the indexer worker, or in the
worker, which also follows the log every ``kb.search.follow_interval``
seconds for the other nodes' changes.
"""
import logging
import queue
import random
import threading
import time

from pyramid.traversal import find_root

from kb.search import changelog, seed
from kb.search.documents import group_of

log = logging.getLogger(__name__)
#: seconds between two reports of an unchanged, or a changed, position
REFRESH = 3600
REPORT_EVERY = 5
NS = changelog.NS


class Pending:
    """One transaction's changed groups and, once its before-commit hook
    ran, its change in the log."""

    def __init__(self, root):
        self.root = root
        self.groups = set()
        self.change = None

    def add(self, group):
        self.groups.add(group)
        if self.change is not None:
            self.change.set(self.groups)


class IndexQueuer:
    """Joins transactions, adds their changes to the log and follows it.

    :param index: the node's :class:`~kb.search.index.SearchIndex`.
    :param db: the ZODB database (to read the state being indexed).
    :param node: the node's name in the log (``kb.node``, :mod:`kb.node`).
    :param margin: ``kb.search.log_margin``.
    :param worker: a :class:`Worker` to follow the log in the
        background, or None to follow inside the after-commit hook.
    :param seed_dir: ``kb.search.seed_dir``, where a new index is seeded
        from (:mod:`kb.search.seed`; None: it is rebuilt).
    """

    clock = staticmethod(time.time_ns)  # for testing
    rand = staticmethod(random.randrange)  # for testing

    def __init__(self, index, db, node, margin=changelog.MARGIN,
                 worker=None, seed_dir=None):
        self.index = index
        self.db = db
        self.node = node
        self.margin = margin
        self.worker = worker
        self.seed_dir = seed_dir
        #: the position last reported and when (nanoseconds)
        self.reported = (None, None)

    def on_event(self, event):
        """Subscriber: record a changed card or notice."""
        self.queue(event.obj)

    def queue(self, obj):
        group = group_of(obj)
        if group is None:
            return
        root = find_root(obj)
        txn = root._p_jar.transaction_manager.get()
        try:
            pending = txn.data(self)
        except KeyError:
            pending = Pending(root)
            txn.set_data(self, pending)
            txn.addBeforeCommitHook(self.before_commit, args=(pending,))
            txn.addAfterCommitHook(self.after_commit)
        pending.add(group)

    def before_commit(self, pending):
        """Add the transaction's change to the log (its key is taken
        now; its order is the commit's)."""
        pending.change = pending.root[changelog.NAME].add(
            pending.groups, self.clock(), self.rand)

    def after_commit(self, status):
        """Follow the log if the commit succeeded; never raise (the
        commit is done, and the log keeps the change)."""
        if not status:
            return
        if self.worker is not None:
            self.worker.wake()
            return
        self.follow()

    def follow(self):
        """Apply what the log holds after the index's position and report
        the position; never raise (the next follow tries again).

        :returns: the number of groups written, None after a failure.
        """
        try:
            count = self.catch_up()[1]
            self.report()
        except Exception:
            log.exception('index update failed; the next follow retries')
            return None
        return count

    def catch_up(self):
        """:func:`kb.search.changelog.catch_up` for this node's index,
        seeded from ``seed_dir`` where it would be rebuilt.

        :returns: ``(how, count)``.
        """
        return changelog.catch_up(self.index, self.db, self.margin,
                                  self.install_seed if self.seed_dir else None)

    def install_seed(self):
        """Install the search seed of ``seed_dir`` as this node's index
        (:func:`kb.search.seed.install`).

        :returns: True if installed.
        """
        return seed.install(self.index, self.db, self.seed_dir,
                            self.margin) is not None

    def report(self):
        """Report the index's position to the log, if it moved (at most
        every :data:`REPORT_EVERY` seconds) or was last reported
        :data:`REFRESH` seconds ago (a node without a position has nothing
        to report)."""
        position, now = self.index.position, self.clock()
        last, at = self.reported
        if position is None or at is not None and now - at < (
                REPORT_EVERY if position != last else REFRESH) * NS:
            return False
        if changelog.report(self.db, self.node, position, now):
            self.reported = (position, now)
            return True
        return False


class Worker(threading.Thread):
    """Follows the log in the background: woken by this node's commits
    (batching what comes within ``delay`` seconds into one Whoosh
    commit), and every ``interval`` seconds for other nodes' changes.

    :param follow: ``follow()``, :meth:`IndexQueuer.follow`.
    """

    def __init__(self, follow, interval=0.5, delay=0.1):
        super().__init__(name='kb-indexer', daemon=True)
        self.follow = follow
        self.interval = interval
        self.delay = delay
        self.inbox = queue.Queue()

    def wake(self):
        self.inbox.put(True)

    def run(self):
        running = True
        while running:
            try:
                running = self.inbox.get(timeout=self.interval)
            except queue.Empty:
                self.follow()
                continue
            time.sleep(self.delay)
            woken = 1
            while not self.inbox.empty():
                woken += 1
                running = self.inbox.get() and running
            self.follow()
            for _ in range(woken):
                self.inbox.task_done()

    def flush(self):
        """Wait until the log is followed past every wake so far."""
        self.inbox.join()

    def stop(self):
        """Follow once more, then end."""
        self.inbox.put(None)
