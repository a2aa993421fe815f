"""Benchmark: a node's start with an empty index, and its first search.

Usage::

    .venv/bin/python bench/bench_startup.py [--cards 20000] [--queries 20]
                                            [--baseline REV]

A FileStorage with ``--cards`` synthetic cards (``bench_search.Corpus``,
created and published without indexing) is copied for each code tree, and
a real ``pserve`` (waitress, the ``runtime`` filter with the ``warm``
worker; ``tests/load/harness.py``) starts on it with an empty index
folder: the time from the process start to the first ``/readyz`` 200 is
the rebuild plus the warm-up. Then one search through the API (words the
warm-up did not search: the first search a user makes), ``--queries``
further searches twice (the second pass: warm p50, repeated queries),
then ``--queries`` searches never made before (warm p50, new queries:
their postings are read from the index, as the first search's are).
The same again for a restart on the index it built (a deploy) and, for
this branch, for a start with an empty index folder beside the search
seed the first start published (``kb.search.seed_dir``: a new node of a
running cluster gets the leader's index instead of rebuilding it).

The baseline is the same measurement, in the same run, with the code of
``--baseline`` (default: where this branch left ``main``, extracted with
``git archive``: the rebuild and warm-up before this branch), which runs
without the Rust back-end of Voikko's FST library (``kfst-rs``), as that
code did. Timings
are wall clock. Results and the machine are recorded in
docs/benchmarks.md. This is a benchmark, not a test.
"""
import argparse
import os
from pathlib import Path
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / 'bench'))

from bench_search import Corpus, build, make_app, make_queries  # noqa: E402
from common import cpu_model, stop_app  # noqa: E402

from tests.load.harness import (  # noqa: E402
    API,
    Down,
    Server,
    free_port,
    request,
    server_ini,
)

READY_TIMEOUT = 3600


def load():
    with open('/proc/loadavg', encoding='utf-8') as loadavg:
        return '/'.join(loadavg.read().split()[:3])


def search(port, text):
    """Seconds one API search takes."""
    started = time.perf_counter()
    status, _ = request(port, 'GET',
                        f'{API}/search?lang=fi&q={quote(text)}')
    assert status == 200, status
    return time.perf_counter() - started


def serve(tree, folder, path, seed=False):
    """Start ``pserve`` from the code in ``tree`` (``path``: its
    PYTHONPATH) on the database in ``folder`` (with ``seed``, the search
    seed folder ``folder/seed``); (the server, seconds until ``/readyz``
    said 200)."""
    port = free_port()
    server = Server(server_ini(str(folder), port, tree=tree), port)
    if seed:
        ini = Path(server.ini)
        ini.write_text(ini.read_text().replace(
            '[app:kb]\n', f'[app:kb]\nkb.search.seed_dir = {folder}/seed\n',
            1))
    environ = dict(os.environ, PYTHONPATH=path)
    started = time.perf_counter()
    server.process = subprocess.Popen(
        [str(Path(sys.executable).with_name('pserve')), server.ini],
        stdout=open(server.log, 'a'), stderr=subprocess.STDOUT,
        start_new_session=True, env=environ, cwd=tree)
    while time.perf_counter() - started < READY_TIMEOUT:
        if server.process.poll() is not None:
            raise SystemExit(f'the server exited:\n{server.log_tail()}')
        try:
            if request(port, 'GET', '/readyz')[0] == 200:
                return server, time.perf_counter() - started
        except Down:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f'not ready in {READY_TIMEOUT} s:\n{server.log_tail()}')


def timings(port, queries):
    """(first search s, warm p50 s of repeated and of new queries)."""
    half = len(queries) // 2
    seen, new = queries[:half], queries[half:]
    first = search(port, seen[0])
    for text in seen[1:]:
        search(port, text)
    repeated = [search(port, text) for text in seen]
    unseen = [search(port, text) for text in new]
    return first, statistics.median(repeated), statistics.median(unseen)


def as_before(data_fs):
    """Give the database the durable index queue the code before the
    change log reads (an empty one: nothing waits)."""
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from kb.search.index import IndexQueue

    db = DB(FileStorage(str(data_fs)))
    try:
        with db.transaction() as conn:
            conn.root()['kb_root'].add('search_queue', IndexQueue())
    finally:
        db.close()


def measure(tree, data_fs, folder, queries, path, prepare=None,
            seed=False):
    """On a copy of ``data_fs``: ``{start: (seconds to ready, first
    search s, warm p50 s of repeated and of new queries)}`` for a start
    with an empty index folder, for a restart on the index it built (a
    deploy) and, with ``seed``, for a start with an empty index folder
    beside the seed the first start published (a new node)."""
    folder.mkdir()
    shutil.copy(data_fs, folder / 'Data.fs')
    if prepare is not None:
        prepare(folder / 'Data.fs')
    figures = {}
    for start in ('empty index', 'restart', 'empty index, seeded')[
            :3 if seed else 2]:
        if start == 'empty index, seeded':
            shutil.rmtree(folder / 'search')
        server, ready = serve(tree, folder, path, seed)
        try:
            figures[start] = (ready, *timings(server.port, queries))
        finally:
            if server.process.poll() is None:
                server.stop()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=20_000)
    parser.add_argument('--queries', type=int, default=20)
    parser.add_argument('--baseline')
    args = parser.parse_args()
    args.baseline = args.baseline or subprocess.run(
        ['git', '-C', str(HERE), 'merge-base', 'HEAD', 'main'], check=True,
        capture_output=True, text=True).stdout.strip()[:12]
    corpus = Corpus()
    queries = list(dict.fromkeys(
        text for _kind, text, lang in make_queries(corpus, args.queries * 6)
        if lang == 'fi'))[:args.queries * 2]
    with tempfile.TemporaryDirectory(prefix='kb-bench-startup-') as tmp:
        tmp = Path(tmp)
        load_before = load()
        app, db = make_app(str(tmp / 'source'))
        build(app, db, corpus, args.cards)
        stop_app(app.registry)
        baseline = tmp / 'baseline-code'
        baseline.mkdir()
        archive = subprocess.run(
            ['git', '-C', str(HERE), 'archive', args.baseline],
            check=True, capture_output=True).stdout
        subprocess.run(['tar', '-x', '-C', str(baseline)], input=archive,
                       check=True)
        figures = {}
        # NB: the baseline analyses as its code did, without kfst-rs
        # (Voikko's FST library falls back to pure Python without it)
        hidden = tmp / 'without-kfst-rs'
        hidden.mkdir()
        (hidden / 'kfst_rs.py').write_text('raise ImportError\n')
        for name, tree, path, prepare, seed in (
                ('this branch', HERE, str(HERE), None, True),
                (f'baseline: {args.baseline}', baseline,
                 f'{hidden}{os.pathsep}{baseline}', as_before, False)):
            figures[name] = measure(tree, tmp / 'source' / 'Data.fs',
                                    tmp / name.replace(' ', '-').replace(
                                        ':', ''), queries, path, prepare,
                                    seed)
            print(f'{name}: {figures[name]}', file=sys.stderr, flush=True)
    print(f'kb start-up benchmark: {args.cards} cards, empty index then '
          'restart, '
          f'{len(queries) // 2} + {len(queries) - len(queries) // 2} Finnish '
          'queries (repeated + new)')
    print(f'machine: nproc {os.cpu_count()}, {cpu_model()}; load average '
          f'(1/5/15 min) at the start {load_before}, at the end {load()}')
    print()
    print(f'{"":42}{"ready s":>8}{"docs/s":>7}{"first ms":>9}'
          f'{"warm p50 ms: repeated":>22}{"new":>6}{"first/warm new":>15}')
    documents = corpus_documents(args.cards)
    for name, starts in figures.items():
        for start, (ready, first, repeated, unseen) in starts.items():
            rate = f'{documents / ready:7.0f}' \
                if start.startswith('empty index') else f'{"":7}'
            print(f'{name + ", " + start:42}{ready:8.1f}{rate}'
                  f'{first * 1000:9.1f}{repeated * 1000:22.1f}'
                  f'{unseen * 1000:6.1f}{first / unseen:15.1f}')
    new_ready, old_ready = (f['empty index'][0] for f in figures.values())
    seeded = figures['this branch']['empty index, seeded'][0]
    print(f'ready {old_ready / new_ready:.2f}x sooner than the baseline '
          f'when rebuilding, {old_ready / seeded:.2f}x when seeded '
          '(target 4x); first search target: at most 2x the warm p50')


def corpus_documents(cards):
    """Language documents of ``cards`` cards (their share of Swedish and
    Sámi texts, as the corpus makes them)."""
    corpus = Corpus()
    return sum(len(corpus.card(n)['content'])
               for n in range(cards))


if __name__ == '__main__':
    main()
