"""FileStorage backups with ZODB's repozo: a full backup the first time
(and after a pack), increments afterwards. repozo only reads the
append-only Data.fs up to its last complete transaction, so a backup
is safe while a server serves; a restore needs the server stopped.
"""
from contextlib import contextmanager
import os
from pathlib import Path
import sys
from urllib.parse import urlsplit

from ZODB.scripts.repozo import is_data_file
import zc.lockfile

from kb.backup.errors import CannotRun
from kb.backup.tools import fresh_stamp, run

#: repozo's repository in a backup folder
FOLDER = 'filestorage'
REPOZO = [sys.executable, '-m', 'ZODB.scripts.repozo']


def data_fs(uri):
    """The Data.fs path of a ``file://`` URI."""
    return Path(urlsplit(uri).path)


def describe(uri):
    return f'the FileStorage {data_fs(uri)}'


def backup(uri, folder):
    """Add a full backup or an increment to ``folder/filestorage``.

    :returns: the line that names the file written.
    """
    repository = Path(folder) / FOLDER
    repository.mkdir(exist_ok=True)
    source = data_fs(uri)
    if not source.exists():
        raise CannotRun(f'{source}: no such database')
    fresh_stamp(repository)
    before = set(os.listdir(repository))
    run('repozo', [*REPOZO, '--backup', '--repository', repository,
                   '--file', source])
    written = sorted(name for name in set(os.listdir(repository)) - before
                     if is_data_file(name))
    if not written:
        return (f'database: unchanged since {newest(folder)}, '
                'nothing written')
    kind = 'increment' if '.delta' in written[-1] else 'full backup'
    return f'database: {repository / written[-1]} ({kind})'


def newest(folder):
    """The newest backup file in ``folder``.

    :raises CannotRun: if there is none.
    """
    repository = Path(folder) / FOLDER
    found = sorted(path for path in repository.glob('*')
                   if is_data_file(path.name)) if repository.is_dir() else []
    if not found:
        raise CannotRun(f'{folder} holds no FileStorage backup (no repozo '
                        f'files in {repository})')
    return found[-1]


@contextmanager
def claimed(uri):
    """Hold the FileStorage's lock, as a server would.

    :raises CannotRun: if a server (or another command) holds it.
    """
    try:
        lock = zc.lockfile.LockFile(f'{data_fs(uri)}.lock')
    except zc.lockfile.LockError:
        raise CannotRun('the database is in use by another process (a '
                        'running server?): stop every server on it, then '
                        'restore')
    try:
        yield
    finally:
        lock.close()


def restore(uri, artefact):
    """Rebuild Data.fs (and its index) as of ``artefact``, the newest
    file of the repository, checking every file's checksum. The old
    Data.fs is replaced only once the new one is whole.

    :returns: the line that says what was restored.
    """
    target = data_fs(uri)
    staged = Path(f'{target}.restoring')
    run('repozo', [*REPOZO, '--recover', '--with-verify', '--repository',
                   Path(artefact).parent, '--output', staged])
    index = Path(f'{staged}.index')
    if index.exists():
        os.replace(index, f'{target}.index')
    else:  # NB: an index of the replaced file would be wrong
        Path(f'{target}.index').unlink(missing_ok=True)
    os.replace(staged, target)
    return f'database: {artefact} restored into {describe(uri)}'
