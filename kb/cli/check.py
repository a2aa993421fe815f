"""``kb check``: report every difference between what the database holds
and what is derived from it on this node (the search index in the ini's
index folder, the changes of the search change log after its position,
the editors' work lists); with ``--repair``, rebuild what differs after
reporting it, so that a divergence left by a crash is seen before it is
mended.

Exit status: 0 = everything agrees; 1 = differences found (and left as
they are, or still there after the repair); 3 = differences found and
repaired (2 is what every kb command answers when it cannot run, e.g.
beside a server that holds the database).
"""
from kb.cards import worklists
from kb.resources import own_root
from kb.search import changelog

AGREE, FOUND, REPAIRED = 0, 1, 3


def add_arguments(parser):
    parser.add_argument('--repair', action='store_true',
                        help='after reporting, rebuild the search index and '
                             'the work lists that differ')


def differences(registry):
    """``(kind, key)`` of every difference, in the order reported:
    groups changed after this node's position in the change log ('behind':
    a crash came between a commit and its indexing, or the node did not
    follow the log), the index's missing, extra and stale documents, then
    misfiled work-list entries."""
    db = registry._zodb_databases['']
    groups = changelog.waiting(db, registry.search_index.position,
                               registry.search_queuer.margin)[0]
    found = [('behind', group) for group in sorted(groups)]
    with own_root(db, commit=False) as root:
        index = registry.search_index.check(db)
        for kind in ('missing', 'extra', 'stale'):
            found.extend((kind, key) for key in index[kind])
        found.extend(('work lists', card_id) for card_id in
                     root['worklists'].differences(root, registry.workflows))
    return found


def repair(registry, found, out):
    """Rebuild the index if it differs and the work lists if they do."""
    db = registry._zodb_databases['']
    kinds = {kind for kind, key in found}
    if kinds - {'work lists'}:
        count = registry.search_index.renew(db)
        print(f'search index rebuilt: {count} cards and notices', file=out)
    if 'work lists' in kinds:
        with own_root(db) as root:
            filed = worklists.ensure(root, registry, rebuild=True)
        print(f'work lists rebuilt: {filed} cards', file=out)


def run(args, env):
    registry = env['registry']
    found = differences(registry)
    for kind, key in found:
        print(f'{kind}: {key}', file=args.stdout)
    if not found:
        print('search index, work lists and database agree', file=args.stdout)
        return AGREE
    if not args.repair:
        print(f'kb check: {len(found)} differences between the database '
              'and the search index or work lists; run kb reindex, or '
              'kb check --repair', file=args.stderr)
        return FOUND
    repair(registry, found, args.stdout)
    left = differences(registry)
    if left:
        print(f'kb check: {len(left)} differences remain after the repair',
              file=args.stderr)
        return FOUND
    print(f'kb check: {len(found)} differences repaired', file=args.stderr)
    return REPAIRED
