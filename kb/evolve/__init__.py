"""Named, recorded upgrade steps for the database, after Substance D's
evolution machinery.

A step is a function ``step(root, registry)`` registered with
``config.add_evolution_step(step)``; steps run in registration order,
each in a transaction of its own whose note names it, and the names of
finished steps are kept in a BTree in the ZODB root. ``kb init`` marks
every step finished in a new database (it already has the current
layout); ``kb upgrade`` runs the pending ones, and the serving process
refuses to start while any is pending unless ``kb.autoevolve`` is true.
"""
from BTrees.OOBTree import OOBTree
from pyramid.exceptions import ConfigurationError

from kb.evolve import (
    instants,
    leader,
    learning,
    notifications,
    onsite,
    packs,
    points,
    privacy,
    remote,
    searchlog,
    sessions,
    shared,
    synonyms,
    tickets,
)
from kb.resources import note, own_root

#: Key of the finished steps (name → 'evolved' or 'marked') in the ZODB
#: root, beside the app root.
FINISHED = 'kb_evolve_finished'


def step_name(step):
    """A step's recorded name: its dotted name, stable across releases."""
    return f'{step.__module__}.{step.__name__}'


def add_evolution_step(config, step):
    """Register ``step(root, registry)`` to run after those registered
    before it.

    :raises ConfigurationError: if a step of that name is registered.
    """
    steps = config.registry.evolution_steps
    name = step_name(step)
    if name in steps:
        raise ConfigurationError(f'evolve step {name} registered twice')
    steps[name] = step


def finished_steps(zodb_root):
    """The record of finished steps (empty if none was ever recorded)."""
    return zodb_root.get(FINISHED, {})


def mark_finished(zodb_root, names, how):
    """Record ``names`` as finished; ``how`` says whether they ran
    ('evolved') or were only marked ('marked')."""
    record = zodb_root.get(FINISHED)
    if record is None:
        record = zodb_root[FINISHED] = OOBTree()
    for name in names:
        record[name] = how


def pending_steps(zodb_root, registry):
    """Names of the registered steps not yet finished, in order."""
    done = finished_steps(zodb_root)
    return [name for name in registry.evolution_steps if name not in done]


def evolve(db, registry, dry_run=False, latest=False):
    """Run the pending steps, one transaction each.

    :param dry_run: run each step but abort its transaction.
    :param latest: mark the pending steps finished without running them.
    :returns: the names of the steps run (or marked).
    """
    with own_root(db, commit=False) as root:
        names = pending_steps(root._p_jar.root(), registry)
    if latest:
        with own_root(db, commit=not dry_run) as root:
            mark_finished(root._p_jar.root(), names, 'marked')
            note(root, 'kb upgrade --latest: marked finished')
        return names
    done = []
    for name in names:
        with own_root(db, commit=not dry_run) as root:
            zodb_root = root._p_jar.root()
            # NB: another node starting at the same time may have run it
            if name in finished_steps(zodb_root):
                continue
            registry.evolution_steps[name](root, registry)
            mark_finished(zodb_root, [name], 'evolved')
            note(root, f'kb upgrade: {name}')
        done.append(name)
    return done


def includeme(config):
    """The ``add_evolution_step`` directive and our steps, in order."""
    config.registry.evolution_steps = {}
    config.add_directive('add_evolution_step', add_evolution_step)
    config.add_evolution_step(tickets.split_aggregates)
    config.add_evolution_step(instants.evolve)
    config.add_evolution_step(shared.spread_worklists_and_audit)
    config.add_evolution_step(privacy.redact_stored)
    config.add_evolution_step(sessions.revocable_sessions)
    config.add_evolution_step(leader.add_lease)
    config.add_evolution_step(searchlog.change_log)
    config.add_evolution_step(tickets.count_usage_of_closed)
    config.add_evolution_step(synonyms.owned_groups)
    config.add_evolution_step(learning.pairs_and_rules)
    config.add_evolution_step(remote.provider_remote)
    config.add_evolution_step(onsite.point_cards_onsite)
    config.add_evolution_step(packs.add_report_packs)
    config.add_evolution_step(notifications.add_notifications)
    config.add_evolution_step(points.point_lists)
