"""Start-up preparation of the serving process.

Before serving, the database must be initialised (``kb init``) and have
no pending evolve steps (``kb upgrade``, or ``kb.autoevolve = true`` to
run them here). Then every card's ACL and the editors' work lists are
recomputed if the workflow files changed (the work lists are built if
missing), the periodic jobs run once (so a server that was down at
midnight catches up on due publications, ticket retention and
roll-ups), and the search index is rebuilt if new or unable to catch up
by reading the change log, or else brought up to it.
"""
import logging

from pyramid.settings import asbool

from kb import evolve
from kb.cards import worklists
from kb.cards.versioning import Versioning
from kb.resources import own_root
from kb.runtime import jobs
from kb.search import changelog

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
    done = evolve.evolve(db, registry)
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
    """Rebuild the search index if it is new or cannot catch up by
    reading the change log (:func:`kb.search.changelog.catch_up`), else
    apply the changes after its position; report the position.

    :returns: the number of groups written.
    """
    queuer = registry.search_queuer
    rebuilt, count = changelog.catch_up(registry.search_index, db,
                                        queuer.margin)
    if rebuilt:
        log.info('search index built: %d cards and notices', count)
    elif count:
        log.info('search index caught up: %d changes', count)
    queuer.report()
    return count


def prepare(db, registry, now=None):
    """Everything the serving process does before it serves (on a
    database that passed :func:`check_database`).

    :returns: ids of the cards that went live.
    """
    now = now or registry.clock()
    sync_workflows(db, registry, now)
    due = jobs.publish_due(db, registry, now)
    jobs.purge_tickets(db, registry, now)
    jobs.roll_up_tickets(db, registry, now)
    build_index(db, registry)
    return due
