"""Benchmark: the editor pages over a 10,000-card database.

Usage::

    .venv/bin/python bench/bench_editor.py [--cards 10000] [--samples 20]

Builds ``--cards`` cards over six providers (two in three published, one
in fifty past its review-by date) in a temporary FileStorage with the
connection cache of ``production.ini``, logs in through ``/login`` as the
central editor and as Kela's editor, and prints the median and p95
wall-clock time and the size of the dashboard, a page of the published
list, the review queue, the JSON API's review-due list and the
new-package form (which offers every published card).

Baseline in the same run: the full scan the dashboard made before the
work-list summary, timed in process with a warm connection: for every
card, the central editor's permission check (ACL) and its lists worked
out from the card (:func:`kb.cards.worklists.memberships`, the same reads the
old code made). It leaves out the page itself, so it is a lower bound
of the old page. This is a benchmark, not a test.
"""
import argparse
import math
import os
import statistics
import sys
import tempfile
import time

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.paster import get_appsettings
import webtest

from kb import security
from kb.cards.exchange_format import Problems, check_card
from kb.security import user_principals
from kb.accounts.users import add_user
from kb.cards.versioning import Versioning
from kb.cards.worklists import memberships

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

from common import cpu_model, kb_root, make_app  # noqa: E402
from tests.conftest import PASSWORD, card_body  # noqa: E402

PROVIDERS = ('kela', 'vero', 'poliisi', 'te', 'maistraatti', 'kunta')
PAGES = ('/editor/', '/editor/lists/published?page=3', '/editor/review',
         '/api/v1/review-due', '/editor/cards/new?kind=package')


def build(app, db, count):
    editor = Versioning(app.registry, 'bench')
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
    parser.add_argument('--samples', type=int, default=20)
    args = parser.parse_args(argv[1:])
    tmp = tempfile.mkdtemp()
    settings = dict(
        get_appsettings(os.path.join(os.path.dirname(HERE), 'testing.ini'),
                        name='kb'),
        **{'kb.search.index_dir': os.path.join(tmp, 'search'),
           'zodbconn.uri': f'file://{tmp}/Data.fs'
                           '?connection_cache_size=20000'})
    app = make_app(settings)
    build(app, app.registry._zodb_databases[''], args.cards)
    print(f'{args.cards} cards; {cpu_model()}; load average '
          f'{" ".join(f"{x:.2f}" for x in os.getloadavg())}')
    db = app.registry._zodb_databases['']
    with kb_root(db) as root:
        scan = timings(lambda: full_scan(root, app.registry),
                       args.samples)
    report('baseline', 'full scan of every card (old dashboard)', 200,
           scan, 0)
    for name in ('central', 'kela-editor'):
        client = webtest.TestApp(app)
        form = client.get('/login').forms['login-form']
        form['username'], form['password'] = name, PASSWORD
        form.submit(status=303)
        for url in PAGES:
            response = client.get(url, status='*')  # warm-up
            times = timings(lambda: client.get(url, status='*'),
                            args.samples)
            report(name, url, response.status_int, times,
                   len(response.body))


def full_scan(root, registry):
    """What the dashboard did before the summary (see the docstring)."""
    principals = [Everyone, Authenticated,
                  *user_principals(root['users']['central'])]
    acl = ACLHelper()
    return [memberships(card, registry.workflows)
            for card in root['cards'].values()
            if acl.permits(card, principals, security.VIEW_WORKING)]


def timings(call, samples):
    """Wall-clock seconds of ``samples`` calls."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def report(name, what, status, times, size):
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]
    print(f'{name:12} {what:40} {status} '
          f'median {statistics.median(times) * 1000:6.0f} ms '
          f'p95 {p95 * 1000:6.0f} ms {size // 1024:5d} KB')


if __name__ == '__main__':
    main()
