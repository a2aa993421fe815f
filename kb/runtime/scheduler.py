"""The scheduler thread: runs the periodic jobs (:mod:`kb.runtime.jobs`)
every ``kb.scheduler.interval`` seconds; the once-jobs only while this
node leads (:mod:`kb.runtime.leader`)."""
import logging
import threading

from ZODB.POSException import ConflictError

from kb.clock import helsinki_today
from kb.runtime.jobs import JOBS
from kb.runtime.leader import leading

log = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    """Daemon thread that runs ``jobs`` every ``interval`` seconds."""

    def __init__(self, db, registry, interval, jobs=JOBS):
        super().__init__(name='kb-scheduler', daemon=True)
        self.db = db
        self.registry = registry
        self.interval = interval
        self.jobs = jobs
        self.stopped = threading.Event()
        #: job name → the day a daily job last ran
        self.ran_on = {}

    def stop(self):
        self.stopped.set()

    def run(self):
        while not self.stopped.wait(self.interval):
            self.tick(self.registry.clock())

    def tick(self, now):
        """Run the jobs due at ``now``; one that fails is logged and the
        others still run. A once-job runs only while this node leads; a
        conflict (the lease moved, or another writer) skips a job until
        the next tick.

        :returns: the names of the jobs that ran without error.
        """
        today = helsinki_today(now)
        done = []
        for job in self.jobs:
            if job.daily and self.ran_on.get(job.name) == today:
                continue
            if job.once and not leading(self.registry, now):
                continue
            try:
                job.run(self.db, self.registry, now)
            except ConflictError as error:
                log.info('scheduled job %s skipped: %s', job.name, error)
                continue
            except Exception:
                log.exception('scheduled job %s failed', job.name)
                continue
            if job.daily:
                self.ran_on[job.name] = today
            done.append(job.name)
        return done
