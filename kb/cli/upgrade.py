"""``kb upgrade``: run the pending evolve steps (:mod:`kb.evolve`), each
in a transaction of its own."""
from kb import evolve


def add_arguments(parser):
    parser.add_argument('--dry-run', action='store_true',
                        help='run the steps but commit nothing')
    parser.add_argument('--latest', action='store_true',
                        help='mark the pending steps finished without '
                             'running them')


def run(args, env):
    registry = env['registry']
    names = evolve.evolve(registry._zodb_databases[''], registry,
                          dry_run=args.dry_run, latest=args.latest)
    done = 'marked finished' if args.latest else 'ran'
    if args.dry_run:
        done = f'{done} (dry run, nothing committed)'
    for name in names:
        print(f'{done}: {name}', file=args.stdout)
    if not names:
        print('no pending evolve steps', file=args.stdout)
