"""The private PostgreSQL server (kb.local.postgres) and the app on it
through RelStorage, history-free, as in production."""
from pathlib import Path
import stat

import pytest

from tests.conftest import card_body


def test_the_server_listens_on_loopback_with_a_private_password(postgres):
    assert postgres.running()
    assert stat.S_IMODE((postgres.folder / 'password').stat().st_mode) \
        == 0o600
    assert stat.S_IMODE(postgres.data.stat().st_mode) == 0o700
    assert postgres.psql('SHOW listen_addresses').strip() == '127.0.0.1'
    assert postgres.psql('SHOW password_encryption').strip() \
        == 'scram-sha-256'


def test_temporary_tables_live_in_ram_also_after_a_restart(postgres):
    """RelStorage's commits truncate temporary tables: in RAM that is
    no file system work under its commit lock."""
    temp_table = ("CREATE TEMP TABLE t (x int); "
                  "SELECT pg_relation_filepath('t')")
    assert postgres.ram.parent == Path('/dev/shm')
    assert postgres.psql('SHOW temp_tablespaces').strip() == 'kb_temp'
    assert postgres.psql(
        "SELECT pg_tablespace_location(oid) FROM pg_tablespace "
        "WHERE spcname = 'kb_temp'").strip() == str(postgres.ram)
    assert postgres.psql(temp_table).startswith('pg_tblspc/')
    postgres.stop()
    assert not postgres.ram.exists()
    postgres.ensure()
    assert postgres.psql(temp_table).startswith('pg_tblspc/')


def test_a_wrong_password_is_refused(postgres):
    from ZODB import DB
    import zodburi

    factory, _ = zodburi.resolve_uri(
        postgres.uri('postgres', password=False).replace(
            'kb@', 'kb:not-the-password@'))
    with pytest.raises(Exception, match='password authentication failed'):
        DB(factory())


def test_database_names_are_checked(postgres):
    from kb.local.postgres import PostgresError

    with pytest.raises(PostgresError, match='not a plain database name'):
        postgres.create_database('kb"; DROP DATABASE postgres; --')


class TestTheAppOnPostgres:

    @pytest.fixture
    def app(self, pg_app):
        return pg_app

    def test_the_storage_is_a_history_free_relstorage(self, app):
        storage = app.registry._zodb_databases[''].storage
        assert type(storage).__name__ == 'RelStorage'
        assert storage._options.keep_history is False

    def test_a_published_card_is_served_and_found(self, published_card,
                                                  as_user):
        published_card()
        public = as_user(None)
        assert public.get('/api/v1/cards/kela-testikortti').json[
            'content']['fi']['title'] == 'Lapsilisä'
        found = public.get('/api/v1/search', q='lapsilisä').json
        assert [hit['id'] for hit in found['results']] == ['kela-testikortti']

    def test_a_stale_save_is_a_409_not_a_lost_update(self, as_user):
        editor = as_user('kela-editor')
        editor.post('/api/v1/cards', card_body(), status=201)
        first, second = card_body(base_version=1), card_body(base_version=1)
        first['content']['fi']['summary'] += ' Ensimmäinen.'
        second['content']['fi']['summary'] += ' Toinen.'
        editor.put('/api/v1/cards/kela-testikortti', first)
        editor.put('/api/v1/cards/kela-testikortti', second, status=409)
