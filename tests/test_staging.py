"""An export directory is replaced whole or not at all."""
import os

import pytest


def _callFUT(target):
    from kb.staging import staged_directory
    return staged_directory(str(target), '.test-')


def test_a_new_export_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / 'out' / 'export'
    with _callFUT(target) as folder:
        assert not target.exists()
        open(os.path.join(folder, 'first'), 'w').close()
    assert sorted(p.name for p in target.iterdir()) == ['first']
    assert oct(target.stat().st_mode & 0o777) == oct(0o755)
    with _callFUT(target) as folder:
        assert (target / 'first').exists()  # readers see the old one
        open(os.path.join(folder, 'second'), 'w').close()
    assert sorted(p.name for p in target.iterdir()) == ['second']
    assert [p.name for p in target.parent.iterdir()] == ['export']


def test_a_failed_export_leaves_the_old_one(tmp_path):
    target = tmp_path / 'export'
    target.mkdir()
    (target / 'old').touch()
    with pytest.raises(RuntimeError):
        with _callFUT(target) as folder:
            open(os.path.join(folder, 'half'), 'w').close()
            raise RuntimeError('disk full')
    assert sorted(p.name for p in target.iterdir()) == ['old']
    assert [p.name for p in tmp_path.iterdir()] == ['export']
