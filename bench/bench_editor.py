"""Benchmark: the editor pages over a 10,000-card database.

Usage::

    .venv/bin/python bench/bench_editor.py [--cards 10000] [--samples 7]

Builds ``--cards`` cards over six providers (two in three published, one
in fifty past its review-by date) in a temporary FileStorage with the
connection cache of ``production.ini``, logs in through ``/login`` as the
central editor and as Kela's editor, and prints the median wall-clock
time and size of the dashboard, the review queue and the new-package form
(which offers every published card). This is a benchmark, not a test.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

from pyramid.paster import get_appsettings
import webtest

import kb
from kb.schema import Problems, check_card
from kb.users import add_user
from kb.versioning import Editor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

from common import kb_root  # noqa: E402
from tests.conftest import PASSWORD, card_body  # noqa: E402

PROVIDERS = ('kela', 'vero', 'poliisi', 'te', 'maistraatti', 'kunta')
PAGES = ('/editor/', '/editor/review', '/editor/cards/new?kind=package')


def build(app, db, count):
    editor = Editor(app.registry, 'bench')
    with kb_root(db) as root:
        add_user(root, app.registry, 'bench', 'central', 'central_editor',
                 PASSWORD)
        add_user(root, app.registry, 'bench', 'kela-editor',
                 'provider_editor', PASSWORD, 'kela')
    for first in range(0, count, 500):
        with kb_root(db) as root:
            for n in range(first, min(first + 500, count)):
                provider = PROVIDERS[n % len(PROVIDERS)]
                body = card_body(
                    f'{provider}-kortti-{n}', provider, suoritteet=[],
                    review_by='2020-01-01' if n % 50 == 0 else '2030-01-01')
                content = check_card(body, Problems(), provider=provider)
                card = editor.create(root, provider, body['id'], content)
                if n % 3:
                    editor.publish_now(card)


def main(argv=sys.argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=10000)
    parser.add_argument('--samples', type=int, default=7)
    args = parser.parse_args(argv[1:])
    tmp = tempfile.mkdtemp()
    settings = dict(
        get_appsettings(os.path.join(os.path.dirname(HERE), 'testing.ini')),
        **{'kb.search.index_dir': os.path.join(tmp, 'search'),
           'zodbconn.uri': f'file://{tmp}/Data.fs'
                           '?connection_cache_size=20000'})
    app = kb.main({}, **settings)
    build(app, app.registry._zodb_databases[''], args.cards)
    for name in ('central', 'kela-editor'):
        client = webtest.TestApp(app)
        form = client.get('/login').forms['login-form']
        form['username'], form['password'] = name, PASSWORD
        form.submit(status=303)
        for url in PAGES:
            times = []
            for _ in range(args.samples):
                start = time.perf_counter()
                response = client.get(url, status='*')
                times.append(time.perf_counter() - start)
            print(f'{name:12} {url:34} {response.status_int} '
                  f'median {statistics.median(times) * 1000:6.0f} ms '
                  f'{len(response.body) // 1024:5d} KB')


if __name__ == '__main__':
    main()
