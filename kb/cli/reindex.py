"""``kb reindex``: rebuild this node's search index (the ini's index
folder, with the change log position it was rebuilt from) and the
editors' work lists from the database."""
from kb.cards import worklists
from kb.cli import progress_printer


def add_arguments(parser):
    pass


def run(args, env):
    registry = env['registry']
    db = registry._zodb_databases['']
    count = registry.search_index.renew(
        db, progress=progress_printer(args.stderr, 'indexing'))
    print(f'search index rebuilt: {count} cards and notices',
          file=args.stdout)
    with env['request'].tm:
        filed = worklists.ensure(env['root'], registry, rebuild=True)
    print(f'work lists rebuilt: {filed} cards', file=args.stdout)
