"""Backup and restore of a node's database and search index
(``kb backup DIR``, ``kb restore DIR``; the runbook is docs/backup.md).

A backup folder holds:

- ``filestorage/``: repozo's repository of a FileStorage (a full
  backup, then increments, each with its ``.index`` and the ``.dat``
  checksums);
- ``postgresql/``: one ``pg_dump`` custom-format file per backup,
  ``YYYY-MM-DD-HH-MM-SS.dump`` (UTC, like repozo's names);
- ``search/``: the newest copy of the node's search index folder.

The index is copied *before* the database is backed up, so a restored
index is never newer than the restored database: a node applies what
came after its position when it starts, and rebuilds an index newer
than its database.
"""
from pathlib import Path
import shutil
from urllib.parse import urlsplit

from pyramid.exceptions import ConfigurationError

from kb import database
from kb.backup import filestorage, index, postgresql
from kb.backup.errors import CannotRun, Declined


def storage_of(settings):
    """The module that backs up and restores ``zodbconn.uri``'s storage,
    and the URI with its password (:func:`kb.database.prepare`).

    :raises CannotRun: for ZEO and unknown storages.
    """
    settings = dict(settings)
    try:
        database.prepare(settings)
    except ConfigurationError as exc:
        raise CannotRun(str(exc))
    uri = settings.get('zodbconn.uri', '')
    scheme = urlsplit(uri).scheme
    if scheme == 'file':
        return filestorage, uri
    if scheme == 'postgres':
        return postgresql, uri
    if scheme == 'zeo':
        raise CannotRun('a ZEO database is not supported: back up the '
                        "FileStorage on the ZEO server's host with repozo "
                        '(see docs/backup.md)')
    raise CannotRun(f'cannot back up a {scheme or "missing"}:// database '
                    '(zodbconn.uri)')


def backup(settings, folder):
    """Copy the search index, then back up the database into ``folder``
    (made if missing).

    :returns: one line per artefact written.
    """
    storage, uri = storage_of(settings)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CannotRun(f'{folder} is not a folder')
    folder.mkdir(parents=True, exist_ok=True)
    index_dir = Path(settings['kb.search.index_dir'])
    staged = folder / (index.FOLDER + '.new')
    shutil.rmtree(staged, ignore_errors=True)
    copied = index.snapshot(index_dir, staged)
    lines = [storage.backup(uri, folder)]
    if copied:
        index.install(staged, folder / index.FOLDER)
        lines.append(f'search index: {folder / index.FOLDER}')
    else:
        lines.append(f'search index: none in {index_dir} (not copied)')
    return lines


def restore(settings, folder, confirm):
    """Replace the database and the search index by the newest backup
    in ``folder``, once ``confirm(question)`` returns True.

    :returns: one line per artefact restored.
    :raises CannotRun: if ``folder`` holds no backup of this storage,
        or the database is in use; nothing was changed.
    :raises Declined: if not confirmed; nothing was changed.
    """
    storage, uri = storage_of(settings)
    folder = Path(folder)
    if not folder.is_dir():
        raise CannotRun(f'{folder}: no such backup folder')
    artefact = storage.newest(folder)
    index_dir = Path(settings['kb.search.index_dir'])
    copy = folder / index.FOLDER
    with storage.claimed(uri):
        what = 'the search index' if copy.is_dir() else \
            'remove the search index (rebuilt at the next start)'
        question = (f'Replace {storage.describe(uri)} by {artefact}, and '
                    f'{what} in {index_dir}? Type yes to go on: ')
        if not confirm(question):
            raise Declined('nothing restored')
        lines = [storage.restore(uri, artefact)]
    lines.append(index.restore(copy, index_dir))
    return lines
