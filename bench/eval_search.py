"""Search relevance on the demo content: ours against two baselines.

Usage::

    .venv/bin/python bench/eval_search.py [--eval bench/search_eval.json]
                                          [--show-misses] [--worst N]
                                          [--sure-only]
                                          [--leave-out Q1,Q2,...]

Loads the demo cards into a fresh in-memory database and a temporary
index, then runs every query of the evaluation set as an advisor, and
reports recall@1, recall@5 and MRR@10 per kind of query and per
language. Two sets (format ``kb-search-eval/1``; the kinds are whatever
the set names):

- ``bench/search_eval.json`` (the default): written from the card texts:
  inflected forms, compound parts and wholes, typos, prefixes,
  colloquial words, multi-word questions, Sámi without diacritics;
- ``bench/search_eval_everyday.json`` (issue 16): what customers say at
  a counter, written without reading the cards: ``colloquial``,
  ``abbreviation`` (and old names) and ``situation`` queries, Finnish
  and Swedish. A query whose relevance judgement is uncertain carries a
  ``note`` starting with "unsure"; ``--sure-only`` leaves those out.

``--leave-out`` leaves out the queries named (their exact text, comma
separated): to measure a set without queries whose words the data's
writers were pointed to.

``--worst N`` lists the N worst misses of ours (no relevant card in the
top ten first, then the lowest recall@5; among equals, certain
judgements first, then those a stock baseline ranks better), with the
expected cards and what came first.

In the same run it scores two baselines on the same cards, one document
per card with every language's text: Whoosh with its stock
``StemmingAnalyzer`` and SQLite FTS5 with the ``unicode61`` tokenizer,
both with OR queries ranked by BM25. Below the tables, the share of
queries with at least one relevant card in the top five.

recall@k = |relevant ∩ top k| / min(|relevant|, k), averaged over
queries; MRR@10 = 1 / rank of the first relevant card within 10.
"""
import argparse
import json
from pathlib import Path
import sqlite3
import sys
import tempfile
import time

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

TEXT_KEYS = ('title', 'summary', 'description', 'user_instructions',
             'plain_summary', 'advisor_instructions')


def card_text(card):
    parts = []
    for texts in card['content'].values():
        parts += [texts.get(key, '') for key in TEXT_KEYS]
        parts += texts.get('keywords', [])
    return '\n'.join(parts)


def build_ours(tmp):
    """The real application: demo loaded through the normal path."""
    from pyramid.paster import get_appsettings
    import transaction

    from bench.common import make_app, stop_app
    from kb.demo import load_demo
    from kb.search.query import audience_for
    from kb.search.service import engine_for
    from kb.cards.versioning import Versioning

    settings = dict(get_appsettings(str(HERE / 'testing.ini'), name='kb'),
                    **{'kb.search.index_dir': str(Path(tmp) / 'ours')})
    app = make_app(settings)
    registry = app.registry
    db = registry._zodb_databases['']
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    with tm:
        root = conn.root()['kb_root']
        load_demo(root, registry, Versioning(registry, 'demo'))
    tm.begin()
    root = conn.root()['kb_root']
    engine = engine_for(registry, root['synonyms'],
                        root.get('search_rules'))
    advisor = root['users']['mikkeli-advisor']
    audience = audience_for(advisor, '2026-11-22T12:00:00Z')

    def run(query, lang):
        from kb.search.query import Search

        found = engine.search(Search(query, lang, limit=10, typing=True),
                              audience)
        return [r['id'] for r in found['results']]

    def close():
        tm.abort()
        conn.close()
        stop_app(registry)
    return run, close


def build_whoosh(tmp, cards):
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser

    schema = Schema(id=ID(stored=True),
                    text=TEXT(analyzer=StemmingAnalyzer()))
    path = Path(tmp) / 'whoosh-stock'
    path.mkdir()
    ix = index.create_in(path, schema)
    writer = ix.writer()
    for card in cards:
        writer.add_document(id=card['id'], text=card_text(card))
    writer.commit()
    parser = QueryParser('text', schema, group=OrGroup)
    searcher = ix.searcher()

    def run(query, lang):
        hits = searcher.search(parser.parse(query), limit=10)
        return [hit['id'] for hit in hits]
    return run, searcher.close


def build_fts5(cards):
    db = sqlite3.connect(':memory:')
    db.execute("CREATE VIRTUAL TABLE cards USING fts5(id UNINDEXED, text, "
               "tokenize='unicode61')")
    db.executemany('INSERT INTO cards VALUES (?, ?)',
                   [(card['id'], card_text(card)) for card in cards])

    def run(query, lang):
        words = [w for w in query.replace('"', ' ').split() if w]
        if not words:
            return []
        match = ' OR '.join(f'"{w}"' for w in words)
        rows = db.execute('SELECT id FROM cards WHERE cards MATCH ? '
                          'ORDER BY bm25(cards) LIMIT 10', (match,))
        return [row[0] for row in rows]
    return run, db.close


def score(ranked, relevant):
    top1, top5 = set(ranked[:1]), set(ranked[:5])
    recall1 = len(top1 & relevant) / min(len(relevant), 1)
    recall5 = len(top5 & relevant) / min(len(relevant), 5)
    rank = next((i for i, cid in enumerate(ranked[:10], 1)
                 if cid in relevant), None)
    return recall1, recall5, 1 / rank if rank else 0.0


def evaluate(run, queries):
    rows = []
    times = []
    for item in queries:
        start = time.perf_counter()
        ranked = run(item['q'], item['lang'])
        times.append(time.perf_counter() - start)
        rows.append((item, ranked, score(ranked, set(item['relevant']))))
    return rows, times


def summarise(rows, key):
    groups = {}
    for item, _ranked, scores in rows:
        for name in ('all', f'{key}:{item[key]}'):
            groups.setdefault(name, []).append(scores)
    return {
        name: tuple(sum(s[i] for s in values) / len(values)
                    for i in range(3)) + (len(values),)
        for name, values in groups.items()
    }


def main(argv=sys.argv[1:]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--eval', default=str(HERE / 'bench' /
                                              'search_eval.json'))
    parser.add_argument('--show-misses', action='store_true')
    parser.add_argument('--worst', type=int, default=0, metavar='N')
    parser.add_argument('--sure-only', action='store_true')
    parser.add_argument('--leave-out', default='', metavar='Q1,Q2,...')
    args = parser.parse_args(argv)
    document = json.loads(Path(args.eval).read_text())
    if document.get('format') != 'kb-search-eval/1':
        parser.error(f'{args.eval}: not a kb-search-eval/1 file')
    queries = document['queries']
    left_out = set(filter(None, args.leave_out.split(',')))
    queries = [q for q in queries if q['q'] not in left_out]
    if args.sure_only:
        queries = [q for q in queries if not unsure(q)]
    from kb.demo import demo_document

    cards = demo_document()['cards']
    with tempfile.TemporaryDirectory() as tmp:
        systems = {}
        ours, close_ours = build_ours(tmp)
        stock, close_stock = build_whoosh(tmp, cards)
        fts5, close_fts5 = build_fts5(cards)
        for name, run in (('ours', ours), ('whoosh-stock', stock),
                          ('fts5-unicode61', fts5)):
            systems[name] = evaluate(run, queries)
        for close in (close_ours, close_stock, close_fts5):
            close()
    print(f'{Path(args.eval).name}: {len(queries)} queries over '
          f'{len(cards)} demo cards (advisor audience)\n')
    for key in ('kind', 'lang'):
        tables = {name: summarise(rows, key)
                  for name, (rows, _t) in systems.items()}
        names = sorted(tables['ours'], key=lambda n: (n != 'all', n))
        print(f'{"by " + key:<26}{"n":>4}  ' + '  '.join(
            f'{s:>22}' for s in systems))
        print(f'{"":<30}  ' + '  '.join(
            f'{"R@1   R@5  MRR@10":>22}' for _ in systems))
        for name in names:
            cells = '  '.join(
                '{:>6.2f}{:>6.2f}{:>8.2f}  '.format(*tables[s][name][:3])
                for s in systems)
            print(f'{name:<26}{tables["ours"][name][3]:>4}  {cells}')
        print()
    for name, (rows, _t) in systems.items():
        found = sum(1 for _item, _ranked, scores in rows if scores[1] > 0)
        print(f'{name:<16} a relevant card in the top 5: {found} of '
              f'{len(rows)} queries ({found / len(rows):.2f})')
    print()
    for name, (_rows, times) in systems.items():
        times = sorted(times)
        print(f'{name:<16} query time p50 {times[len(times) // 2] * 1000:6.1f}'
              f' ms  p95 {times[int(len(times) * 0.95)] * 1000:6.1f} ms')
    if args.show_misses:
        print('\nmisses of ours (recall@5 < 1):')
        for item, ranked, scores in systems['ours'][0]:
            if scores[1] < 1:
                print(f"  [{item['lang']} {item['kind']}] {item['q']!r}: "
                      f"want {item['relevant']} got {ranked[:5]}")
    if args.worst:
        print(f'\nthe {args.worst} worst misses of ours '
              '(query -> expected; what came first):')
        others = [rows for name, (rows, _t) in systems.items()
                  if name != 'ours']
        misses = [(i, row) for i, row in enumerate(systems['ours'][0])
                  if row[2][1] < 1]
        # Ties: certain judgements first, then where a stock baseline
        # does better.
        misses.sort(key=lambda x: (
            x[1][2][2], x[1][2][1], unsure(x[1][0]),
            -max(rows[x[0]][2][2] for rows in others), x[0]))
        for _i, (item, ranked, scores) in misses[:args.worst]:
            first = ranked[0] if ranked else '(no result)'
            flag = ' (unsure)' if unsure(item) else ''
            print(f"  [{item['lang']} {item['kind']}] {item['q']!r} -> "
                  f"{', '.join(item['relevant'])}; first: {first}; "
                  f"R@5 {scores[1]:.2f} MRR {scores[2]:.2f}{flag}")


def unsure(item):
    return item.get('note', '').startswith('unsure')


if __name__ == '__main__':
    main()
