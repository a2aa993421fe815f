"""``kb reindex``: rebuild the search index from the database."""
from kb.cli import progress_printer


def add_arguments(parser):
    pass


def run(args, env):
    registry = env['registry']
    db = registry._zodb_databases['']
    count = registry.search_index.rebuild(
        db, progress=progress_printer(args.stderr, 'indexing'))
    print(f'search index rebuilt: {count} cards and notices',
          file=args.stdout)
