"""Benchmark: from the central editor's approval to the Suomi.fi feed and
to PTV.

Usage::

    .venv/bin/python bench/bench_publication.py [--cards 2000] [--rounds 30]

Builds ``--cards`` published Kela cards in a temporary FileStorage, with
the push pointed at the local PTV stand-in of the tests (which validates
every body against PTV's schema), waits until the initial push has
drained (and prints its rate), then ``--rounds`` times: a new version is
saved, submitted, accepted and approved through the API, and the clock
runs from the approval request until

* the card's new version is served by ``GET /api/v1/cards/{id}`` to the
  public (the baseline: the public site reads the database directly),
* the new version is in ``GET /suomifi/v1/services?since=...``,
* PTV has received the new version (the push worker is woken after the
  commit).

Prints p50 and p95 of each. This is a benchmark, not a test.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

from pyramid.paster import get_appsettings
import webtest

from kb.cards.exchange import import_cards, validate_document
from kb.cards.exchange_format import FORMAT
from kb.accounts.users import add_user, issue_token
from kb.cards.versioning import Versioning

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

from common import cpu_model, kb_root, make_app, stop_app  # noqa: E402
from tests.conftest import PASSWORD, card_body  # noqa: E402
from tests.suomifi.ptv_server import PTVServer  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def build(app, db, count):
    editor = Versioning(app.registry, 'bench')
    tokens = {}
    with kb_root(db) as root:
        for name, role, provider in (
            ('central', 'central_editor', None),
            ('kela-editor', 'provider_editor', 'kela'),
            ('kela-reviewer', 'provider_reviewer', 'kela'),
        ):
            user = add_user(root, app.registry, 'bench', name, role,
                            PASSWORD, provider)
            tokens[name] = issue_token(root, app.registry, 'bench', user)
    for first in range(0, count, 500):
        cards = [card_body(f'kela-kortti-{n}')
                 for n in range(first, min(first + 500, count))]
        with kb_root(db) as root:
            import_cards(root, editor, validate_document(
                root, {'format': FORMAT, 'cards': cards}), publish=True)
    return tokens


def wait_for(check, timeout=30.0, step=0.002):
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise TimeoutError('gave up waiting')
        time.sleep(step)
    return time.perf_counter()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=2000)
    parser.add_argument('--rounds', type=int, default=30)
    args = parser.parse_args()
    ini = os.path.join(os.path.dirname(HERE), 'testing.ini')
    with tempfile.TemporaryDirectory() as tmp, PTVServer() as ptv:
        settings = dict(get_appsettings(ini, name='kb'), **{
            'zodbconn.uri': f'file://{tmp}/Data.fs?connection_cache_size='
                            '20000',
            'kb.search.index_dir': f'{tmp}/search',
            'kb.suomifi.endpoint': ptv.url,
            'kb.suomifi.token': ptv.token,
            'kb.suomifi.push_interval': '3600',
        })
        app = make_app(settings)
        db = app.registry._zodb_databases['']
        start = time.perf_counter()
        # NB: the push waits until the build is done, so that the two do
        # not compete for the log's last bucket
        wake, app.registry.publisher.on_queued = (
            app.registry.publisher.on_queued, None)
        tokens = build(app, db, args.cards)
        built = time.perf_counter()
        app.registry.publisher.on_queued = wake
        wake()
        wait_for(lambda: len(ptv.services) >= args.cards, timeout=3600)
        drained = time.perf_counter()
        print(f'{args.cards} cards built in {built - start:.1f} s; initial '
              f'push {args.cards / (drained - built):.0f} services/s')

        testapp = webtest.TestApp(app)

        def api(name):
            return {'Authorization': f'Bearer {tokens[name]}'}

        until = testapp.get('/suomifi/v1/services', {
            'since': '2000-01-01T00:00:00Z', 'limit': 500}).json['until']
        while True:
            page = testapp.get('/suomifi/v1/services',
                               {'since': until, 'limit': 500}).json
            until = page['until']
            if not page['more']:
                break
        timings = {'approve request': [], 'public API (baseline)': [],
                   'Suomi.fi feed': [], 'PTV received': []}
        for number in range(args.rounds):
            card_id = f'kela-kortti-{number}'
            url = f'/api/v1/cards/{card_id}'
            title = f'Lapsilisä, versio {number + 2}'
            body = card_body(card_id, base_version=1)
            body['content']['fi']['title'] = title
            testapp.put_json(url, body, headers=api('kela-editor'))
            for name, step in (('kela-editor', 'submit'),
                               ('kela-reviewer', 'accept')):
                testapp.post_json(f'{url}/transitions', {'transition': step},
                                  headers=api(name))
            began = time.perf_counter()
            testapp.post_json(f'{url}/transitions', {'transition': 'approve'},
                              headers=api('central'))
            approved = time.perf_counter()

            def public():
                return testapp.get(url).json['content']['fi'][
                    'title'] == title

            def feed():
                nonlocal until
                page = testapp.get('/suomifi/v1/services',
                                   {'since': until}).json
                for item in page['items']:
                    until = page['until']
                    if item['sourceId'] == card_id:
                        return True
                return False

            def received():
                names = ptv.services[card_id]['serviceNames']
                return any(n['value'] == title for n in names)

            timings['approve request'].append(approved - began)
            for label, check in (('public API (baseline)', public),
                                 ('Suomi.fi feed', feed),
                                 ('PTV received', received)):
                timings[label].append(wait_for(check) - began)
        stop_app(app.registry)
    print(f'{args.rounds} approvals over {args.cards} published cards; '
          f'CPU: {cpu_model()}, {os.cpu_count()} cores, load average '
          f'{os.getloadavg()[0]:.1f}')
    print(f'{"from the approval request to":32} {"p50 ms":>8} {"p95 ms":>8}')
    for label, values in timings.items():
        print(f'{label:32} {statistics.median(values) * 1000:8.1f} '
              f'{percentile(values, 0.95) * 1000:8.1f}')


if __name__ == '__main__':
    main()
