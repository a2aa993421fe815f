"""``kb backup DIR``: back up the database and the node's search index
into the folder DIR (made if missing), safe while servers serve:

- FileStorage: repozo, a full backup the first time, then increments
  (``DIR/filestorage/``);
- PostgreSQL: one ``pg_dump`` file per backup (``DIR/postgresql/``);
- the search index folder, copied while its writer lock is held
  (``DIR/search/``, the newest copy only).

ZEO is not supported (back up the ZEO server's FileStorage on its
host). One line per artefact written; exit status 0, 1 if a tool
failed, 2 if the command cannot run. The runbook: docs/backup.md.
"""
from pathlib import Path

from kb import backup
from kb.backup.errors import BackupError


def add_arguments(parser):
    parser.description = __doc__.split('\n\n')[0]
    parser.add_argument('folder', metavar='DIR', type=Path,
                        help='the backup folder (made if missing)')


def answer(args, work):
    """Print the lines ``work()`` returns, or the one-line reason it
    failed; :returns: the exit status."""
    try:
        lines = work()
    except BackupError as exc:
        print(f'kb {args.command}: {exc}', file=args.stderr)
        return exc.status
    for line in lines:
        print(line, file=args.stdout)
    return 0


def run_without_app(args, settings):
    return answer(args, lambda: backup.backup(settings, args.folder))
