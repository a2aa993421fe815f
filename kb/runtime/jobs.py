"""The periodic jobs of the serving process.

A job is ``job(db, registry, now)``: it opens what it needs in a
transaction of its own and logs what it did. :data:`JOBS` lists them in
the order the scheduler runs them; a daily job runs at the first tick of
each day. A once-job must run on one node only: it runs on the leader
(:mod:`kb.runtime.leader`) and its transaction is fenced; the others run
on every node.
"""
import datetime
import logging
from typing import Callable, NamedTuple

from kb.cards.versioning import Versioning
from kb.clock import helsinki_today, stamp, to_nanos
from kb.notifications import mail, rules
from kb.notifications.store import KEEP_DAYS
from kb.reports import packs
from kb.resources import note
from kb.runtime.leader import fenced
from kb.search import changelog, seed
from kb.tickets.desk import month_of

log = logging.getLogger(__name__)


def counted(db, registry, now, change, message):
    """Run ``change(root)`` in a fenced transaction of its own and log
    ``message`` with the count it returns, unless it is 0.

    :returns: the count.
    """
    with fenced(db, registry, now) as root:
        count = change(root)
    if count:
        log.info(message, count)
    return count


def publish_due(db, registry, now):
    """Put live every approved version whose effective date has come
    (after downtime too).

    :returns: the ids of the cards that went live.
    """
    with fenced(db, registry, now) as root:
        due = Versioning(registry, 'system', now).publish_due(root)
        if due:
            note(root, f'kb: went live {", ".join(due)}')
    if due:
        log.info('went live: %s', ', '.join(due))
    return due


def repair_index(db, registry, now):
    """Apply the change log after this node's position (a write that
    failed, or one lost in a crash) and report the position."""
    repaired = registry.search_queuer.follow()
    if repaired:
        log.info('search index repaired: %d pending changes', repaired)
    return repaired


def trim_search_changes(db, registry, now):
    """Remove the search changes every known node has applied, after
    forgetting the nodes not seen for ``kb.search.node_days`` (default
    7) (:meth:`kb.search.changelog.ChangeLog.trim`).

    :returns: the number of changes removed.
    """
    return counted(
        db, registry, now, lambda root: root[changelog.NAME].trim(
            to_nanos(now), float(registry.settings.get(
                'kb.search.node_days', changelog.NODE_DAYS)),
            changelog.margin_of(registry.settings)),
        'search change log: removed %d applied changes')


def publish_search_seed(db, registry, now):
    """Publish this node's index in ``kb.search.seed_dir`` (if set) for
    new nodes to start from, every ``kb.search.seed_hours`` (default 1)
    (:func:`kb.search.seed.publish`).

    :returns: the seed's position, or None if nothing was done.
    """
    settings = registry.settings
    if not settings.get('kb.search.seed_dir'):
        return None
    return seed.publish(
        registry.search_index, db, settings['kb.search.seed_dir'],
        to_nanos(now), float(settings.get('kb.search.seed_hours',
                                          seed.HOURS)),
        lambda: fenced(db, registry, now))


def purge_tickets(db, registry, now):
    """Apply the retention setting (``kb.tickets.retention_days``, 0 =
    keep ticket details for ever).

    :returns: the number of ticket details deleted.
    """
    days = int(registry.settings.get('kb.tickets.retention_days', 0))
    if not days:
        return 0
    cutoff = now - datetime.timedelta(days=days)
    return counted(
        db, registry, now,
        lambda root: root['tickets'].purge(stamp(cutoff), month_of(cutoff)),
        'retention: deleted %d ticket details')


def roll_up_tickets(db, registry, now):
    """Roll up the report aggregates of the months finished by ``now``.

    :returns: the number of point-months rolled up.
    """
    return counted(db, registry, now,
                   lambda root: root['tickets'].roll_up(month_of(now)),
                   'tickets: rolled up %d finished point-months')


def make_report_packs(db, registry, now):
    """Pack the reports of the months and quarters finished by ``now``
    (each once, catching up after downtime) and mail each new pack to
    its recipients after the commit (:mod:`kb.reports.packs`).

    :returns: the number of packs made.
    """
    def make(root):
        made = root[packs.NAME].make_due(root, month_of(now), stamp(now))
        packs.mail_packs(root, registry, made)
        return len(made)
    return counted(db, registry, now, make, 'report packs: made %d')


def prune_login_failures(db, registry, now):
    """Forget the login failure counts older than a day
    (:mod:`kb.accounts.throttle`).

    :returns: the number of counts removed.
    """
    return counted(db, registry, now,
                   lambda root: root['login_failures'].prune(stamp(now)),
                   'login throttling: forgot %d counts')


def prune_search_log(db, registry, now):
    """Forget the search queries older than ``kb.search.log_days``
    (default 365) and beyond the newest ``kb.search.log_max`` (default
    1,000,000).

    :returns: the number of queries forgotten.
    """
    settings = registry.settings
    days = int(settings.get('kb.search.log_days', 365))
    keep = int(settings.get('kb.search.log_max', 1_000_000))
    before = to_nanos(now - datetime.timedelta(days=days))
    return counted(db, registry, now,
                   lambda root: root['search_log'].prune(before, keep),
                   'search log: forgot %d queries')


def announce_review_due(db, registry, now):
    """Tell the providers' editors of the review-by dates that have
    come within 30 days (:func:`kb.notifications.rules.review_due`).

    :returns: the number of cards announced.
    """
    return counted(db, registry, now,
                   lambda root: rules.review_due(root, registry, now),
                   'notifications: %d review-by dates announced')


def mail_digests(db, registry, now):
    """Mail the daily digests of notifications
    (:func:`kb.notifications.mail.send_digests`), after commit.

    :returns: the number of mails.
    """
    return counted(db, registry, now,
                   lambda root: mail.send_digests(root, registry,
                                                  helsinki_today(now)),
                   'notifications: %d daily digests mailed')


def prune_notifications(db, registry, now):
    """Forget the notifications older than 90 days.

    :returns: the number forgotten.
    """
    cutoff = now - datetime.timedelta(days=KEEP_DAYS)
    return counted(db, registry, now,
                   lambda root: root['notifications'].prune(cutoff),
                   'notifications: forgot %d')


def pack_database(db, registry, now):
    """Pack the database: drop the object revisions older than
    ``kb.pack.days`` (default 7; 0 = never pack) that nothing current
    uses. On a history-free RelStorage a pack removes the objects nothing
    reaches, whatever the days.

    :returns: the size in bytes after the pack (where the storage tells
        it), or None if packing is off.
    """
    days = int(registry.settings.get('kb.pack.days', 7))
    if not days:
        return None
    with fenced(db, registry, now):
        pass  # NB: only the leader packs (and a second pack is harmless)
    before = db.getSize()
    db.pack(t=now.timestamp(), days=days)
    after = db.getSize()
    log.info('pack: %d bytes before, %d after', before, after)
    return after


class Job(NamedTuple):
    """A job for the scheduler: its function, whether it is daily and
    whether it must run once (on the leader) rather than on every
    node."""

    run: Callable
    daily: bool = False
    once: bool = False

    @property
    def name(self):
        return self.run.__name__


JOBS = (
    Job(publish_due, once=True),
    Job(repair_index),
    Job(publish_search_seed, once=True),
    Job(purge_tickets, daily=True, once=True),
    Job(roll_up_tickets, daily=True, once=True),
    Job(make_report_packs, daily=True, once=True),
    Job(prune_login_failures, daily=True, once=True),
    Job(prune_search_log, daily=True, once=True),
    Job(announce_review_due, daily=True, once=True),
    Job(mail_digests, daily=True, once=True),
    Job(prune_notifications, daily=True, once=True),
    Job(pack_database, daily=True, once=True),
    Job(trim_search_changes, daily=True, once=True),
)
