"""Queueing index changes per transaction (after Substance D's
``IndexActionTM``): subscribers record changed cards and notices; the
transaction's after-commit hook applies them only if the commit
succeeded."""
import logging
import queue
import threading
import time

from pyramid.traversal import find_root

from kb.search.documents import group_of

log = logging.getLogger(__name__)


class IndexQueuer:
    """Joins transactions and hands their groups to the index.

    :param index: the :class:`~kb.search.index.SearchIndex`.
    :param db: the ZODB database (to read the state being indexed).
    :param worker: a :class:`Worker` to apply in the background, or None
        to apply synchronously inside the after-commit hook.
    """

    clock = staticmethod(time.time_ns)  # for testing

    def __init__(self, index, db, worker=None):
        self.index = index
        self.db = db
        self.worker = worker

    def on_event(self, event):
        """Subscriber: record a changed card or notice."""
        self.queue(event.obj)

    def queue(self, obj):
        group = group_of(obj)
        if group is None:
            return
        root = find_root(obj)
        token = self.clock()
        root['search_queue'].pending[group] = token
        txn = root._p_jar.transaction_manager.get()
        try:
            groups = txn.data(self)
        except KeyError:
            groups = {}
            txn.set_data(self, groups)
            txn.addAfterCommitHook(self.after_commit, args=(groups,))
        groups[group] = token

    def after_commit(self, status, groups):
        """Apply the committed groups; never raise (the commit is done,
        and the durable queue keeps what failed for the next start)."""
        if not status:
            return
        if self.worker is not None:
            self.worker.put(groups)
            return
        try:
            self.index.apply(self.db, groups)
        except Exception:
            log.exception('index update failed; queued for repair')


class Worker(threading.Thread):
    """Applies queued groups in the background, batching what arrives
    within ``delay`` seconds into one Whoosh commit."""

    def __init__(self, index, db, delay=0.1):
        super().__init__(name='kb-indexer', daemon=True)
        self.index = index
        self.db = db
        self.delay = delay
        self.inbox = queue.Queue()

    def put(self, groups):
        self.inbox.put(dict(groups))

    def run(self):
        while True:
            batch = self.inbox.get()
            if batch is None:
                return
            time.sleep(self.delay)
            done = 1
            while not self.inbox.empty():
                more = self.inbox.get()
                done += 1
                if more is None:
                    self.inbox.put(None)
                    break
                batch.update(more)
            try:
                self.index.apply(self.db, batch)
            except Exception:
                log.exception('index update failed; queued for repair')
            for _ in range(done):
                self.inbox.task_done()

    def flush(self):
        """Wait until everything put so far is applied."""
        self.inbox.join()

    def stop(self):
        self.inbox.put(None)
