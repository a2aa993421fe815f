"""The index and the database always agree: abort, retry, crash."""
import os
from pathlib import Path
import subprocess
import sys

import transaction
import webtest

from tests.conftest import HERE, card_body

SEARCH = '/api/v1/search'


def ids(client, text='lapsilisä'):
    return [r['id'] for r in client.get(SEARCH, q=text).json['results']]


def test_aborted_transaction_never_reaches_the_index(app, as_user,
                                                     published_card):
    from kb.cards.versioning import Versioning
    from kb.search.changelog import length

    published_card()
    index = app.registry.search_index
    before = index.applied
    db = app.registry._zodb_databases['']
    logged = length(db)
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    tm.begin()
    root = conn.root()['kb_root']
    card = root['cards']['kela-testikortti']
    content = card.current_content()
    content['content']['fi']['title'] = 'Keskeytetty muutos'
    Versioning(app.registry, 'x').save(card, content, 1)
    tm.abort()
    conn.close()
    assert length(db) == logged
    assert index.applied == before
    assert ids(as_user('kela-editor'), 'keskeytetty') == []
    assert index.check(db) == {'missing': [], 'extra': [], 'stale': []}


def test_retried_request_writes_the_index_once(app, as_user, published_card,
                                               tokens):
    """A real write conflict on the first attempt: pyramid_retry runs the
    request again; only the successful commit reaches the index."""
    from kb.interfaces import IVersionSaved

    published_card()
    db = app.registry._zodb_databases['']
    attempts = []

    def conflict_once(event):
        attempts.append(1)
        if len(attempts) > 1:
            return
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        with tm:  # another writer commits to the same card meanwhile
            card = conn.root()['kb_root']['cards']['kela-testikortti']
            card.last_transition = dict(card.last_transition, comment='!')
        conn.close()

    app.registry.registerHandler(conflict_once, (IVersionSaved,))
    index = app.registry.search_index
    before = index.applied
    body = card_body(base_version=1)
    body['content']['fi']['description'] = 'Ainutlaatuinen pingviini.'
    webtest.TestApp(app).put_json(
        '/api/v1/cards/kela-testikortti', body,
        headers={'Authorization': f"Bearer {tokens['kela-editor']}"})
    assert len(attempts) == 2
    assert index.applied == before + 1
    assert ids(as_user('kela-editor'), 'pingviini') == ['kela-testikortti']
    assert index.check(db) == {'missing': [], 'extra': [], 'stale': []}


CRASHER = '''
import os, sys, time
sys.path.insert(0, {here!r})
from pyramid.paster import get_appsettings
import transaction
from kb import main, runtime
from kb.cards.exchange import import_cards, validate_document
from kb.cards.versioning import Versioning
from kb.runtime.initdb import create
from tests.conftest import card_body

settings = dict(get_appsettings({ini!r}, name='kb'), **{{
    'zodbconn.uri': 'file://{tmp}/Data.fs',
    'kb.search.index_dir': '{tmp}/search'}})
app = main({{}}, **settings)
registry = app.registry
db = registry._zodb_databases['']
create(db, registry)
runtime.start(registry, workers=['indexer'])
worker = registry.search_queuer.worker
worker.delay = 30  # the crash comes long before the index write
tm = transaction.TransactionManager()
conn = db.open(transaction_manager=tm)
with tm:
    root = conn.root()['kb_root']
    cards = validate_document(root, {{'format': 'kb-cards/1',
                                      'cards': [card_body()]}})
    import_cards(root, Versioning(registry, 'x'), cards, publish=True)
os._exit(0)  # crash: committed, never indexed
'''


def test_crash_between_commit_and_index_write_is_repaired_at_start(
    tmp_path, app_settings
):
    from kb import main, runtime
    from kb.search.changelog import waiting
    from kb.search.query import Engine, Search, audience_for

    script = CRASHER.format(here=HERE, ini=str(Path(HERE, 'testing.ini')),
                            tmp=tmp_path)
    subprocess.run([sys.executable, '-c', script], check=True, cwd=HERE,
                   env=dict(os.environ, PYTHONPATH=HERE))
    settings = dict(app_settings, **{
        'zodbconn.uri': f'file://{tmp_path}/Data.fs',
        'kb.search.index_dir': str(tmp_path / 'search')})
    app = main({}, **settings)  # the next start
    runtime.start(app.registry, workers=())
    try:
        db = app.registry._zodb_databases['']
        index = app.registry.search_index
        assert not index.fresh  # repaired, not rebuilt
        assert index.check(db) == {'missing': [], 'extra': [], 'stale': []}
        found = Engine(index).search(Search('lapsilisä'),
                                     audience_for(None, '2026-01-01'))
        assert [r['id'] for r in found['results']] == ['kela-testikortti']
        assert waiting(db, index.position) == (set(), None)
    finally:
        app.registry._zodb_databases[''].close()


def test_background_worker_makes_a_save_findable(app, started, database):
    from kb.accounts.users import add_user, issue_token

    started('indexer')
    with database as root:
        add_user(root, app.registry, 't', 'central', 'central_editor',
                 'p' * 12)
        token = issue_token(root, app.registry, 't',
                            root['users']['central'])
    client = webtest.TestApp(app)
    headers = {'Authorization': f'Bearer {token}'}
    client.post_json('/api/v1/cards', card_body(
        'opas-testi', 'central', kind='procedure', suoritteet=[]),
        headers=headers)
    app.registry.search_queuer.worker.flush()
    found = client.get(SEARCH, params={'q': 'lapsilisä'},
                       headers=headers).json['results']
    assert [r['id'] for r in found] == ['opas-testi']


def test_index_is_rebuilt_when_the_schema_changes(app, published_card,
                                                  as_user):
    from kb.search.index import SearchIndex

    published_card()
    index = app.registry.search_index
    (index.path / 'kb-schema-version').write_text('0')
    again = SearchIndex(index.path)
    assert again.fresh
    db = app.registry._zodb_databases['']
    assert again.rebuild(db) > 0
    assert again.check(db) == {'missing': [], 'extra': [], 'stale': []}
