"""Start-up preparation of the serving process.

Before serving, the database must be initialised (``kb init``) and have
no pending evolve steps (``kb upgrade``, or ``kb.autoevolve = true`` to
run them here). Then every card's ACL and the editors' work lists are
recomputed if the workflow files changed (the work lists are built if
missing), the periodic jobs run once (so a server that was down at
midnight catches up on due publications, ticket retention and
roll-ups), and the search index is seeded or rebuilt if new or unable
to catch up by reading the change log, or else brought up to it; the
leader then publishes its index as the search seed.

Several nodes may start together: each step (:data:`STEPS`) runs in a
transaction of its own and is retried on a write conflict, and the
once-jobs run only on the node that holds the leader lease at start.
"""
import logging
import time

from ZODB.POSException import ConflictError
from pyramid.settings import asbool

from kb import evolve
from kb.cards import worklists
from kb.cards.versioning import Versioning
from kb.resources import own_root
from kb.runtime import jobs
from kb.runtime.jobs import Job
from kb.runtime.leader import NotLeader, leading

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The database is not ready to be served; the message says what
    to run."""


def check_initialised(db):
    """:raises StartupError: if ``kb init`` has not made the database."""
    with db.transaction() as conn:
        if 'kb_root' not in conn.root():
            raise StartupError(
                'the database is not initialised: run "kb init"')


def check_database(db, registry):
    """Refuse a database that is not initialised or not upgraded (run
    the pending evolve steps instead if ``kb.autoevolve`` is true).

    :raises StartupError: saying which command to run.
    """
    check_initialised(db)
    with db.transaction() as conn:
        pending = evolve.pending_steps(conn.root(), registry)
    if not pending:
        return []
    if not asbool(registry.settings.get('kb.autoevolve', 'false')):
        raise StartupError(
            f'the database has {len(pending)} pending evolve steps '
            f'({", ".join(pending)}): run "kb upgrade" (or set '
            f'kb.autoevolve = true)')
    # NB: after a conflict, evolve runs only the steps still pending
    done = retried('evolve', lambda: evolve.evolve(db, registry))
    log.info('evolve steps run at start-up: %s', ', '.join(done))
    return done


def sync_workflows(db, registry, now):
    """Recompute every card's ACL and the work lists if the workflow
    files changed since the last start; build missing work lists.

    :returns: True if the workflows had changed.
    """
    with own_root(db) as root:
        digest = registry.workflows.digest
        changed = root.workflow_digest != digest
        if changed:
            versioning = Versioning(registry, 'system', now)
            for card in root['cards'].values():
                versioning.sync_acl(card)
            root.workflow_digest = digest
        # NB: the work lists depend on the workflows too (initial
        # state, comments on returns)
        worklists.ensure(root, registry, rebuild=changed)
    return changed


def build_index(db, registry):
    """Seed the search index from ``kb.search.seed_dir``, or rebuild it,
    if it is new or cannot catch up by reading the change log
    (:func:`kb.search.changelog.catch_up`), else apply the changes after
    its position; report the position.

    :returns: the number of groups written.
    """
    queuer = registry.search_queuer
    how, count = queuer.catch_up()
    if how == 'rebuilt':
        log.info('search index built: %d cards and notices', count)
    elif how:
        log.info('search index seeded, then caught up: %d changes', count)
    elif count:
        log.info('search index caught up: %d changes', count)
    queuer.report()
    return count


def retried(name, step, attempts=5, backoff=0.05, sleep=time.sleep):
    """``step()``, tried again after a write conflict (``attempts``
    times in all, waiting ``backoff`` seconds, doubled each time).

    :raises ConflictError: if the last attempt conflicts too.
    """
    for attempt in range(1, attempts + 1):
        try:
            return step()
        except NotLeader:
            raise
        except ConflictError:
            if attempt == attempts:
                raise
            log.info('start-up step %s: write conflict, trying again', name)
            sleep(backoff * 2 ** (attempt - 1))


#: the start-up steps, in order: ``step(db, registry, now)``; a
#: once-step runs only on the leader
STEPS = (
    Job(sync_workflows),
    Job(jobs.publish_due, once=True),
    Job(jobs.purge_tickets, once=True),
    Job(jobs.roll_up_tickets, once=True),
)


def prepare(db, registry, now=None):
    """Everything the serving process does before it serves (on a
    database that passed :func:`check_database`).

    :returns: ids of the cards that went live.
    """
    now = now or registry.clock()
    done = {}
    for step in STEPS:
        if step.once and not leading(registry, now):
            continue
        try:
            done[step.name] = retried(
                step.name, lambda: step.run(db, registry, now))
        except NotLeader:
            log.info('start-up step %s: left to the leader', step.name)
    build_index(db, registry)
    if leading(registry, now):
        publish_seed(db, registry, now)
    return done.get('publish_due') or []


def publish_seed(db, registry, now):
    """The leader's search seed, once its index is caught up
    (:func:`kb.runtime.jobs.publish_search_seed`); a failure is logged,
    never the end of the start."""
    try:
        return jobs.publish_search_seed(db, registry, now)
    except Exception:
        log.exception('start-up: the search seed was not published')
        return None
