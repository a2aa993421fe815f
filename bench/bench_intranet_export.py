"""Benchmark: ``kb export intranet`` (the static offline copy) of a
10,000-card database, against ``kb export cards`` of the same database.

Usage::

    .venv/bin/python bench/bench_intranet_export.py [--cards N] [--keep DIR]

Builds ``--cards`` published cards with 2–4 KB of Finnish and Swedish
text (``bench_repository.build``: the same cards on every run) in a
temporary FileStorage, then times in the same process: the exchange
format export (the baseline: ``export_document`` and the JSON file, as
``kb export cards`` writes it), and the offline copy twice (first with
the analyser's caches cold, then warm). Prints the copy's files and
sizes. Each step prints its wall time and the process's CPU time. This
is a benchmark, not a test.

``--keep DIR`` keeps the FileStorage and search index in ``DIR`` and
reuses them on the next run with the same ``DIR`` (building the
database takes minutes; the export is what is measured). ``--cards``
must then match the kept database's.
"""
import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time

from pyramid.paster import get_appsettings
import webtest

from kb.cards.exchange import export_document
from kb.offline.site import IntranetExport

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

from bench_repository import ZODB_URI, build  # noqa: E402
from common import cpu_model, kb_root, make_app  # noqa: E402


def folder_size(path):
    """(files, bytes) under ``path``."""
    files = size = 0
    for where, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(where, name))
    return files, size


def timed(label, call):
    """Run ``call``; print its wall time and this process's CPU time
    (user + system: the machine is shared, so wall time depends on
    the load)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    print(f'{label:44} {time.perf_counter() - start:8.1f} s, CPU '
          f'{time.process_time() - cpu:.1f} s', flush=True)
    return result


def main(argv=sys.argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=10000)
    parser.add_argument('--keep', metavar='DIR',
                        help='keep the database in DIR; reuse it if there')
    args = parser.parse_args(argv[1:])
    tmp = tempfile.mkdtemp()
    store = os.path.abspath(args.keep) if args.keep else tmp
    os.makedirs(store, exist_ok=True)
    reuse = os.path.exists(os.path.join(store, 'Data.fs'))
    settings = dict(
        get_appsettings(os.path.join(os.path.dirname(HERE), 'testing.ini'),
                        name='kb'),
        **{'kb.search.index_dir': os.path.join(store, 'search'),
           'zodbconn.uri': ZODB_URI.format(path=f'{store}/Data.fs')})
    app = make_app(settings)
    db = app.registry._zodb_databases['']
    print(f'kb intranet export benchmark: {args.cards} cards')
    print(f'machine: nproc {os.cpu_count()}, {cpu_model()}, Python '
          f'{platform.python_version()}, {platform.platform()}')
    print(f'load average before: {os.getloadavg()}')
    if reuse:
        print(f'reusing the database in {store}')
    else:
        build(app, db, args.cards)
    themes = app.registry.settings['kb.themes_dir']

    def cards_export():
        with kb_root(db) as root:
            document = export_document(root)
        with open(os.path.join(tmp, 'cards.json'), 'w',
                  encoding='utf-8') as stream:
            json.dump(document, stream, ensure_ascii=False, indent=2)
        return len(document['cards'])

    def intranet_export(name):
        with kb_root(db) as root:
            return IntranetExport(root, app.registry).write(
                os.path.join(tmp, name), themes)

    count = timed('baseline: kb export cards (JSON)', cards_export)
    timed('kb export intranet, analyser caches cold',
          lambda: intranet_export('copy1'))
    exported = timed('kb export intranet, analyser caches warm',
                     lambda: intranet_export('copy2'))
    files, size = folder_size(os.path.join(tmp, 'copy2'))
    index = os.path.getsize(os.path.join(tmp, 'copy2', 'search-data.js'))
    print(f'cards: {count} in the JSON, {exported} in the copy; copy: '
          f'{files} files, {size / 2**20:.1f} MB, search-data.js '
          f'{index / 2**20:.1f} MB; JSON '
          f'{os.path.getsize(os.path.join(tmp, "cards.json")) / 2**20:.1f}'
          ' MB')
    sitemap = timed('GET /sitemap.xml (public services, 3 languages)',
                    lambda: webtest.TestApp(app).get('/sitemap.xml'))
    print(f"sitemap: {sitemap.text.count('<url>')} URLs, "
          f'{len(sitemap.body) / 2**20:.1f} MB')
    print(f'load average after: {os.getloadavg()}')
    db.close()
    shutil.rmtree(tmp)


if __name__ == '__main__':
    main()
