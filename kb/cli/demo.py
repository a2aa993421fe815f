"""``kb demo``: load demo content and users (development only)."""
from kb.demo import DEMO_PASSWORD, load_demo
from kb.versioning import Editor


def add_arguments(parser):
    pass


def run(args, env):
    with env['request'].tm:
        root = env['root']
        loaded = load_demo(root, env['registry'],
                           Editor(env['registry'], 'demo'))
        count = len(root['cards'])
    if loaded:
        print(f'demo loaded: {count} cards; every demo user\'s password '
              f'is {DEMO_PASSWORD}', file=args.stdout)
    else:
        print('demo content was already loaded', file=args.stdout)
