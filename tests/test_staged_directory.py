"""An export directory is replaced whole or not at all, and never a
directory that is not an earlier export."""
import os

import pytest


def _callFUT(target):
    from kb.staged_directory import staged_directory
    return staged_directory(str(target), '.test-', 'MARK', 'not ours')


def _write(folder, *names):
    for name in names:
        open(os.path.join(folder, name), 'w').close()


def test_a_new_export_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / 'out' / 'export'
    with _callFUT(target) as folder:
        assert not target.exists()
        _write(folder, 'first', 'MARK')
    assert sorted(p.name for p in target.iterdir()) == ['MARK', 'first']
    assert oct(target.stat().st_mode & 0o777) == oct(0o755)
    with _callFUT(target) as folder:
        assert (target / 'first').exists()  # readers see the old one
        _write(folder, 'second', 'MARK')
    assert sorted(p.name for p in target.iterdir()) == ['MARK', 'second']
    assert [p.name for p in target.parent.iterdir()] == ['export']


def test_a_failed_export_leaves_the_old_one(tmp_path):
    target = tmp_path / 'export'
    target.mkdir()
    (target / 'MARK').touch()
    with pytest.raises(RuntimeError):
        with _callFUT(target) as folder:
            _write(folder, 'half')
            raise RuntimeError('disk full')
    assert sorted(p.name for p in target.iterdir()) == ['MARK']
    assert [p.name for p in tmp_path.iterdir()] == ['export']


def test_a_failure_between_the_renames_puts_the_old_one_back(
        tmp_path, monkeypatch):
    target = tmp_path / 'export'
    target.mkdir()
    (target / 'MARK').touch()
    real = os.rename
    failed = []

    def rename(source, destination):
        if str(destination) == str(target) and not failed:
            failed.append(source)  # the new one, interrupted
            raise OSError('interrupted')
        real(source, destination)
    monkeypatch.setattr(os, 'rename', rename)
    with pytest.raises(OSError):
        with _callFUT(target) as folder:
            _write(folder, 'new', 'MARK')
    monkeypatch.undo()
    assert sorted(p.name for p in target.iterdir()) == ['MARK']
    assert [p.name for p in tmp_path.iterdir()] == ['export']


@pytest.mark.parametrize('make', [
    lambda path: (path.mkdir(), (path / 'thesis.txt').write_text('mine')),
    lambda path: path.write_text('a file'),
])
def test_something_else_is_never_replaced(tmp_path, make):
    from kb.errors import KBError
    target = tmp_path / 'export'
    make(target)
    with pytest.raises(KBError) as caught:
        with _callFUT(target):
            pytest.fail('not staged')
    assert caught.value.message == 'not ours'
    assert [p.name for p in tmp_path.iterdir()] == ['export']
