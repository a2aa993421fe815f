"""Benchmark: server-side render time of the advisor intranet pages.

Usage::

    .venv/bin/python bench/bench_intranet_pages.py [CARDS]   # default 10000

Builds ``CARDS`` synthetic published cards and their search index as
``bench_search.py`` does (fresh FileStorage and index in a temporary
directory), then times through the whole WSGI stack (WebTest, as the
advisor with a bearer token): the search page with the 300 queries of
``bench_search.make_queries``, the search page without a query, the
card page of 300 random cards, and the guides page (its first and
twentieth page of procedure guides; the listing behind it is kept until
the index changes, so these are warm figures). Baselines in the
same run: the JSON API for the same searches (``/api/v1/search``) and
the same cards (``/api/v1/cards/{id}``), i.e. the same work without the
page. Every request list runs once to warm up (analysis caches,
searchers, templates) and once measured. Prints p50, p95 and max in
milliseconds. This is a benchmark, not a test.
"""
import os
import random
import sys
import tempfile
import time

import webtest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_repository import bearer_tokens, percentiles  # noqa: E402
from bench_search import (  # noqa: E402
    Corpus,
    build,
    make_app,
    make_queries,
    rebuild,
)


def timed(testapp, headers, requests):
    for url, params in requests:  # warm-up
        testapp.get(url, params=params, headers=headers)
    durations = []
    for url, params in requests:
        start = time.perf_counter()
        testapp.get(url, params=params, headers=headers)
        durations.append(time.perf_counter() - start)
    return percentiles(durations)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus()
        app, db = make_app(tmp)
        build(app, db, corpus, count)
        rebuild(app, db)
        headers = bearer_tokens(app, db)['advisor']
        testapp = webtest.TestApp(app)
        rng = random.Random(1)
        cards = [corpus.card(rng.randrange(count))['id'] for _ in range(300)]
        queries = [text for _kind, text, _lang in make_queries(corpus, 300)]
        pages = (
            ('search page, 300 queries',
             [('/intranet/', {'q': text}) for text in queries]),
            ('  baseline: search API', [
                ('/api/v1/search', {'q': text}) for text in queries]),
            ('search page, no query', [('/intranet/', {})] * 200),
            ('card page', [(f'/intranet/cards/{card_id}', {})
                           for card_id in cards]),
            ('  baseline: card API', [(f'/api/v1/cards/{card_id}', {})
                                      for card_id in cards]),
            ('guides page', [('/intranet/guides', {})] * 50),
            ('guides page 20', [('/intranet/guides',
                                 {'procedure_page': '20'})] * 50),
        )
        print(f'{count} cards; ms          p50      p95      max')
        for label, requests in pages:
            p50, p95, most = timed(testapp, headers, requests)
            print(f'{label:28} {p50:8.1f} {p95:8.1f} {most:8.1f}')


if __name__ == '__main__':
    main()
