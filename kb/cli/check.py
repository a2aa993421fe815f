"""``kb check``: report any difference between the search index or the
editors' work lists and the database; exit 1 if there is one."""


def add_arguments(parser):
    pass


def run(args, env):
    registry = env['registry']
    found = registry.search_index.check(registry._zodb_databases[''])
    problems = 0
    for kind in ('missing', 'extra', 'stale'):
        for key in found[kind]:
            print(f'{kind}: {key}', file=args.stdout)
            problems += 1
    if problems:
        print(f'kb check: {problems} differences between the search index '
              'and the database; run kb reindex', file=args.stderr)
    root = env['root']
    misfiled = root['worklists'].differences(root, registry.workflows)
    for card_id in misfiled:
        print(f'work lists: {card_id}', file=args.stdout)
    if misfiled:
        print(f'kb check: {len(misfiled)} cards misfiled in the work '
              'lists; run kb reindex', file=args.stderr)
    if problems or misfiled:
        return 1
    print('search index, work lists and database agree', file=args.stdout)
    return 0
