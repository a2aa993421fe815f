"""Several server processes on one database (a real ZEO server) and one
index directory: concurrent saves of the same cards neither corrupt the
index nor lose an update."""
import os
from pathlib import Path
import subprocess
import sys

import pytest

from tests.conftest import HERE, card_body

CARDS = [f'kela-rinnakkain-{n}' for n in range(4)]

WRITER = '''
import random, sys
sys.path.insert(0, {here!r})
from pyramid.paster import get_appsettings
import transaction
from ZODB.POSException import ConflictError
from kb import main, runtime
from kb.cards.versioning import Versioning

settings = dict(get_appsettings({ini!r}, name='kb'), **{{
    'zodbconn.uri': 'zeo://{host}:{port}',
    'kb.search.index_dir': {index!r}}})
app = main({{}}, **settings)
registry = app.registry
runtime.start(registry, workers={workers!r})
db = registry._zodb_databases['']
rng = random.Random({seed})
saved = 0
while saved < {saves}:
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            card = conn.root()['kb_root']['cards'][rng.choice({cards!r})]
            content = card.current_content()
            content['content']['fi']['description'] = (
                'proc{seed} save ' + str(saved))
            Versioning(registry, 'proc{seed}').save(card, content, card.head)
        saved += 1
    except ConflictError:
        pass
    finally:
        conn.close()
runtime.stop(registry)
'''


@pytest.mark.slow
@pytest.mark.parametrize('workers', [[], ['indexer']])
def test_two_processes_keep_index_and_database_equal(tmp_path, app_settings,
                                                     workers):
    import ZEO
    import transaction

    from kb import main, runtime
    from kb.cards.exchange import import_cards, validate_document
    from kb.cards.versioning import Versioning
    from kb.runtime.initdb import create

    address, stop = ZEO.server(path=str(tmp_path / 'Data.fs'))
    host, port = address
    index = str(tmp_path / 'search')
    settings = dict(app_settings, **{'zodbconn.uri': f'zeo://{host}:{port}',
                                     'kb.search.index_dir': index})
    app = main({}, **settings)
    try:
        db = app.registry._zodb_databases['']
        create(db, app.registry)
        runtime.start(app.registry, workers=())
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        with tm:
            root = conn.root()['kb_root']
            cards = validate_document(root, {'format': 'kb-cards/1', 'cards': [
                card_body(card_id) for card_id in CARDS]})
            import_cards(root, Versioning(app.registry, 'x'), cards, True)
        conn.close()
        writers = [
            subprocess.Popen(
                [sys.executable, '-c', WRITER.format(
                    here=HERE, ini=str(Path(HERE, 'testing.ini')),
                    host=host, port=port, index=index, seed=seed,
                    saves=25, cards=CARDS, workers=workers)],
                cwd=HERE, env=dict(os.environ, PYTHONPATH=HERE))
            for seed in (1, 2)
        ]
        assert [w.wait(timeout=300) for w in writers] == [0, 0]
        index_obj = app.registry.search_index
        assert index_obj.check(db) == {
            'missing': [], 'extra': [], 'stale': []}
        conn = db.open()
        root = conn.root()['kb_root']
        heads = sum(root['cards'][card_id].head for card_id in CARDS)
        assert heads == len(CARDS) + 50  # every save kept: 2 × 25
        conn.close()
    finally:
        db.close()
        stop()
