"""``kb restore DIR [--yes]``: replace the database and the node's
search index by the newest backup in DIR (made by ``kb backup``).

It asks first (type ``yes`` to go on; anything else changes nothing,
exit status 1); ``--yes`` skips the question. Stop every server on the
database first: on FileStorage a server's lock refuses the restore
(exit status 2). Without an index copy in DIR the node's index is
removed, and the next start rebuilds it. The runbook: docs/backup.md.
"""
from pathlib import Path

from kb import backup
from kb.cli.backup import answer


def add_arguments(parser):
    parser.description = __doc__.split('\n\n')[0]
    parser.add_argument('folder', metavar='DIR', type=Path,
                        help='a folder that kb backup wrote')
    parser.add_argument('--yes', action='store_true',
                        help='do not ask before replacing the database')


def run_without_app(args, settings):
    def confirm(question):
        if args.yes:
            return True
        print(question, end='', file=args.stderr, flush=True)
        return args.stdin.readline().strip().lower() == 'yes'
    return answer(args, lambda: backup.restore(settings, args.folder,
                                               confirm))
