"""The search index folder in a backup or a search seed: taken while
Whoosh's writer lock is held, so that no segment changes midway
(searching goes on), and put back whole."""
import os
from pathlib import Path
import shutil

from whoosh import index as whoosh_index
from whoosh.util.filelock import try_for

from kb.backup.errors import BackupError
from kb.search.index import WRITER_TIMEOUT, owner

#: the index copy's folder in a backup
FOLDER = 'search'
LOCK = 'WRITELOCK'


def snapshot(index_dir, target, timeout=WRITER_TIMEOUT,
             copy=shutil.copytree):
    """Copy the index in ``index_dir`` to the new folder ``target``.

    Under the writer lock the files are only hard-linked into a folder
    beside the index (Whoosh writes each file once and never changes
    it), and ``copy(links, target)`` copies them after the lock is
    released, so writers wait a moment, not the whole copy. Where the
    files cannot be linked (the index folder is a mount point of its
    own), they are copied under the lock.

    :returns: False if there is no index to copy.
    :raises BackupError: if a writer holds the lock for
        longer than ``timeout`` seconds.
    """
    if not whoosh_index.exists_in(index_dir):
        return False
    index_dir = Path(index_dir)
    links = index_dir.with_name(f'{index_dir.name}.snap-{owner()}')
    shutil.rmtree(links, ignore_errors=True)
    ix = whoosh_index.open_dir(index_dir)
    lock = ix.lock(LOCK)
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        raise BackupError(f'the search index in {index_dir} stayed locked '
                          f'for {timeout} s; try again')
    try:
        # NB: the lock's own file stays behind: a copy must not look held
        ignore = shutil.ignore_patterns(f'*_{LOCK}')
        try:
            shutil.copytree(index_dir, links, ignore=ignore,
                            copy_function=os.link)
        except OSError:
            shutil.rmtree(links, ignore_errors=True)
            copy(index_dir, target, ignore=ignore)
    finally:
        lock.release()
        ix.close()
    if links.exists():
        try:
            copy(links, target)
        finally:
            shutil.rmtree(links, ignore_errors=True)
    return True


def install(source, target):
    """Put the folder ``source`` in the place of ``target`` (moved, not
    copied), removing what ``target`` held."""
    target = Path(target)
    old = target.with_name(target.name + '.old')
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    Path(source).rename(target)
    shutil.rmtree(old, ignore_errors=True)


def restore(copy, index_dir):
    """Replace the node's index by the backup's ``copy``, or remove it
    (so that the node rebuilds it at start) if the backup has none.

    :returns: the line that says what was done.
    """
    index_dir = Path(index_dir)
    if not Path(copy).is_dir():
        shutil.rmtree(index_dir, ignore_errors=True)
        return (f'search index: removed {index_dir} (no copy in the backup; '
                'rebuilt at the next start)')
    staged = index_dir.with_name(index_dir.name + '.restoring')
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(copy, staged)
    install(staged, index_dir)
    return f'search index: restored into {index_dir}'
