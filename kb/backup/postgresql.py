"""PostgreSQL backups with ``pg_dump -Fc`` (one file per backup) and
``pg_restore --clean``. The connection comes from ``zodbconn.uri``;
the password reaches the tools through ``PGPASSWORD``, never a
command line."""
from contextlib import nullcontext
import os
from pathlib import Path
import re
import shutil
from urllib.parse import unquote, urlsplit

from kb.backup.errors import BackupError, CannotRun
from kb.backup.tools import fresh_stamp, run
from kb.local.postgres import bin_dir

#: the dumps' folder in a backup folder
FOLDER = 'postgresql'
DUMP = re.compile(r'\d{4}(?:-\d\d){5}\.dump\Z')


def connection(uri, environ=os.environ):
    """The database name and the environment that points libpq's
    clients at the database of ``uri``."""
    parts = urlsplit(uri)
    name = unquote(parts.path.lstrip('/'))
    env = dict(environ, PGDATABASE=name)
    for variable, value in (('PGHOST', parts.hostname),
                            ('PGPORT', parts.port),
                            ('PGUSER', parts.username),
                            ('PGPASSWORD', parts.password)):
        if value:
            env[variable] = unquote(str(value))
    return name, env


def describe(uri):
    parts = urlsplit(uri)
    return (f'the PostgreSQL database {connection(uri)[0]} on '
            f'{parts.hostname or "localhost"}:{parts.port or 5432}')


def tool(name):
    """The newest installed server's ``name`` (``pg_dump`` must be at
    least as new as the server), else the one on the PATH."""
    found = bin_dir()
    if found is not None and (found / name).exists():
        return found / name
    on_path = shutil.which(name)
    if on_path is None:
        raise CannotRun(f'{name} not found: install PostgreSQL\'s client '
                        'programs (Debian: postgresql-client)')
    return on_path


def backup(uri, folder):
    """Dump the database into ``folder/postgresql/STAMP.dump``.

    :returns: the line that names the file written.
    """
    dumps = Path(folder) / FOLDER
    dumps.mkdir(exist_ok=True)
    target = dumps / f'{fresh_stamp(dumps)}.dump'
    # NB: written under another name first, so a failed dump is never
    # taken for the newest backup
    partial = target.with_suffix('.part')
    try:
        run('pg_dump', [tool('pg_dump'), '--format=custom', '--file',
                        partial], env=connection(uri)[1])
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)
    return f'database: {target}'


def newest(folder):
    """The newest dump in ``folder``.

    :raises CannotRun: if there is none.
    """
    dumps = Path(folder) / FOLDER
    found = sorted(path for path in dumps.glob('*')
                   if DUMP.match(path.name)) if dumps.is_dir() else []
    if not found:
        raise CannotRun(f'{folder} holds no PostgreSQL backup (no dumps in '
                        f'{dumps})')
    return found[-1]


def claimed(uri):
    """Nothing to hold: the runbook stops the nodes first."""
    return nullcontext()


def restore(uri, artefact):
    """Replace the database's tables by the dump's, in one transaction
    (all or nothing).

    :returns: the line that says what was restored.
    """
    name, env = connection(uri)
    run('pg_restore', [tool('pg_restore'), '--clean', '--if-exists',
                       '--single-transaction', '--no-owner',
                       '--no-privileges', '--dbname', name, artefact],
        env=env)
    return f'database: {artefact} restored into {describe(uri)}'
