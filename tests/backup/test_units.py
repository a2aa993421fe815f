"""The parts of kb.backup that need no database: the PostgreSQL
connection, stamps, the index copy's lock."""
import pytest


def test_postgres_connection_goes_to_the_environment_not_a_command_line():
    from kb.backup.postgresql import connection

    name, env = connection('postgres://kb:s3cret@10.0.0.5:6432/kb_prod'
                           '?keep_history=false', environ={'HOME': '/x'})
    assert name == 'kb_prod'
    assert env == {'HOME': '/x', 'PGDATABASE': 'kb_prod',
                   'PGHOST': '10.0.0.5', 'PGPORT': '6432', 'PGUSER': 'kb',
                   'PGPASSWORD': 's3cret'}


def test_the_password_may_come_from_kb_database_password(monkeypatch):
    from kb.backup import postgresql, storage_of

    monkeypatch.setenv('KB_DATABASE_PASSWORD', 'from-env')
    storage, uri = storage_of({'zodbconn.uri': 'postgres://kb@h/db'})
    assert storage is postgresql
    assert postgresql.connection(uri)[1]['PGPASSWORD'] == 'from-env'


def test_unknown_storage_cannot_be_backed_up():
    from kb.backup import storage_of
    from kb.backup.errors import CannotRun

    with pytest.raises(CannotRun, match='memory://'):
        storage_of({'zodbconn.uri': 'memory://'})


def test_a_stamp_already_used_waits_for_the_next_second(tmp_path):
    from kb.backup.tools import fresh_stamp

    (tmp_path / '2026-01-02-03-04-05.dump').write_text('')
    now = [1767323045.5]  # 2026-01-02 03:04:05.5 UTC
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds
    assert fresh_stamp(tmp_path, lambda: now[0], sleep) == \
        '2026-01-02-03-04-06'
    assert waits


def test_index_copy_waits_for_a_writer_then_gives_up(tmp_path):
    from whoosh import index as whoosh_index

    from kb.backup.errors import BackupError
    from kb.backup.index import snapshot
    from kb.search.documents import make_schema

    (tmp_path / 'search').mkdir()
    ix = whoosh_index.create_in(tmp_path / 'search', make_schema())
    writer = ix.writer()
    try:
        with pytest.raises(BackupError, match='stayed locked'):
            snapshot(tmp_path / 'search', tmp_path / 'copy', timeout=0.3)
    finally:
        writer.cancel()
    assert not (tmp_path / 'copy').exists()
    assert snapshot(tmp_path / 'search', tmp_path / 'copy')
    assert not list((tmp_path / 'copy').glob('*WRITELOCK'))


def test_no_index_is_not_copied(tmp_path):
    from kb.backup.index import snapshot

    assert snapshot(tmp_path / 'nothing', tmp_path / 'copy') is False


def test_index_copy_holds_the_writer_lock_only_to_link_the_files(tmp_path):
    import shutil

    from whoosh import index as whoosh_index

    from kb.backup.index import snapshot
    from kb.search.documents import make_schema

    (tmp_path / 'search').mkdir()
    ix = whoosh_index.create_in(tmp_path / 'search', make_schema())
    free = []

    def copy(source, target, **options):
        lock = ix.lock('WRITELOCK')
        free.append(lock.acquire())  # a writer meanwhile
        lock.release()
        return shutil.copytree(source, target, **options)
    assert snapshot(tmp_path / 'search', tmp_path / 'copy', copy=copy)
    assert free == [True]
    assert whoosh_index.open_dir(tmp_path / 'copy').doc_count() == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        'copy', 'search']


def test_index_files_that_cannot_be_linked_are_copied_under_the_lock(
        tmp_path, monkeypatch):
    import errno
    import os

    from whoosh import index as whoosh_index

    from kb.backup.index import snapshot
    from kb.search.documents import make_schema

    def cross_device(source, target):
        raise OSError(errno.EXDEV, 'Invalid cross-device link')
    monkeypatch.setattr(os, 'link', cross_device)
    (tmp_path / 'search').mkdir()
    whoosh_index.create_in(tmp_path / 'search', make_schema())
    assert snapshot(tmp_path / 'search', tmp_path / 'copy')
    assert whoosh_index.open_dir(tmp_path / 'copy').doc_count() == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        'copy', 'search']
