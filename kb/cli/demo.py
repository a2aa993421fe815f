"""``kb demo``: load demo content and users; ``kb demo tickets``: add
tickets shaped like the pilot (development only)."""
from kb.cards.versioning import Versioning
from kb.cli import progress_printer
from kb.demo import DEMO_PASSWORD, load_demo
from kb.errors import StateConflictError
from kb.tickets.generator import generate


def add_arguments(parser):
    parser.add_argument('what', nargs='?', choices=['content', 'tickets'],
                        default='content')
    parser.add_argument('--seed', type=int, default=2014,
                        help='random seed for tickets')


def run(args, env):
    if args.what == 'tickets':
        return run_tickets(args, env)
    with env['request'].tm:
        root = env['root']
        loaded = load_demo(root, env['registry'],
                           Versioning(env['registry'], 'demo'))
        count = len(root['cards'])
    if loaded:
        print(f'demo loaded: {count} cards; every demo user\'s password '
              f'is {DEMO_PASSWORD}', file=args.stdout)
    else:
        print('demo content was already loaded', file=args.stdout)


def run_tickets(args, env):
    with env['request'].tm:
        root = env['root']
        if len(root['tickets'].points):
            raise StateConflictError('the ticket log is not empty')
        count = generate(root, args.seed,
                         progress_printer(args.stderr, 'tickets'))
    print(f'{count} pilot-shaped tickets added', file=args.stdout)
