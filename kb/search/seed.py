"""Seeding a node's search index from a recent copy (as search clusters
recover a peer), instead of rebuilding it from the database.

A node with a new index, or one behind the trimmed change log, rebuilds
it from the database: minutes at 20,000 cards, most of them Whoosh
writing. With ``kb.search.seed_dir`` set (a folder every node reaches:
local on one host, a shared volume on several), the leader publishes a
copy of its caught-up index there with its log position (:func:`publish`,
from the once-job :func:`kb.runtime.jobs.publish_search_seed`, after its
start-up and every ``kb.search.seed_hours``), and a node that would
rebuild installs a copy of the seed and applies the log after the seed's
position (:func:`install`, from :func:`kb.search.changelog.catch_up`).

The seed folder holds::

    current                       symlink to the newest complete seed
    seed-<ns>/                    a seed: index, kb-schema-version,
                                  kb-log-position
    seed.staging-<host>-<pid>/    a seed being written

A seed is written in a staging folder, renamed to ``seed-<ns>``, and
only then named by ``current`` (a symlink replaced atomically), so a
reader never sees half a seed; the previous seed stays for readers still
copying it until the next publication. The seed's position is reported
in the change log's ``nodes`` as the node :data:`NODE` (before the
seed is named), so the daily trim keeps every change after it; a seed
not published for ``kb.search.node_days`` is forgotten like a node, and
once the trim passes its position the nodes rebuild instead.
"""
import logging
import os
from pathlib import Path
import shutil

from kb.backup.index import snapshot
from kb.resources import own_root
from kb.search import changelog
from kb.search.documents import SCHEMA_VERSION
from kb.search.index import owner, remove_leftovers, stamps

log = logging.getLogger(__name__)

#: the seed's name in the change log's nodes (no node name has brackets)
NODE = '(seed)'
#: default hours between two publications (``kb.search.seed_hours``)
HOURS = 1
CURRENT = 'current'
NS = changelog.NS


def current(seed_dir):
    """The newest complete seed's folder in ``seed_dir``, or None."""
    try:
        return Path(seed_dir, os.readlink(Path(seed_dir, CURRENT)))
    except OSError:
        return None


def publish(index, db, seed_dir, now_ns, hours, fence):
    """Publish a copy of ``index`` in ``seed_dir`` unless the seed there
    was published less than ``hours`` ago; a seed whose position the
    index has not passed is only reported again (so that it is not
    forgotten).

    :param fence: ``fence()``: a context manager giving the app root in
        the leader's fenced transaction (:func:`kb.runtime.leader.fenced`).
    :returns: the seed's position, or None if nothing was done.
    """
    seed_dir = Path(seed_dir)
    seed_dir.mkdir(parents=True, exist_ok=True)
    with own_root(db, commit=False) as root:
        reported = root[changelog.NAME].nodes.get(NODE)
    previous = current(seed_dir)
    schema, position = stamps(previous) if previous else (None, None)
    valid = schema == SCHEMA_VERSION and position is not None and (
        reported is not None and reported[0] == position)
    if valid and reported[1] > now_ns - hours * 3600 * NS:
        return None
    staged = None
    if not valid or index.position != position:
        remove_leftovers(seed_dir / 'seed', ('staging',))
        staged = seed_dir / f'seed.staging-{owner()}'
        shutil.rmtree(staged, ignore_errors=True)
        if not snapshot(index.path, staged):
            return None
        schema, position = stamps(staged)
    try:
        if schema != SCHEMA_VERSION or position is None:
            return None  # NB: between a rebuild's swap and its position
        with fence() as root:
            root[changelog.NAME].report(NODE, position, now_ns)
        if staged is not None:
            _name(seed_dir, staged, f'seed-{now_ns}', previous)
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
    log.info('search seed %s in %s at position %s', 'published'
             if staged is not None else 'still current', seed_dir,
             position.hex())
    return position


def _name(seed_dir, staged, name, previous):
    """Rename ``staged`` to ``name``, point :data:`CURRENT` at it and
    remove the seeds older than ``previous``."""
    staged.rename(seed_dir / name)
    link = seed_dir / f'{CURRENT}.new-{owner()}'
    link.unlink(missing_ok=True)
    link.symlink_to(name)
    os.replace(link, seed_dir / CURRENT)
    keep = {name, previous.name if previous else None}
    for folder in seed_dir.glob('seed-*'):
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def install(index, db, seed_dir, margin=changelog.MARGIN):
    """Replace ``index`` by a copy of the seed in ``seed_dir`` if it has
    the index's schema and a position from which the log can be read; a
    missing, unusable or corrupt seed is logged and left alone (the
    caller rebuilds).

    :returns: the seed's position if installed, else None.
    """
    folder = current(seed_dir)
    if folder is None:
        log.info('no search seed in %s', seed_dir)
        return None
    schema, position = stamps(folder)
    if schema != SCHEMA_VERSION:
        log.info('search seed %s not used: its schema is %r, not %r',
                 folder, schema, SCHEMA_VERSION)
        return None
    with own_root(db, commit=False) as root:
        changes = root[changelog.NAME]
        reason = changes.rebuild_reason(position, margin)
        if reason is None and not changes.holds(position, margin):
            reason = ('its position is not in the change log (a seed of '
                      'another database?)')
    if reason is not None:
        log.info('search seed %s not used: %s', folder, reason)
        return None
    copy = index.path.with_name(f'{index.path.name}.seed-{owner()}')
    try:
        shutil.copytree(folder, copy)
        index.install(db, copy)
    except Exception:
        log.warning('search seed %s not used: it cannot be read', folder,
                    exc_info=True)
        return None
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    log.info('search index seeded from %s at position %s', folder,
             position.hex())
    return position
