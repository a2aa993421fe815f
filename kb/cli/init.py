"""``kb init``: create the database with providers, points and prices.

A new database is marked as having every evolve step finished; in an
existing one only missing reference data is added.
"""
from kb.runtime.initdb import create


def add_arguments(parser):
    pass


def before_bootstrap(args, registry):
    args.created, args.changed = create(registry._zodb_databases[''],
                                        registry)


def run(args, env):
    root = env['root']
    state = 'created' if args.created else 'ready'
    print(
        f"database {state}: {len(root['providers'])} providers, "
        f"{len(root['points'])} service points, "
        f"{len(root['cards'])} cards, {len(root['users'])} users",
        file=args.stdout,
    )
