"""Benchmark: ``kb export suomifi`` over 10,000 published service cards.

Usage::

    .venv/bin/python bench/bench_suomifi_export.py [--cards 10000]

Builds ``--cards`` published service cards in a temporary FileStorage,
each a copy of one of the demo's service cards (so texts have the demo's
real lengths and Markdown), then times, in the same run:

- the export as ``kb export suomifi`` does it: map, validate every
  document (compiled validators), write into a temporary directory and
  rename;
- baseline 1: the same export without validation (mapping + JSON dump);
- baseline 2: naive validation, ``jsonschema.validate`` per document
  (which checks and compiles the schema every time), on ``--naive``
  documents, extrapolated to all of them.

This is a benchmark, not a test.
"""
import argparse
import datetime
import os
from pathlib import Path
import sys
import tempfile
import time

import jsonschema
from pyramid.paster import get_appsettings

from kb import refdata
from kb.cards.exchange_format import Problems, check_card
from kb.suomifi import config as suomifi_config
from kb.suomifi.export import build as build_publication
from kb.suomifi.export import write
from kb.suomifi.mapping import card_document, schema_for
from kb.suomifi.validation import _components
from kb.cards.versioning import Versioning
from kb.clock import helsinki_today, utcnow

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

from common import cpu_model, kb_root, make_app  # noqa: E402
from tests.suomifi.conftest import demo_cards  # noqa: E402


def build(app, db, count):
    """``count`` published copies of the demo's service cards."""
    editor = Versioning(app.registry, 'bench')
    templates = [c for c in demo_cards()
                 if c['kind'] == 'service' and c['provider'] != 'central']
    for first in range(0, count, 500):
        with kb_root(db) as root:
            for n in range(first, min(first + 500, count)):
                body = dict(templates[n % len(templates)])
                body['id'] = f"{body['id']}-{n}"
                content = check_card(body, Problems(),
                                     provider=body['provider'])
                card = editor.create(root, body['provider'], body['id'],
                                     content)
                editor.publish_now(card)


def timed(function):
    """``(wall seconds, result)``; the CPU seconds of this process go to
    ``timed.cpu`` (on a shared machine wall time includes waiting)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    timed.cpu = time.process_time() - cpu
    return time.perf_counter() - start, result


def main(argv=sys.argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=10000)
    parser.add_argument('--naive', type=int, default=300)
    args = parser.parse_args(argv[1:])
    tmp = tempfile.mkdtemp()
    settings = dict(
        get_appsettings(os.path.join(os.path.dirname(HERE), 'testing.ini'),
                        name='kb'),
        **{'kb.search.index_dir': os.path.join(tmp, 'search'),
           'zodbconn.uri': f'file://{tmp}/Data.fs'
                           '?connection_cache_size=20000'})
    app = make_app(settings)
    db = app.registry._zodb_databases['']
    seconds, _ = timed(lambda: build(app, db, args.cards))
    print(f'built {args.cards} published service cards in {seconds:.1f} s')
    config = suomifi_config.load(app.registry.settings)
    now = utcnow()
    today = helsinki_today(now)
    points = refdata.points()

    with kb_root(db) as root:
        cards = list(root['cards'].values())
        # NB: loading the cards from disk is part of neither figure
        for card in cards:
            card.versions[card.published].content

        def export(validate):
            target = Path(tmp) / f'export-{validate}'
            publication = build_publication(cards, today, config, points,
                                            validate=validate)
            write(publication, target, now, config)
            return publication

        seconds, publication = timed(lambda: export(True))
        files = len(publication.files)
        print(f'export with validation:     {seconds:6.2f} s wall, '
              f'{timed.cpu:6.2f} s CPU ({files} documents, '
              f'{1000 * seconds / files:.2f} ms wall each)')
        plain, _ = timed(lambda: export(False))
        print(f'baseline, no validation:    {plain:6.2f} s wall, '
              f'{timed.cpu:6.2f} s CPU')
        print(f'so validation took about   {seconds - plain:6.2f} s wall')
        sample = [card_document(card, today, config)
                  for card in cards[:args.naive]]

        def naive():
            for document, status in sample:
                schema = dict(_components(), **{
                    '$ref': f'#/components/schemas/{schema_for(status)}'})
                jsonschema.validate(document, schema,
                                    cls=jsonschema.Draft4Validator)
        seconds_naive, _ = timed(naive)
        estimate = seconds_naive / len(sample) * files
        print(f'baseline, naive validation: {estimate:6.2f} s wall '
              f'estimated for {files} documents ({seconds_naive:.2f} s wall, '
              f'{timed.cpu:.2f} s CPU for {len(sample)}; validation only, '
              f'schema only)')
    print(f'machine: {cpu_model()}, {os.cpu_count()} cores, load average '
          f'{" ".join(f"{x:.2f}" for x in os.getloadavg())}, '
          f'{datetime.date.today().isoformat()}')


if __name__ == '__main__':
    main()
