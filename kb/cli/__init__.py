"""The ``kb`` console script: one command, small sub-command modules.

Each sub-command module has ``add_arguments(parser)`` and
``run(args, env)``; ``env`` is the ``pyramid.paster.bootstrap``
environment of the ini file's ``kb`` app section (not the pipeline, so
no command starts the runtime's threads), and transactional work
happens inside ``with env['request'].tm:``. A module may also have
``before_bootstrap(args, registry)``, run before the environment is
made (which needs the app root that ``kb init`` creates). A module
with ``run_without_app(args, settings)`` gets the app section's
settings instead and opens no database (``kb backup`` beside a server
that holds a FileStorage; ``kb restore``, which replaces it).
"""
import argparse
import importlib
import sys

from pyramid.exceptions import ConfigurationError
from pyramid.paster import get_app, get_appsettings, setup_logging
from pyramid.scripting import prepare
from zc.lockfile import LockError

from kb.errors import KBError
from kb.i18n import as_text as plain
from kb.runtime.startup import StartupError, check_initialised

COMMANDS = {
    'init': ('kb.cli.init', 'create the database with the reference data'),
    'upgrade': ('kb.cli.upgrade', 'run the pending evolve steps'),
    'demo': ('kb.cli.demo', 'load the demo content and demo users'),
    'import': ('kb.cli.importer', 'import cards in the exchange format'),
    'export': ('kb.cli.export',
               'export cards, or the Suomi.fi (PTV) documents'),
    'user': ('kb.cli.user', 'add users and issue API tokens'),
    'reindex': ('kb.cli.reindex', 'rebuild the search index'),
    'check': ('kb.cli.check', 'compare the search index and work lists with '
              'the database; --repair rebuilds them after reporting'),
    'report': ('kb.cli.report', 'write the monthly reports or the bills; '
               'list, make or get the month-end packs'),
    'backup': ('kb.cli.backup', 'back up the database and the search index '
               'into a folder (safe while a server serves)'),
    'restore': ('kb.cli.restore', 'replace the database and the search '
                'index by the newest backup in a folder'),
}

#: Why a command cannot open a FileStorage, and what to do about it.
LOCKED = ('the database is in use by another process (a running server?): '
          'stop the server, or run it on ZEO or PostgreSQL to use kb '
          'commands alongside it')


def progress_printer(stream, label):
    """A ``(done, total)`` callback that redraws one line on a terminal
    and stays silent otherwise (logs, pipes, CI)."""
    if not stream.isatty():
        return None

    def show(done, total):
        end = '\n' if done == total else ''
        print(f'\r{label} {done}/{total}', end=end, file=stream, flush=True)
    return show


def app_section(config_uri):
    """``config_uri`` naming its ``kb`` app section unless it names one
    (``development.ini`` → ``development.ini#kb``)."""
    return config_uri if '#' in config_uri else f'{config_uri}#kb'


def make_parser():
    parser = argparse.ArgumentParser(prog='kb', description=__doc__
                                     .splitlines()[0])
    parser.add_argument('-c', '--config', default='development.ini',
                        help='PasteDeploy ini file (default: %(default)s)')
    commands = parser.add_subparsers(dest='command', required=True,
                                     metavar='COMMAND')
    for name, (module, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        importlib.import_module(module).add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def main(argv=sys.argv, stdin=None, stdout=None, stderr=None):
    """Run a sub-command; return the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = make_parser().parse_args(argv[1:])
    args.stdin, args.stdout, args.stderr = stdin, stdout, stderr
    setup_logging(args.config)
    command = importlib.import_module(args.module)
    if hasattr(command, 'run_without_app'):
        return command.run_without_app(
            args, get_appsettings(app_section(args.config)))
    try:
        app = get_app(app_section(args.config))
    except ConfigurationError as exc:  # e.g. no session secret
        print(f'kb {args.command}: {exc}', file=stderr)
        return 1
    except LockError:  # a FileStorage that a server holds
        print(f'kb {args.command}: {LOCKED}', file=stderr)
        return 2
    databases = app.registry._zodb_databases
    try:
        if hasattr(command, 'before_bootstrap'):
            command.before_bootstrap(args, app.registry)
        check_initialised(databases[''])
    except StartupError as exc:
        print(f'kb {args.command}: {exc}', file=stderr)
        close(databases)
        return 1
    env = prepare(registry=app.registry)
    try:
        return command.run(args, env) or 0
    except KBError as exc:
        for detail in exc.details if isinstance(exc.details, list) else ():
            where = ' '.join(
                part for part in (detail.get('card'), detail.get('field'))
                if part
            )
            print(f"  {where}: {plain(detail['message'])}", file=stderr)
        print(f'kb {args.command}: {plain(exc.message)}', file=stderr)
        return 1
    finally:
        env['closer']()
        close(databases)


def close(databases):
    for db in databases.values():
        db.close()
