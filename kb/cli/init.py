"""``kb init``: create the database with providers, points and prices.

Opening the application already creates a missing root and adds missing
reference data (see :func:`kb.runtime.scheduler.prepare_database`); this
command reports what the database holds.
"""


def add_arguments(parser):
    pass


def run(args, env):
    root = env['root']
    print(
        f"database ready: {len(root['providers'])} providers, "
        f"{len(root['points'])} service points, "
        f"{len(root['cards'])} cards, {len(root['users'])} users",
        file=args.stdout,
    )
