"""A ``kb`` runner against a FileStorage database in a temporary dir."""
import io
from pathlib import Path

import pytest

from tests.conftest import HERE


class Result:
    def __init__(self, status, out, err):
        self.status, self.out, self.err = status, out, err


@pytest.fixture
def database_uri(tmp_path):
    """The ``zodbconn.uri`` of :func:`ini` (a test module may choose
    another)."""
    return f'file://{tmp_path}/Data.fs'


@pytest.fixture
def ini(tmp_path, database_uri):
    text = Path(HERE, 'testing.ini').read_text()
    text = text.replace('memory://', database_uri)
    text = text.replace('%(here)s/var/test-search', f'{tmp_path}/search')
    text = text.replace('%(here)s', HERE)
    path = tmp_path / 'test.ini'
    path.write_text(text)
    return str(path)


@pytest.fixture
def kb_uninitialised(ini):
    """``kb('import', 'file.json', stdin='...')`` → :class:`Result`, on
    a database that no command has touched."""
    from kb.cli import main

    def run(*args, stdin=''):
        out, err = io.StringIO(), io.StringIO()
        status = main(['kb', '-c', ini, *args], stdin=io.StringIO(stdin),
                      stdout=out, stderr=err)
        return Result(status, out.getvalue(), err.getvalue())
    return run


@pytest.fixture
def kb(kb_uninitialised):
    """:func:`kb_uninitialised` on a database that ``kb init`` made."""
    assert kb_uninitialised('init').status == 0
    return kb_uninitialised
