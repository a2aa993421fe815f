"""The database setting (kb.database): folders for FileStorage, the
PostgreSQL password from the environment."""
from pyramid.exceptions import ConfigurationError
import pytest

from kb.database import prepare

URI = 'postgres://kb@db.example:5432/kb?keep_history=false'


def test_the_password_comes_from_the_environment():
    settings = {'zodbconn.uri': URI}
    prepare(settings, {'KB_DATABASE_PASSWORD': 's3cret-Pass_word.~'})
    assert settings['zodbconn.uri'] == (
        'postgres://kb:s3cret-Pass_word.~@db.example:5432/kb'
        '?keep_history=false')


@pytest.mark.parametrize('uri, environ', [
    (URI, {}),
    ('postgres://kb:given@db.example/kb', {'KB_DATABASE_PASSWORD': 'x'}),
    ('zeo://127.0.0.1:8100', {'KB_DATABASE_PASSWORD': 'x'}),
])
def test_a_uri_is_left_alone_without_a_password_to_add(uri, environ):
    settings = {'zodbconn.uri': uri}
    prepare(settings, environ)
    assert settings['zodbconn.uri'] == uri


def test_a_password_relstorage_would_mangle_is_refused():
    with pytest.raises(ConfigurationError, match='KB_DATABASE_PASSWORD'):
        prepare({'zodbconn.uri': URI}, {'KB_DATABASE_PASSWORD': "it's"})


def test_the_folder_of_a_file_storage_is_made(tmp_path):
    prepare({'zodbconn.uri': f'file://{tmp_path}/var/db/Data.fs'}, {})
    assert (tmp_path / 'var' / 'db').is_dir()
