"""Benchmark: search speed on 10,000 and 50,000 synthetic cards.

Usage::

    .venv/bin/python bench/bench_search.py [--sizes 10000,50000]
                                           [--queries 300] [--publishes 20]
                                           [--profile]

For each size N (in a process of its own when several are given, so
that memory figures do not carry over from the previous size), with a
fresh ZODB FileStorage and a fresh index directory in a temporary
directory and the application built by ``kb.main`` from
``testing.ini`` (no indexer thread, the connection cache
size of ``production.ini``):

1. Corpus: N cards over the six providers whose texts are real Finnish,
   Swedish and Northern Sámi: sentences, list items, titles, summaries
   and keywords of the demo cards (``kb/demo/cards/*.json``, inflected
   forms as written there) recombined at random, so that no two cards
   are alike. Every card has Finnish, about 40 % also Swedish and about
   10 % also Northern Sámi. The vocabulary is therefore bounded by the
   demo's (about 4,600 Finnish, 3,000 Swedish and 800 Sámi word forms):
   posting lists are denser than in a real corpus of that size
   (pessimistic for query time) and the analysis cache fills quickly
   (optimistic for indexing).
2. Build: the cards are created and published through
   ``kb.cards.versioning.Versioning``, 500 per commit, with the search index
   subscriber unregistered (no indexing per commit); then the whole
   index is built with ``SearchIndex.rebuild``: that time is the
   indexing throughput, in language documents/s and cards/s (the Voikko
   analysis cache is cold at its start).
3. Queries, warm: a fixed mix of ``--queries`` 1-3 word queries from the
   corpus vocabulary (inflected words, phrases of two or three words,
   long compound words, prefixes typed so far, typos, Swedish, Sámi with
   and without diacritics), run once to warm up (analysis caches,
   searcher), then once more measured, through ``Engine.search`` as an
   advisor (``audience_for``) with ``typing=True``: results, highlights
   and the facets, as the search API returns them.
4. Baseline, same run and corpus: SQLite FTS5 (``unicode61``), one row
   per language document with the same texts in the same six fields
   (bm25 weights 6/4/2/1/1/1 like ours), the same queries as an OR of
   the words, the last one also as a prefix: the top 10 by bm25 with
   ``snippet()`` and the count of matches per provider (``GROUP BY``,
   the facet analogue). Its build time is the baseline for indexing.
5. Publish → findable: the index worker thread of production is set up
   as ``kb.runtime.start`` does for the ``indexer`` worker
   (a ``Worker`` given to the queuer), a new card with a unique word is
   created and published through ``Versioning`` in a transaction (the
   queuer active), and
   ``Engine.search`` is polled for that word every 10 ms until the card
   is in the results; ``--publishes`` times. The time runs from just
   before the commit to the end of the first search that found it.
6. Sizes: the index directory, the FTS5 database and ``Data.fs``;
   memory: the resident set (VmRSS) and its peak (VmHWM) after the
   build, after indexing and after the queries.

Timings are wall clock (``time.perf_counter``); p50/p95 are inclusive
percentiles. ``--profile`` also runs the measured query pass once more
under cProfile and prints the top functions (to stderr). Results and the
machine are recorded in docs/benchmarks.md. This is a benchmark, not a
test.
"""
import argparse
import collections
import cProfile
import gc
import hashlib
import json
import os
from pathlib import Path
import platform
import pstats
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / 'bench'))

from pyramid.paster import get_appsettings  # noqa: E402
from whoosh import query as q  # noqa: E402

from common import make_app as prepared_app, stop_app  # noqa: E402
from kb import refdata  # noqa: E402
from kb.demo import demo_document  # noqa: E402
from kb.search import analysis  # noqa: E402
from kb.search.changelog import newest  # noqa: E402
from kb.search.query import (  # noqa: E402
    LANGS as INDEX_LANGS,
    Search,
    audience_for,
)
from kb.search.queue import Worker  # noqa: E402
from kb.search.service import engine_for  # noqa: E402
from kb.accounts.users import add_user  # noqa: E402
from kb.cards.versioning import Versioning  # noqa: E402

from bench_repository import (  # noqa: E402
    BATCH,
    PROVIDERS,
    ZODB_URI,
    cpu_model,
    kb_root,
    validated,
)

SEED = 2026
LANGS = ('fi', 'sv', 'se')
SV_SHARE = 0.40
SE_SHARE = 0.10
PASSWORD = 'benchmark password'
POLL_SLEEP = 0.010
FINDABLE_TIMEOUT = 60.0
NOW_ISO = '2026-11-22T12:00:00Z'
TARGET_DOCS = 30_000
TARGET_P95_MS = 25.0
TARGET_FINDABLE_S = 1.0
#: Query kinds and their weights in the mix.
QUERY_KINDS = (
    ('fi 1 word', 25),
    ('fi 2 words', 15),
    ('fi 3 words', 10),
    ('fi compound', 10),
    ('fi prefix', 10),
    ('fi typo', 10),
    ('sv 1-2 words', 12),
    ('se 1 word', 8),
)
LIST_MARK = re.compile(r'^\s*(?:[-*]|\d+\.)\s+')
SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-ZÅÄÖÁČĐŊŠŦŽ*])')
FTS_FIELDS = ('title', 'keywords', 'summary', 'description',
              'instructions', 'advisor')


# -- the corpus --------------------------------------------------------


def _units(text):
    """Sentences and list items of a demo text (markdown kept)."""
    found = []
    for line in (text or '').splitlines():
        line = LIST_MARK.sub('', line).strip()
        if len(line.split()) < 3:
            continue
        found.extend(s.strip() for s in SENTENCE_END.split(line)
                     if len(s.split()) >= 3)
    return found


class Corpus:
    """Pools of real texts from the demo cards, per language and field;
    :meth:`card` recombines them into a synthetic card."""

    FIELDS = ('description', 'user_instructions', 'advisor_instructions',
              'plain_summary')

    def __init__(self):
        self.demo = demo_document()['cards']
        self.pools = {lang: collections.defaultdict(list) for lang in LANGS}
        for card in self.demo:
            for lang, texts in card['content'].items():
                if lang not in self.pools:
                    continue
                pool = self.pools[lang]
                pool['title'].append(texts['title'])
                pool['summary'].append(texts['summary'])
                pool['keywords'].extend(texts.get('keywords', ()))
                for key in self.FIELDS:
                    pool[key].extend(_units(texts.get(key)))
        for pool in self.pools.values():
            pool['keywords'] = sorted(set(pool['keywords']))
            pool['summary'] += [s for s in pool['description']
                                if len(s) <= 150]
            for key in self.FIELDS:
                if not pool[key]:
                    pool[key] = pool['description']

    def vocabulary(self, lang):
        """Every word form of a language's texts, with its frequency."""
        counts = collections.Counter()
        pool = self.pools[lang]
        for key in ('title', 'summary', 'keywords') + self.FIELDS:
            for text in pool[key]:
                counts.update(w for w, _, _ in analysis.words(text))
        return counts

    @staticmethod
    def _paragraphs(rng, units, low, high):
        chosen = rng.sample(units, min(len(units), rng.randint(low, high)))
        out, i = [], 0
        while i < len(chosen):
            if rng.random() < 0.25 and len(chosen) - i >= 2:
                take = rng.randint(2, min(4, len(chosen) - i))
                out.append('\n'.join(f'- {u}' for u in chosen[i:i + take]))
            else:
                take = rng.randint(1, 3)
                out.append(' '.join(chosen[i:i + take]))
            i += take
        return '\n\n'.join(out)

    def texts(self, rng, lang):
        pool = self.pools[lang]
        title = rng.choice(pool['title'])
        extra = rng.choice(pool['keywords'])
        if rng.random() < 0.7 and len(title) + len(extra) + 2 <= 100:
            title = f'{title}: {extra}'
        texts = {
            'title': title,
            'summary': rng.choice(pool['summary']),
            'description': self._paragraphs(rng, pool['description'], 3, 10),
            'keywords': rng.sample(pool['keywords'], rng.randint(3, 10)),
        }
        if rng.random() < 0.7:
            texts['user_instructions'] = '\n'.join(
                f'{n}. {u}' for n, u in enumerate(rng.sample(
                    pool['user_instructions'], rng.randint(2, 5)), 1))
        if lang != 'se' or rng.random() < 0.3:
            texts['advisor_instructions'] = self._paragraphs(
                rng, pool['advisor_instructions'], 3, 8)
        if rng.random() < 0.3:
            plain = ' '.join(rng.sample(pool['plain_summary'], 2))
            if len(plain) <= 500:
                texts['plain_summary'] = plain
        return texts

    def card(self, number):
        """Card ``number`` in the exchange format (the same every run)."""
        rng = random.Random(SEED * 1_000_003 + number)
        provider = PROVIDERS[number % len(PROVIDERS)]
        langs = ['fi']
        if rng.random() < SV_SHARE:
            langs.append('sv')
        if rng.random() < SE_SHARE:
            langs.append('se')
        return {
            'id': f'{provider}-haku-{number:06d}',
            'provider': provider,
            'kind': rng.choice(('service', 'service', 'procedure')),
            'channels': rng.sample(refdata.CHANNELS, rng.randint(1, 3)),
            'suoritteet': rng.sample(
                sorted(refdata.allowed_suoritteet(provider)),
                min(rng.randint(0, 3),
                    len(refdata.allowed_suoritteet(provider)))),
            'life_events': rng.sample(sorted(refdata.life_events()),
                                      rng.randint(0, 2)),
            'review_by': f'2027-{rng.randint(1, 12):02d}-01',
            'content': {lang: self.texts(rng, lang) for lang in langs},
        }


def fts_rows(card_id, provider, kind, content):
    """FTS5 rows of a validated card: the texts the index stores."""
    rows = []
    for lang, texts in sorted(content['content'].items()):
        rows.append((
            texts.get('title', ''),
            ', '.join(texts.get('keywords', ())),
            '\n'.join(t for t in (texts.get('summary'),
                                  texts.get('plain_summary')) if t),
            texts.get('description', ''),
            texts.get('user_instructions', ''),
            texts.get('advisor_instructions', ''),
            card_id, provider, lang, kind,
        ))
    return rows


# -- queries -----------------------------------------------------------


def _typo(rng, word):
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(('swap', 'drop', 'replace', 'double'))
    if edit == 'swap':
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if edit == 'drop':
        return word[:i] + word[i + 1:]
    if edit == 'double':
        return word[:i] + word[i] + word[i:]
    letter = rng.choice([c for c in 'aeiklmnorstuväy' if c != word[i]])
    return word[:i] + letter + word[i + 1:]


def make_queries(corpus, count, seed=SEED):
    """``count`` (kind, text, lang) queries, the same every run."""
    rng = random.Random(seed)
    vocab = {}
    for lang in LANGS:
        stop = analysis.STOPWORDS.get(lang, ())
        vocab[lang] = sorted(
            w for w in corpus.vocabulary(lang)
            if w.isalpha() and len(w) >= 3 and w not in stop)
    fi_long = [w for w in vocab['fi'] if len(w) >= 12]
    fi_mid = [w for w in vocab['fi'] if len(w) >= 6]
    fi_keywords = [k.lower() for k in corpus.pools['fi']['keywords']
                   if ' ' not in k and k.isalpha()]

    def phrase(lang, length):
        pool = corpus.pools[lang]
        stop = analysis.STOPWORDS.get(lang, ())
        while True:
            unit = rng.choice(pool['description']
                              + pool['advisor_instructions']
                              + pool['summary'])
            tokens = [w for w, _, _ in analysis.words(unit)
                      if w.isalpha() and len(w) >= 3 and w not in stop]
            if len(tokens) >= length:
                start = rng.randrange(len(tokens) - length + 1)
                return ' '.join(tokens[start:start + length])

    makers = {
        'fi 1 word': lambda: rng.choice(
            fi_keywords if rng.random() < 0.5 else vocab['fi']),
        'fi 2 words': lambda: phrase('fi', 2),
        'fi 3 words': lambda: phrase('fi', 3),
        'fi compound': lambda: rng.choice(fi_long),
        'fi prefix': lambda: (
            (rng.choice(vocab['fi']) + ' ' if rng.random() < 0.3 else '')
            + rng.choice(fi_mid)[:rng.randint(3, 6)]),
        'fi typo': lambda: _typo(rng, rng.choice(fi_mid)),
        'sv 1-2 words': lambda: (rng.choice(vocab['sv'])
                                 if rng.random() < 0.5 else phrase('sv', 2)),
        'se 1 word': lambda: (lambda w: analysis.fold(w)
                              if rng.random() < 0.5 else w)(
                                  rng.choice(vocab['se'])),
    }
    kinds = [k for k, _ in QUERY_KINDS]
    weights = [w for _, w in QUERY_KINDS]
    queries = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        lang = kind.split()[0]
        queries.append((kind, makers[kind](), lang))
    return queries


def fts_match(text):
    """An FTS5 MATCH expression: the words OR-ed, the last also as a
    prefix (as ours with ``typing=True``)."""
    tokens = [w.replace('"', '') for w, _, _ in analysis.words(text)]
    parts = [f'"{w}"' for w in tokens]
    if tokens and len(tokens[-1]) >= 3:
        parts[-1] += '*'
    return ' OR '.join(parts)


# -- measuring ---------------------------------------------------------


def memory():
    """(VmRSS, VmHWM) of this process in MB."""
    found = {}
    try:
        with open('/proc/self/status', encoding='ascii') as status:
            for line in status:
                key, _, value = line.partition(':')
                if key in ('VmRSS', 'VmHWM'):
                    found[key] = int(value.split()[0]) / 1024
    except OSError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        found = {'VmRSS': peak, 'VmHWM': peak}
    return found['VmRSS'], found['VmHWM']


def quantiles(values):
    """(p50, p95, max) of ``values``."""
    if len(values) < 2:
        return values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method='inclusive')
    return cuts[49], cuts[94], max(values)


def timed(run, items):
    """Run ``run(item)`` for each item.

    :returns: (seconds per item, full garbage collections meanwhile,
        results).
    """
    collections_run = []

    def count(phase, info):
        if phase == 'start' and info['generation'] == 2:
            collections_run.append(1)

    durations, results = [], []
    gc.callbacks.append(count)
    try:
        for item in items:
            start = time.perf_counter()
            results.append(run(item))
            durations.append(time.perf_counter() - start)
    finally:
        gc.callbacks.remove(count)
    return durations, len(collections_run), results


def dir_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob('*')
               if f.is_file())


STARTED = time.perf_counter()


def log(message):
    elapsed = time.perf_counter() - STARTED
    print(f'[{elapsed:6.0f} s] {message}', file=sys.stderr, flush=True)


def make_app(tmp):
    settings = dict(get_appsettings(str(HERE / 'testing.ini'), name='kb'))
    settings['zodbconn.uri'] = ZODB_URI.format(path=os.path.join(
        tmp, 'Data.fs'))
    settings['kb.search.index_dir'] = os.path.join(tmp, 'index')
    app = prepared_app(settings)
    return app, app.registry._zodb_databases['']


def queuer_handlers(registry):
    """The registered event handlers that feed the search queuer."""
    queuer = registry.search_queuer
    return [reg for reg in registry.registeredHandlers()
            if getattr(getattr(reg.handler, '__wrapped__', reg.handler),
                       '__self__', None) is queuer]


def build(app, db, corpus, count):
    """Create and publish ``count`` cards without indexing them.

    :returns: seconds spent creating, publishing and committing.
    """
    registry = app.registry
    handlers = queuer_handlers(registry)
    if not handlers:
        raise SystemExit('cannot find the search queuer subscribers')
    for reg in handlers:
        registry.unregisterHandler(reg.handler, reg.required)
    editor = Versioning(registry, 'bench')
    spent = 0.0
    try:
        for first in range(0, count, BATCH):
            bodies = [corpus.card(n)
                      for n in range(first, min(first + BATCH, count))]
            contents = [validated(body) for body in bodies]
            start = time.perf_counter()
            with kb_root(db) as root:
                for body, content in zip(bodies, contents):
                    card = editor.create(root, body['provider'], body['id'],
                                         content)
                    editor.publish_now(card)
            spent += time.perf_counter() - start
            done = first + len(bodies)
            print(f'\rbuilt {done}/{count} cards, {done / spent:.0f} '
                  'cards/s', end='', file=sys.stderr, flush=True)
        print(file=sys.stderr)
    finally:
        for reg in handlers:
            registry.registerHandler(reg.handler, reg.required)
    return spent


def rebuild(app, db):
    """Build the whole index; (seconds, groups, documents)."""
    index = app.registry.search_index
    started = time.perf_counter()

    def progress(number, total):
        if number % 2000 == 0 or number == total:
            elapsed = time.perf_counter() - started
            print(f'\rindexed {number}/{total} cards, '
                  f'{number / elapsed:.0f} cards/s', end='',
                  file=sys.stderr, flush=True)

    groups = index.rebuild(db, progress)
    seconds = time.perf_counter() - started
    print(file=sys.stderr)
    with index.ix.searcher() as searcher:
        documents = searcher.doc_count()
    return seconds, groups, documents


def build_fts5(path, corpus, count):
    """The FTS5 baseline database; (connection, seconds, rows)."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute(
        'CREATE VIRTUAL TABLE docs USING fts5(title, keywords, summary, '
        'description, instructions, advisor, card UNINDEXED, '
        "provider UNINDEXED, lang UNINDEXED, kind UNINDEXED, "
        "tokenize='unicode61')")
    spent, rows = 0.0, 0
    for first in range(0, count, BATCH):
        batch = []
        for number in range(first, min(first + BATCH, count)):
            body = corpus.card(number)
            batch += fts_rows(body['id'], body['provider'], body['kind'],
                              validated(body))
        start = time.perf_counter()
        with conn:
            conn.executemany('INSERT INTO docs VALUES '
                             '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', batch)
        spent += time.perf_counter() - start
        rows += len(batch)
    start = time.perf_counter()
    with conn:
        conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    spent += time.perf_counter() - start
    return conn, spent, rows


def fts5_runner(conn):
    def run(query):
        _kind, text, _lang = query
        match = fts_match(text)
        if not match:
            return 0
        top = conn.execute(
            "SELECT card, lang, title, snippet(docs, -1, '<mark>', "
            "'</mark>', '…', 24) FROM docs WHERE docs MATCH ? "
            'ORDER BY bm25(docs, 6.0, 4.0, 2.0, 1.0, 1.0, 1.0) LIMIT 10',
            (match,)).fetchall()
        facets = conn.execute(
            'SELECT provider, count(*) FROM docs WHERE docs MATCH ? '
            'GROUP BY provider', (match,)).fetchall()
        return sum(n for _, n in facets), len(top)
    return run


def engine_and_audience(app, db):
    """The app's Engine (synonyms, everyday words, situations), and an
    advisor's audience."""
    registry = app.registry
    with kb_root(db) as root:
        engine = engine_for(registry, root['synonyms'],
                            root.get('search_rules'))
        name = 'bench-advisor'
        user = root['users'].get(name) if name in root['users'] else None
        if user is None:
            user = add_user(root, registry, 'bench', name, 'advisor',
                            PASSWORD, None, 'mikkeli')
        audience = audience_for(user, NOW_ISO)
    return engine, audience


def ours_runner(engine, audience):
    def run(query):
        _kind, text, lang = query
        found = engine.search(Search(text, lang, limit=10, typing=True),
                              audience)
        assert all('highlights' in r for r in found['results'])
        assert found['facets']
        return found['stage'], found['total']
    return run


def suggest_runners(engine, audience):
    """``Engine.suggest`` and, as the baseline, the suggestion query
    before the staged search took over (fcd200a^): a Whoosh ``Prefix``
    of the last word in titles, earlier words exact, in every language."""
    def ours(query):
        _kind, text, lang = query
        return len(engine.suggest(text, lang, audience))

    def title_prefixes(query):
        _kind, text, lang = query
        tokens = analysis.query_words(text, lang)
        if not tokens or len(tokens[-1]) < 2:
            return 0
        per_scope = []
        for admitted, _fields in audience.scopes:
            per_lang = []
            for code in INDEX_LANGS:
                last = (analysis.fold(tokens[-1]) if code in analysis.SAMI
                        else tokens[-1])
                parts = [q.Or([q.Term('title', t) for t in
                               analysis.word_terms(word, code).exact])
                         for word in tokens[:-1]]
                per_lang.append(q.And([q.Term('lang', code)] + parts
                                      + [q.Prefix('title', last)]))
            per_scope.append(q.And([admitted, q.Or(per_lang)]))
        return len(engine.index.searcher().search(
            q.Or(per_scope), limit=8, collapse='group', collapse_limit=1))
    return ours, title_prefixes


def publish_latency(app, db, corpus, count, repeats):
    """Publish cards with a unique word through the normal path, with
    the background index worker (set up as ``kb.runtime.start`` does
    for the ``indexer`` worker), and poll until each is
    findable."""
    queuer = app.registry.search_queuer
    # NB: the index was rebuilt with the whole database: it has applied
    # the change log so far
    queuer.index.keep_position(newest(db))
    worker = Worker(queuer.follow)
    worker.start()
    queuer.worker = worker
    try:
        engine, audience = engine_and_audience(app, db)
        editor = Versioning(app.registry, 'bench')
        samples = []
        for i in range(repeats):
            number = count + i
            body = corpus.card(number)
            token = 'mittari' + ''.join(
                'abcdefghij'[int(d)] for d in f'{number:06d}')
            body['content']['fi']['description'] += (
                f'\n\nTunnus {token}.')
            content = validated(body)
            query = Search(token, 'fi', limit=10, typing=True)
            with kb_root(db) as root:
                card = editor.create(root, body['provider'], body['id'],
                                     content)
                editor.publish_now(card)
                start = time.perf_counter()  # the commit follows
            committed = time.perf_counter() - start
            polls = 0
            while True:
                poll = time.perf_counter()
                found = engine.search(query, audience)
                polls += 1
                now = time.perf_counter()
                if any(r['id'] == body['id'] for r in found['results']):
                    break
                if now - start > FINDABLE_TIMEOUT:
                    raise SystemExit(f'{body["id"]} not findable after '
                                     f'{FINDABLE_TIMEOUT} s')
                time.sleep(POLL_SLEEP)
            first_search = now - poll
            again = time.perf_counter()
            engine.search(query, audience)
            warm = time.perf_counter() - again
            samples.append({'findable': now - start, 'commit': committed,
                            'polls': polls, 'first_search': first_search,
                            'warm_search': warm})
            log(f'publish {i + 1}/{repeats}: findable after '
                f'{now - start:.3f} s ({polls} polls)')
            worker.flush()
            time.sleep(0.2)
        return samples
    finally:
        queuer.worker = None
        worker.stop()
        worker.join(10)


def engine_version():
    """A digest of the search engine's sources (kb/search/*.py), to tie
    figures to a state of the code, and their newest modification."""
    digest = hashlib.sha256()
    newest = 0
    for path in sorted((HERE / 'kb' / 'search').glob('*.py')):
        digest.update(path.name.encode() + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    stamp = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(newest))
    return f'{digest.hexdigest()[:12]} (newest file {stamp} UTC)'


def run_size(args, count, tmp):
    """Everything for one corpus size; a dict of figures (saved to
    ``--json`` after each phase, so a failure keeps what was measured)."""
    corpus = Corpus()
    figures = {'cards': count, 'loadavg_start': os.getloadavg(),
               'engine': engine_version()}

    def save():
        if args.json:
            with open(args.json, 'w', encoding='utf-8') as out:
                json.dump([figures], out, ensure_ascii=False, indent=1)

    app, db = make_app(tmp)
    figures['mem_start'] = memory()
    try:
        log(f'== {count} cards: building the database')
        figures['db_build_s'] = build(app, db, corpus, count)
        figures['mem_after_db'] = memory()
        engine, audience = engine_and_audience(app, db)
        assert app.registry.search_index.applied == 0
        log('building the index (SearchIndex.rebuild)')
        cache_before = _cache_info()
        seconds, groups, documents = rebuild(app, db)
        figures.update(index_s=seconds, groups=groups, documents=documents,
                       analysis_cache=_cache_delta(cache_before))
        figures['mem_after_index'] = memory()
        figures['index_bytes'] = dir_size(app.registry.search_index.path)
        with app.registry.search_index.ix.searcher() as searcher:
            figures['langs'] = dict(collections.Counter(
                f['lang'] for f in searcher.all_stored_fields()))
        figures['data_fs_bytes'] = os.path.getsize(os.path.join(
            tmp, 'Data.fs'))
        save()
        log('building the FTS5 baseline')
        fts_path = os.path.join(tmp, 'fts5.sqlite')
        conn, fts_seconds, fts_rows_count = build_fts5(fts_path, corpus,
                                                       count)
        figures.update(fts_index_s=fts_seconds, fts_rows=fts_rows_count,
                       fts_bytes=os.path.getsize(fts_path))
        queries = make_queries(corpus, args.queries)
        ours, fts5 = ours_runner(engine, audience), fts5_runner(conn)
        log(f'queries: warm-up pass ({len(queries)})')
        warm_started = time.perf_counter()
        timed(ours, queries)
        figures['ours_cold_pass_s'] = time.perf_counter() - warm_started
        timed(fts5, queries)
        log('queries: measured pass')
        ours_times, ours_gcs, ours_results = timed(ours, queries)
        fts_times, fts_gcs, fts_results = timed(fts5, queries)
        figures['mem_after_queries'] = memory()
        figures['queries'] = [
            {'kind': kind, 'text': text, 'lang': lang,
             'ours_ms': o * 1e3, 'stage': res[0], 'total': res[1],
             'fts_ms': f * 1e3, 'fts_total': (fres or (0, 0))[0]}
            for (kind, text, lang), o, res, f, fres in zip(
                queries, ours_times, ours_results, fts_times, fts_results)]
        figures['ours_gcs'], figures['fts_gcs'] = ours_gcs, fts_gcs
        log('suggestions: warm-up and measured pass')
        for name, run in zip(('suggest', 'prefix'),
                             suggest_runners(engine, audience)):
            timed(run, queries)
            times, _, found = timed(run, queries)
            figures[f'{name}_ms'] = [t * 1e3 for t in times]
            figures[f'{name}_found'] = sum(1 for n in found if n)
        save()
        if args.profile:
            profile(ours, queries)
        conn.close()
        log('publish → findable (background worker)')
        figures['publishes'] = publish_latency(app, db, corpus, count,
                                               args.publishes)
        figures['mem_end'] = memory()
    finally:
        figures['loadavg_end'] = os.getloadavg()
        save()
        stop_app(app.registry)
    return figures


def _cache_info():
    return {name: getattr(analysis, name).cache_info()
            for name in ('finnish', 'swedish', 'sami')
            if hasattr(getattr(analysis, name, None), 'cache_info')}


def _cache_delta(before):
    after = _cache_info()
    return {name: {'misses': after[name].misses - before[name].misses,
                   'hits': after[name].hits - before[name].hits}
            for name in after if name in before}


def profile(run, queries):
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        run(query)
    profiler.disable()
    for order in ('cumulative', 'tottime'):
        log(f'--- profile of the measured query pass, by {order}')
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.strip_dirs().sort_stats(order).print_stats(30)


# -- reporting ---------------------------------------------------------


def machine():
    return (f'nproc {os.cpu_count()}, {cpu_model()}, Python '
            f'{platform.python_version()}, {platform.platform()}, '
            f'SQLite {sqlite3.sqlite_version}')


def report(figures):
    """The table of one size (what was measured, if a phase failed)."""
    count = figures['cards']
    docs = figures.get('documents')
    mb = 1024 ** 2
    lines = [f'kb search benchmark: {count} cards']
    if docs:
        langs = ', '.join(f'{k} {v}' for k, v in sorted(
            figures['langs'].items()))
        lines[0] += f', {docs} language documents ({langs})'
    if 'queries' in figures:
        lines[0] += f', {len(figures["queries"])} queries'
    lines += [
        f'machine: {machine()}',
        f'search engine sources: {figures["engine"]}',
        'load average (1/5/15 min) at the start {:.2f}/{:.2f}/{:.2f}, '
        'at the end {:.2f}/{:.2f}/{:.2f}'.format(
            *figures['loadavg_start'], *figures['loadavg_end']),
    ]
    if 'index_s' in figures:
        cache = ', '.join(f'{k} {v["misses"]} words'
                          for k, v in figures['analysis_cache'].items())
        lines += [
            '',
            f'{"indexing":<46}{"seconds":>9}{"docs/s":>9}{"cards/s":>9}',
            f'{"ours: SearchIndex.rebuild (cold analysis)":<46}'
            f'{figures["index_s"]:>9.1f}{docs / figures["index_s"]:>9.0f}'
            f'{count / figures["index_s"]:>9.0f}',
        ]
        if 'fts_index_s' in figures:
            lines.append(
                f'{"baseline: SQLite FTS5 inserts + optimize":<46}'
                f'{figures["fts_index_s"]:>9.1f}'
                f'{figures["fts_rows"] / figures["fts_index_s"]:>9.0f}'
                f'{count / figures["fts_index_s"]:>9.0f}')
        lines.append(
            f'  (database build via Versioning, not indexed: '
            f'{figures["db_build_s"]:.1f} s = '
            f'{count / figures["db_build_s"]:.0f} cards/s; analysed anew: '
            f'{cache})')
    if 'queries' in figures:
        qs = figures['queries']
        ours_p = quantiles([q['ours_ms'] for q in qs])
        fts_p = quantiles([q['fts_ms'] for q in qs])
        lines += [
            '',
            f'{"query latency, warm, ms":<46}{"p50":>9}{"p95":>9}'
            f'{"max":>9}',
            f'{"ours: Engine.search, advisor, facets+highlights":<46}'
            f'{ours_p[0]:>9.1f}{ours_p[1]:>9.1f}{ours_p[2]:>9.1f}',
            f'{"baseline: FTS5 top 10 + snippet + GROUP BY":<46}'
            f'{fts_p[0]:>9.2f}{fts_p[1]:>9.2f}{fts_p[2]:>9.2f}',
            f'  (full GCs during the pass: ours {figures["ours_gcs"]}, '
            f'FTS5 {figures["fts_gcs"]}; first, unwarmed pass of ours '
            f'{figures["ours_cold_pass_s"]:.1f} s in all)',
        ]
        if 'suggest_ms' in figures:
            ours_s = quantiles(figures['suggest_ms'])
            prefix_s = quantiles(figures['prefix_ms'])
            lines += [
                f'{"ours: Engine.suggest (queries with any)":<46}'
                f'{ours_s[0]:>9.1f}{ours_s[1]:>9.1f}{ours_s[2]:>9.1f}'
                f'  ({figures["suggest_found"]})',
                f'{"baseline: Whoosh Prefix in titles (before)":<46}'
                f'{prefix_s[0]:>9.1f}{prefix_s[1]:>9.1f}{prefix_s[2]:>9.1f}'
                f'  ({figures["prefix_found"]})',
            ]
        lines += [
            '',
            f'{"by kind of query, ms":<20}{"n":>4}{"ours p50":>10}'
            f'{"ours p95":>10}{"FTS5 p50":>10}{"FTS5 p95":>10}'
            f'{"mean hits":>11}  stages (exact/relaxed/fuzzy)',
        ]
        for kind, _weight in QUERY_KINDS:
            rows = [q for q in qs if q['kind'] == kind]
            if not rows:
                continue
            o = quantiles([q['ours_ms'] for q in rows])
            f = quantiles([q['fts_ms'] for q in rows])
            stages = collections.Counter(q['stage'] for q in rows)
            hits = statistics.mean(q['total'] for q in rows)
            lines.append(
                f'{kind:<20}{len(rows):>4}{o[0]:>10.1f}{o[1]:>10.1f}'
                f'{f[0]:>10.2f}{f[1]:>10.2f}{hits:>11.0f}  '
                f'{stages["exact"]}/{stages["relaxed"]}/{stages["fuzzy"]}')
    if figures.get('publishes'):
        pub = figures['publishes']
        find_p = quantiles([p['findable'] for p in pub])
        first_p = quantiles([p['first_search'] * 1e3 for p in pub])
        commit = statistics.mean(p['commit'] for p in pub) * 1e3
        again = statistics.median(p['warm_search'] for p in pub) * 1e3
        lines += [
            '',
            f'{"publish → findable (background worker)":<46}{"p50":>9}'
            f'{"p95":>9}{"max":>9}',
            f'{"seconds, commit to first search finding it":<46}'
            f'{find_p[0]:>9.3f}{find_p[1]:>9.3f}{find_p[2]:>9.3f}',
            f'{"first search after the index changed, ms":<46}'
            f'{first_p[0]:>9.1f}{first_p[1]:>9.1f}{first_p[2]:>9.1f}',
            f'  ({len(pub)} publishes; commit {commit:.0f} ms mean; polls '
            f'every 10 ms + a search; the same search again: '
            f'{again:.1f} ms p50)',
        ]
    if 'index_bytes' in figures:
        lines += [
            '',
            f'{"size on disk":<46}{"MB":>9}{"B/doc":>9}',
            f'{"ours: Whoosh index directory":<46}'
            f'{figures["index_bytes"] / mb:>9.1f}'
            f'{figures["index_bytes"] / docs:>9.0f}',
        ]
        if 'fts_bytes' in figures:
            lines.append(
                f'{"baseline: FTS5 database (texts + index)":<46}'
                f'{figures["fts_bytes"] / mb:>9.1f}'
                f'{figures["fts_bytes"] / figures["fts_rows"]:>9.0f}')
        lines.append(
            f'{"Data.fs (ZODB FileStorage)":<46}'
            f'{figures["data_fs_bytes"] / mb:>9.1f}'
            f'{figures["data_fs_bytes"] / docs:>9.0f}')
    lines += ['', f'{"memory, MB":<46}{"RSS":>9}{"peak":>9}']
    for key, label in (('mem_start', 'the application started'),
                       ('mem_after_db', 'after the database build'),
                       ('mem_after_index', 'after indexing'),
                       ('mem_after_queries', 'after the queries (+FTS5)'),
                       ('mem_end', 'after the publish test')):
        if key in figures:
            rss, peak = figures[key]
            lines.append(f'{label:<46}{rss:>9.0f}{peak:>9.0f}')
    return '\n'.join(lines)


def summary(all_figures):
    mb = 1024 ** 2
    lines = [
        'summary',
        f'machine: {machine()}',
        f'{"cards":>7}{"docs":>8}{"index":>7}{"docs/s":>8}{"p50":>7}'
        f'{"p95":>7}{"FTS p50":>9}{"FTS p95":>9}{"find p50":>10}'
        f'{"find p95":>10}{"index MB":>10}{"B/doc":>7}{"peak MB":>9}',
        f'{"":>7}{"":>8}{"s":>7}{"":>8}{"ms":>7}{"ms":>7}{"ms":>9}'
        f'{"ms":>9}{"s":>10}{"s":>10}',
    ]
    for f in all_figures:
        if 'index_s' not in f:
            lines.append(f'{f["cards"]:>7}  (failed before indexing)')
            continue
        cells = [f'{f["cards"]:>7}{f["documents"]:>8}{f["index_s"]:>7.0f}'
                 f'{f["documents"] / f["index_s"]:>8.0f}']
        if 'queries' in f:
            o = quantiles([q['ours_ms'] for q in f['queries']])
            b = quantiles([q['fts_ms'] for q in f['queries']])
            cells.append(f'{o[0]:>7.1f}{o[1]:>7.1f}{b[0]:>9.2f}'
                         f'{b[1]:>9.2f}')
        else:
            cells.append(f'{"-":>7}{"-":>7}{"-":>9}{"-":>9}')
        if f.get('publishes'):
            p = quantiles([x['findable'] for x in f['publishes']])
            cells.append(f'{p[0]:>10.3f}{p[1]:>10.3f}')
        else:
            cells.append(f'{"-":>10}{"-":>10}')
        peak = max(f[k][1] for k in ('mem_start', 'mem_after_db',
                                     'mem_after_index', 'mem_after_queries',
                                     'mem_end') if k in f)
        cells.append(f'{f["index_bytes"] / mb:>10.1f}'
                     f'{f["index_bytes"] / f["documents"]:>7.0f}'
                     f'{peak:>9.0f}')
        lines.append(''.join(cells))
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', default='10000,50000',
                        help='comma-separated numbers of cards')
    parser.add_argument('--queries', type=int, default=300)
    parser.add_argument('--publishes', type=int, default=20)
    parser.add_argument('--profile', action='store_true',
                        help='profile one more query pass (stderr)')
    parser.add_argument('--json', help='also write the figures here')
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(',') if s.strip()]
    if not sizes or min(sizes) < len(PROVIDERS) or args.queries < 2 or (
        args.publishes < 1
    ):
        parser.error('need sizes of at least 6 cards, 2 queries and a '
                     'publish')
    all_figures = []
    if len(sizes) == 1:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix='kb-bench-search-') as tmp:
            figures = run_size(args, sizes[0], tmp)
        figures['wall_s'] = time.perf_counter() - started
        print(report(figures))
        print(f'(this size took {figures["wall_s"]:.0f} s wall clock)')
        all_figures.append(figures)
    else:
        # One process per size: memory figures of its own.
        with tempfile.TemporaryDirectory(prefix='kb-bench-json-') as tmp:
            for size in sizes:
                out = os.path.join(tmp, f'{size}.json')
                command = [sys.executable, __file__, '--sizes', str(size),
                           '--queries', str(args.queries), '--publishes',
                           str(args.publishes), '--json', out]
                if args.profile:
                    command.append('--profile')
                done = subprocess.run(command)
                print(flush=True)
                if done.returncode and os.path.exists(out):
                    with open(out, encoding='utf-8') as data:
                        partial = json.load(data)
                    print(f'{size} cards FAILED (exit {done.returncode}); '
                          'what was measured:')
                    print(report(partial[0]), flush=True)
                elif done.returncode:
                    print(f'{size} cards FAILED (exit {done.returncode}) '
                          'before measuring anything', flush=True)
                    continue
                with open(out, encoding='utf-8') as data:
                    all_figures.extend(json.load(data))
        print(summary(all_figures))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as out:
            json.dump(all_figures, out, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
