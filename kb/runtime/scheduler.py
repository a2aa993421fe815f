"""Start-up preparation, the effective-date scheduler, index repair.

At start-up the database gets its root and reference data if it has
none, every card's ACL is recomputed if the workflow files changed, and
every approved version whose effective date has passed goes live (so a
server that was down at midnight catches up), the editors' work lists
are built if missing, ticket details past the
retention period are deleted, ticket aggregates of an older layout are
converted and finished months rolled up, and the search index is
built if new or repaired from the durable queue. A daemon thread then
repeats the publication check and the index repair every
``kb.scheduler.interval`` seconds.
"""
import datetime
import logging
import threading

import transaction

from kb import directory
from kb.cards import worklists
from kb.runtime.initdb import initialize
from kb.resources import Root
from kb.tickets.desk import month_of
from kb.clock import helsinki_today, stamp
from kb.cards.versioning import Editor

log = logging.getLogger(__name__)


def open_root(conn):
    """The app root in ``conn``; creates it in an empty database (call
    inside a transaction)."""
    zodb_root = conn.root()
    if 'kb_root' not in zodb_root:
        zodb_root['kb_root'] = Root()
    root = zodb_root['kb_root']
    directory.refresh(root)
    return root


def sync_acls(root, editor):
    """Recompute every card's ACL from the current workflow files."""
    for card in root['cards'].values():
        editor.sync_acl(card)


def prepare_database(db, registry, now=None):
    """Initialise, re-sync ACLs if workflows changed, publish what is due.

    :returns: ids of cards that went live.
    """
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            root = open_root(conn)
            initialize(root)
            editor = Editor(registry, 'system', now)
            digest = registry.workflows.digest
            changed = root.workflow_digest != digest
            if changed:
                sync_acls(root, editor)
                root.workflow_digest = digest
            # NB: the work lists depend on the workflows too (initial
            # state, comments on returns); a database without them
            # gets them built from every card
            worklists.ensure(root, registry, rebuild=changed)
            due = editor.publish_due(root)
            if due:
                tm.get().note(f'kb: went live {", ".join(due)}')
            purge_tickets(root, registry, editor.now)
            upkeep_tickets(root, editor.now, upgrade=True)
        return due
    finally:
        conn.close()


def purge_tickets(root, registry, now):
    """Apply the retention setting (``kb.tickets.retention_days``, 0 =
    keep ticket details for ever)."""
    days = int(registry.settings.get('kb.tickets.retention_days', 0))
    if not days:
        return 0
    cutoff = now - datetime.timedelta(days=days)
    deleted = root['tickets'].purge(stamp(cutoff), month_of(cutoff))
    if deleted:
        log.info('retention: deleted %d ticket details', deleted)
    return deleted


def upkeep_tickets(root, now, upgrade=False):
    """Roll up the report aggregates of the months finished by ``now``
    (first converting buckets of an older layout if ``upgrade``)."""
    store = root['tickets']
    if upgrade:
        upgraded = store.upgrade()
        if upgraded:
            log.info('tickets: converted %d buckets to the split '
                     'aggregates', upgraded)
    made = store.roll_up(month_of(now))
    if made:
        log.info('tickets: rolled up %d finished point-months', made)
    return made


def publish_due(db, registry, now=None):
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            return Editor(registry, 'system', now).publish_due(
                open_root(conn))
    finally:
        conn.close()


class Scheduler(threading.Thread):
    """Daemon thread that publishes due versions every ``interval`` s."""

    def __init__(self, db, registry, interval):
        super().__init__(name='kb-scheduler', daemon=True)
        self.db = db
        self.registry = registry
        self.interval = interval
        self.stopped = threading.Event()
        self.purged_on = None

    def stop(self):
        self.stopped.set()

    def run(self):  # pragma: no cover - timing loop; its steps are tested
        while not self.stopped.wait(self.interval):
            try:
                due = publish_due(self.db, self.registry)
                if due:
                    log.info('went live: %s', ', '.join(due))
                # NB: an index write that failed stays in the durable
                # queue; apply it now rather than at the next start
                self.registry.search_index.repair(self.db)
                self.daily_purge()
            except Exception:
                log.exception('scheduled publication or index repair '
                              'failed')

    def daily_purge(self):  # pragma: no cover - part of the timing loop
        now = self.registry.clock()
        today = helsinki_today(now)
        if self.purged_on == today:
            return
        tm = transaction.TransactionManager()
        conn = self.db.open(transaction_manager=tm)
        try:
            with tm:
                purge_tickets(open_root(conn), self.registry, now)
                upkeep_tickets(open_root(conn), now)
            self.purged_on = today
        finally:
            conn.close()


def start(registry):
    """Prepare the database and start the scheduler thread if enabled."""
    db = registry._zodb_databases['']
    due = prepare_database(db, registry)
    if due:
        log.info('caught up at start: %s went live', ', '.join(due))
    index = registry.search_index
    if index.fresh:
        log.info('search index built: %d cards and notices',
                 index.rebuild(db))
    else:
        repaired = index.repair(db)
        if repaired:
            log.info('search index repaired: %d pending changes', repaired)
    interval = int(registry.settings['kb.scheduler.interval'])
    registry.scheduler = None
    if interval > 0:
        registry.scheduler = Scheduler(db, registry, interval)
        registry.scheduler.start()
    return registry.scheduler


def shutdown(registry):
    """Stop the scheduler thread and close the databases (CLI, tests)."""
    threads = [thread for thread in (getattr(registry, 'scheduler', None),
                                     getattr(registry, 'push_worker', None))
               if thread is not None]
    for thread in threads:
        thread.stop()
    for thread in threads:
        thread.join(timeout=30)
    worker = registry.search_queuer.worker
    if worker is not None:
        worker.flush()
        worker.stop()
    for db in registry._zodb_databases.values():
        db.close()
