"""``kb backup`` / ``kb restore`` on a FileStorage: increments, the
question, a server's lock, bad folders; nothing changes when the
command does not run."""
from pathlib import Path

import pytest

from tests.conftest import make_app


@pytest.fixture
def backed_up(kb, tmp_path):
    """A database with one user, backed up into ``tmp_path/backup``."""
    add = kb('user', 'add', 'first', '--role', 'admin', '--password-stdin',
             stdin='correct horse battery\n')
    assert add.status == 0, add.err
    done = kb('backup', str(tmp_path / 'backup'))
    assert done.status == 0, done.err
    return tmp_path / 'backup'


def test_second_backup_writes_an_increment_and_restore_gives_the_latest(
        kb, backed_up):
    first = sorted(p.name for p in (backed_up / 'filestorage').glob('*.fs'))
    assert len(first) == 1
    kb('user', 'add', 'second', '--role', 'admin', '--password-stdin',
       stdin='correct horse battery\n')
    again = kb('backup', str(backed_up))
    assert again.status == 0, again.err
    assert '(increment)' in again.out
    assert len(list((backed_up / 'filestorage').glob('*.deltafs'))) == 1
    kb('user', 'add', 'third', '--role', 'admin', '--password-stdin',
       stdin='correct horse battery\n')
    assert kb('restore', str(backed_up), '--yes').status == 0
    assert kb('user', 'token', 'second').status == 0  # in the increment
    assert kb('user', 'token', 'third').status == 1  # after it


def test_restore_asks_and_changes_nothing_unless_told_yes(kb, backed_up,
                                                          tmp_path):
    kb('user', 'add', 'second', '--role', 'admin', '--password-stdin',
       stdin='correct horse battery\n')
    data = (tmp_path / 'Data.fs').read_bytes()
    refused = kb('restore', str(backed_up), stdin='no\n')
    assert refused.status == 1
    assert 'Type yes to go on' in refused.err
    assert refused.err.splitlines()[-1].endswith('kb restore: nothing '
                                                 'restored')
    assert (tmp_path / 'Data.fs').read_bytes() == data
    agreed = kb('restore', str(backed_up), stdin='yes\n')
    assert agreed.status == 0, agreed.err
    assert kb('user', 'token', 'second').status == 1


def test_backup_beside_a_server_works_and_restore_refuses(
        kb, backed_up, app_settings, tmp_path):
    app = make_app(dict(app_settings, **{
        'zodbconn.uri': f'file://{tmp_path}/Data.fs'}), tmp_path / 'search')
    try:  # the app holds the FileStorage's lock, as a server does
        assert kb('backup', str(backed_up)).status == 0
        data = (tmp_path / 'Data.fs').read_bytes()
        refused = kb('restore', str(backed_up), '--yes')
        assert refused.status == 2
        assert refused.err.count('\n') == 1
        assert 'in use by another process' in refused.err
        assert (tmp_path / 'Data.fs').read_bytes() == data
    finally:
        app.registry._zodb_databases[''].close()


@pytest.mark.parametrize('folder', ['missing', 'empty', 'other'])
def test_restore_from_no_backup_is_one_line_and_exit_2(kb, tmp_path,
                                                       folder):
    path = tmp_path / folder
    if folder != 'missing':
        path.mkdir()
    if folder == 'other':
        (path / 'notes.txt').write_text('not a backup')
        (path / 'postgresql').mkdir()  # another storage's backup
    index = sorted(p.name for p in (tmp_path / 'search').iterdir())
    data = (tmp_path / 'Data.fs').read_bytes()
    result = kb('restore', str(path), '--yes')
    assert (result.status, result.err.count('\n')) == (2, 1)
    assert result.err.startswith('kb restore: ')
    assert (tmp_path / 'Data.fs').read_bytes() == data
    assert sorted(p.name for p in (tmp_path / 'search').iterdir()) == index


def test_restore_without_an_index_copy_removes_the_index(kb, backed_up,
                                                         tmp_path):
    import shutil

    shutil.rmtree(backed_up / 'search')
    result = kb('restore', str(backed_up), '--yes')
    assert result.status == 0, result.err
    assert 'rebuilt at the next start' in result.out
    assert not (tmp_path / 'search').exists()


def test_zeo_is_not_supported(kb_uninitialised, ini, tmp_path):
    text = Path(ini).read_text().replace(f'file://{tmp_path}/Data.fs',
                                         'zeo://127.0.0.1:1')
    Path(ini).write_text(text)
    result = kb_uninitialised('backup', str(tmp_path / 'backup'))
    assert (result.status, result.err.count('\n')) == (2, 1)
    assert 'ZEO database is not supported' in result.err
    assert not (tmp_path / 'backup').exists()


def test_a_tool_that_fails_is_one_line_and_exit_1(kb_uninitialised, ini,
                                                  tmp_path, postgres):
    text = Path(ini).read_text().replace(
        f'file://{tmp_path}/Data.fs', 'postgres://kb:wrong@127.0.0.1:1/none')
    Path(ini).write_text(text)
    result = kb_uninitialised('backup', str(tmp_path / 'backup'))
    assert (result.status, result.err.count('\n')) == (1, 1)
    assert result.err.startswith('kb backup: pg_dump failed: ')
    assert 'wrong' not in result.err
    assert not list((tmp_path / 'backup' / 'postgresql').iterdir())
    restore = kb_uninitialised('restore', str(tmp_path / 'backup'), '--yes')
    assert restore.status == 2
    assert 'holds no PostgreSQL backup' in restore.err


def test_a_node_without_an_index_backs_up_the_database(kb, tmp_path):
    import shutil

    shutil.rmtree(tmp_path / 'search')
    result = kb('backup', str(tmp_path / 'backup'))
    assert result.status == 0, result.err
    assert 'search index: none' in result.out
    assert not (tmp_path / 'backup' / 'search').exists()
