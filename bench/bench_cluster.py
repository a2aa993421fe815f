"""Benchmark: the product as a cluster, against one node on FileStorage.

Usage::

    .venv/bin/python bench/bench_cluster.py [--cards 22000] [--lifecycles 3000]
                                            [--history 40000] [--clients 16]
                                            [--queries 100] [--findable 20]
                                            [--setups file1,pg1,pg2]
                                            [--statements] [--quick]

Three set-ups in one run, each on a fresh copy of the same content:

- 1 node on FileStorage (the baseline),
- 1 node on PostgreSQL (RelStorage, history-free),
- 2 nodes on PostgreSQL.

The nodes are real ``pserve`` processes made by :mod:`kb.local.cluster`
from ``production.ini`` (workers ``leader scheduler indexer push warm``,
the database prepared at serve start), each with its own index folder;
the PostgreSQL server is a private one under a temporary folder
(:mod:`kb.local.postgres`). The content, made once per storage without
indexing it: ``kb init``, the load test's users and cards
(``tests.load.harness.prepare_database``), the demo's cards
(``kb.demo.demo_document``), ``--advisors`` advisors per point
(``bench_tickets.add_advisors``) and ``--cards`` synthetic cards
(``bench_search.Corpus``, their language documents printed); the
PostgreSQL set-ups each start from a ``CREATE DATABASE ... TEMPLATE``
copy of it.

For each set-up, in order:

1. the nodes start one after the other with an empty index folder: the
   seconds from a node's start to its ``/readyz`` 200 (rebuild and
   warm-up at the corpus size), and how each got its index (from its
   log): node 1 rebuilds it and publishes the search seed, node 2 starts
   after it and is seeded (``kb.search.seed_dir``, the cluster's shared
   ``var/cluster/seed``);
2. search through node 1's API: ``--queries`` distinct queries
   (``bench_search.make_queries``, every language), p50/p95;
3. publish → findable: ``--findable`` times a new version of a card
   with a new word in its title, saved and submitted by its provider
   editor and approved by the central editor through node 1's API; from
   the approval's answer, search on the *last* node (the other one with
   two nodes, node 1 itself with one) is polled every 20 ms until it
   finds the card: p50/p95;
4. ``--lifecycles`` ticket lifecycles with ``--clients`` clients
   (``bench_tickets.run_clients``: open, resolve, close over HTTP, the
   clients spread over the nodes), in an empty month; the database size
   before and after;
5. the nodes stop, ``--history`` closed tickets are added to the current
   month (``bench_tickets.add_history``), the nodes start again on their
   index: ready seconds, the first search after the start and the warm
   p50 of further new queries (as ``bench_startup``);
6. ``--lifecycles`` lifecycles in that busy month; sizes;
7. with two nodes: ``kill -9`` of the leader lease's holder, the seconds
   until the lease read from the database names the other node;
8. the nodes stop; the pack job (``kb.runtime.jobs.pack_database``,
   ``kb.pack.days`` of production.ini) run as it would run ``kb.pack.days``
   after now, i.e. dropping every revision the lifecycles left; the size
   after it (on PostgreSQL also after ``VACUUM FULL``: a pack deletes rows,
   PostgreSQL reuses their space but does not give it back); then every
   ticket id a client received is looked up (``bench_tickets.
   count_tickets``: lost, stored twice, aggregates equal to a scan).

``--setups`` runs only some of them (``file1``, ``pg1``, ``pg2``). Per
lifecycle phase, the CPU seconds per timed lifecycle of each process
(the nodes, the PostgreSQL server's processes, the client process, from
``/proc``) and, on PostgreSQL, the database's transactions per lifecycle
(``pg_stat_database``); ``--statements`` loads ``pg_stat_statements``
into the private server and also prints the statements per lifecycle,
the most frequent first (to stderr).

Sizes: Data.fs bytes; ``pg_database_size``. Growth per lifecycle is the
difference over both lifecycle phases (their warm-up lifecycles included)
divided by the lifecycles closed. Timings are wall clock; p50/p95 are
inclusive percentiles. ``--quick`` scales everything down to a run of a
few minutes. Results and the machine are recorded in docs/benchmarks.md.
This is a benchmark, not a test.
"""
import argparse
import collections
import datetime
import json
import os
from pathlib import Path
import shutil
import signal
import statistics
import sys
import tempfile
import time
from types import SimpleNamespace
from urllib.parse import quote

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / 'bench'))

from bench_search import Corpus, build, make_queries  # noqa: E402
from bench_startup import corpus_documents, load, search  # noqa: E402
import bench_tickets  # noqa: E402
from bench_tickets import (  # noqa: E402
    LANG,
    add_advisors,
    add_history,
    card_channels,
    count_tickets,
    machine,
    percentile,
    run_clients,
    usable_cards,
)
from common import kb_root, make_app, stop_app  # noqa: E402

from tests.load.harness import API, prepare_database, request  # noqa: E402
from tests.local.test_cluster import publish  # noqa: E402

HOST = '127.0.0.1'
SEED = 'kb_seed'
#: The card the findable measurement publishes again and again (as
#: ``tests.local.test_cluster.publish`` does)
CARD = 'vero-kuorma-1'
POLL = 0.02
FINDABLE_TIMEOUT = 30
FAILOVER_TIMEOUT = 120


def log(message):
    print(message, file=sys.stderr, flush=True)


def ms(seconds):
    return seconds * 1e3


class Counters:
    """The retry and warning counters ``run_clients`` reads; the nodes
    are other processes, so there is nothing to count here."""

    @staticmethod
    def snapshot():
        return collections.Counter()


def open_db(uri):
    """A ZODB database on ``uri`` beside the nodes (or without them)."""
    from ZODB import DB
    import zodburi

    factory, options = zodburi.resolve_uri(uri)
    return DB(factory(), **options)


class Storage:
    """Where a set-up's database is and how big it is."""

    def __init__(self, cluster, data_fs=None):
        self.cluster = cluster
        self.data_fs = data_fs

    @property
    def uri(self):
        """With the password: for this process."""
        if self.data_fs:
            return f'file://{self.data_fs}'
        from kb.local.cluster import DATABASE
        return self.cluster.postgres.uri(DATABASE)

    @property
    def node_uri(self):
        """Without the password (the nodes' environment has it)."""
        return f'file://{self.data_fs}?connection_cache_size=20000' \
            if self.data_fs else self.cluster.uri()

    def size(self):
        if self.data_fs:
            return os.path.getsize(self.data_fs)
        from kb.local.cluster import DATABASE
        return int(self.cluster.postgres.psql(
            f"SELECT pg_database_size('{DATABASE}')"))

    def vacuum_full(self):
        from kb.local.cluster import DATABASE
        self.cluster.postgres.psql('VACUUM FULL', DATABASE)


def make_content(cluster, node, storage, corpus, cards, advisors):
    """The content of every set-up (see the module's docstring), made
    through ``node``'s ini; the users' tokens and what the clients need.
    """
    node.configure(cluster.base, storage.node_uri, 0)
    tokens = prepare_database(str(node.ini), editors=1)
    from pyramid.paster import get_appsettings

    from kb.cards.exchange import import_cards, validate_document
    from kb.cards.versioning import Versioning
    from kb.demo import demo_document

    settings = dict(get_appsettings(str(node.ini), name='kb'))
    # NB: not the node's index, nor its name in the change log
    settings['kb.search.index_dir'] = str(cluster.var / 'content-index')
    settings['kb.node'] = 'bench-content'
    settings.pop('kb.search.seed_dir', None)
    app = make_app(settings)
    db = app.registry._zodb_databases['']
    try:
        with kb_root(db) as root:
            import_cards(root, Versioning(app.registry, 'bench'),
                         validate_document(root, demo_document()),
                         publish=True)
            found = add_advisors(root, app.registry, advisors)
            usable = usable_cards(root)
        log(f'{storage.uri.split("?")[0].split("@")[-1]}: {cards} cards...')
        build(app, db, corpus, cards)
    finally:
        stop_app(app.registry)
    shutil.rmtree(node.index_dir, ignore_errors=True)
    return {'tokens': tokens, 'advisors': found, 'usable': usable}


# -- the set-ups -------------------------------------------------------

class Setup:
    """``count`` nodes on ``storage``; ``start`` starts the stopped
    nodes and returns the seconds each took to be ready."""

    def __init__(self, name, cluster, storage, count, port):
        self.name = name
        self.cluster = cluster
        self.storage = storage
        self.count = count
        self.port = port

    def nodes(self):
        return [self.cluster.node(n) for n in range(1, self.count + 1)]

    def start(self):
        from kb.local.cluster import READY_TIMEOUT

        seconds = []
        self.ways = []
        for node in self.nodes():
            logged = node.log.stat().st_size if node.log.exists() else 0
            started = time.perf_counter()
            if self.storage.data_fs:
                node.configure(self.cluster.base, self.storage.node_uri,
                               self.port + node.number - 1)
                self.cluster.processes[node.number] = node.start(
                    self.cluster.environ(), self.cluster.base.parent)
                self.cluster.node(node.number).wait_ready(
                    time.monotonic() + READY_TIMEOUT)
            else:
                self.cluster.start(node.number, self.port)
            seconds.append(time.perf_counter() - started)
            self.ways.append(index_way(node.log, logged))
        return seconds

    def stop(self):
        for node in self.nodes():
            node.stop()

    def ports(self):
        return [self.port + n for n in range(self.count)]


def index_way(path, offset):
    """How a node got its index at the start logged in ``path`` from
    ``offset``: seeded, rebuilt or caught up (kb.search.changelog)."""
    with open(path, encoding='utf-8') as log_file:
        log_file.seek(offset)
        text = log_file.read()
    return 'seeded' if 'search index seeded from' in text else (
        'rebuilt' if 'rebuilding the search index' in text else 'caught up')


def searches(port, texts):
    return [search(port, text) for text in texts]


def findable(publisher, searcher, tokens, samples):
    """Seconds from each publication's approval on ``publisher`` until
    search on ``searcher`` finds it (its new Finnish title word; the
    cluster test's publication: its provider editor saves and submits,
    the central editor approves)."""
    found = []
    for number in range(samples):
        word = 'sinivalas' + ''.join('abcdefghij'[int(digit)]
                                     for digit in f'{number:03d}') + 'kortti'
        publish(publisher, tokens, f'Klusterikoe {word}')
        approved = time.perf_counter()
        path = f'{API}/search?lang=fi&q={quote(word)}'
        while True:
            status, response = request(searcher, 'GET', path)
            hits = [hit['id'] for hit in json.loads(response.text)[
                'results']] if status == 200 else []
            if CARD in hits:
                found.append(time.perf_counter() - approved)
                break
            if time.perf_counter() - approved > FINDABLE_TIMEOUT:
                found.append(float('inf'))
                break
            time.sleep(POLL)
    return found


def cpu_seconds(pid):
    """User + system CPU seconds of process ``pid`` (0 once gone)."""
    try:
        fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1]
    except OSError:
        return 0.0
    fields = fields.split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def server_pids(cluster):
    """The private PostgreSQL server's processes: the postmaster (the
    first line of its pid file) and its children."""
    postmaster = int((cluster.postgres.data / 'postmaster.pid')
                     .read_text().split()[0])
    children = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            ppid = int(stat.read_text().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]


class Usage:
    """What the timed lifecycles of a phase cost: CPU seconds of the
    nodes and of the PostgreSQL server, and the database's transactions
    and (with ``pg_stat_statements``) statements."""

    def __init__(self, setup, statements):
        self.setup = setup
        self.statements = statements and not setup.storage.data_fs
        self.before = None

    def snapshot(self):
        cluster = self.setup.cluster
        found = {'nodes': sum(cpu_seconds(node.pid())
                              for node in self.setup.nodes())}
        if not self.setup.storage.data_fs:
            from kb.local.cluster import DATABASE
            found['postgres'] = sum(map(cpu_seconds, server_pids(cluster)))
            found['transactions'] = int(cluster.postgres.psql(
                'SELECT xact_commit + xact_rollback FROM pg_stat_database '
                f"WHERE datname = '{DATABASE}'"))
        if self.statements:
            found['statements'] = collections.Counter(dict(
                (query, int(calls)) for query, calls in (
                    line.rsplit('|', 1) for line in cluster.postgres.psql(
                        'SELECT regexp_replace(query, \'\\s+\', \' \', '
                        "'g'), calls FROM pg_stat_statements").splitlines()
                    if '|' in line)))
        return found

    def start(self):
        self.before = self.snapshot()

    def per_lifecycle(self, tally):
        """The phase's costs per timed lifecycle closed."""
        after = self.snapshot()
        done = max(tally['timed_closed'], 1)
        found = {key: (after[key] - self.before[key]) / done
                 for key in after if key != 'statements'}
        found['client'] = tally['cpu'] / done
        if self.statements:
            calls = after['statements']
            calls.subtract(self.before['statements'])
            found['statements'] = sum(calls.values()) / done
            for query, n in calls.most_common(25):
                log(f'{n / done:8.2f}  {query[:150]}')
        return found


def enable_statements(postgres):
    """Load ``pg_stat_statements`` into the private server."""
    postgres.psql("ALTER SYSTEM SET shared_preload_libraries = "
                  "'pg_stat_statements'")
    postgres.stop()
    postgres.start()
    postgres.psql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')


def lifecycles(setup, content, cards, count, clients, seed, usage):
    """``count`` timed lifecycles; the client tally, with what they
    cost (:class:`Usage`) under ``'usage'``."""
    ports = setup.ports()
    advisors = content['advisors']
    specs = [{'token': token, 'lang': LANG.get(point, 'fi'),
              'point': point, 'port': ports[n % len(ports)]}
             for n, (_name, point, token) in (
                 (n, advisors[n % len(advisors)]) for n in range(clients))]
    plan = {'host': HOST, 'port': ports[0], 'clients': specs,
            'cards': cards, 'warm_up': bench_tickets.WARM_UP, 'seed': seed,
            'mode': 'lifecycle', 'count': count}
    tally = run_clients(plan, Counters(), Counters(), usage.start)[0]
    tally['usage'] = usage.per_lifecycle(tally)
    return tally


def lease_holder(db):
    with db.transaction() as conn:
        return conn.root()['kb_root']['leader'].holder


def failover(setup):
    """kill -9 the lease holder; seconds until the other node holds the
    lease (read from the database), or None beyond the timeout."""
    db = open_db(setup.storage.uri)
    try:
        holder = lease_holder(db)
        leader, = [n for n in setup.nodes() if n.name == holder]
        os.killpg(leader.pid(), signal.SIGKILL)
        killed = time.perf_counter()
        while lease_holder(db) in (holder, ''):
            if time.perf_counter() - killed > FAILOVER_TIMEOUT:
                return None
            time.sleep(0.1)
        return time.perf_counter() - killed
    finally:
        db.close()


def pack(storage):
    """The pack job as it runs ``kb.pack.days`` after now."""
    from pyramid.paster import get_appsettings

    from kb.runtime.jobs import pack_database

    settings = get_appsettings(str(HERE / 'production.ini'), name='kb')
    days = int(settings.get('kb.pack.days', 7))
    db = open_db(storage.uri)
    try:
        pack_database(db, SimpleNamespace(settings=settings),
                      datetime.datetime.now(datetime.timezone.utc)
                      + datetime.timedelta(days=days))
    finally:
        db.close()


def run_setup(setup, content, queries, args):
    """Every figure of one set-up (see the module's docstring)."""
    out = {'name': setup.name, 'nodes': setup.count}
    for node in setup.nodes():
        shutil.rmtree(node.index_dir, ignore_errors=True)
    # NB: the previous set-up's seed is of another database
    shutil.rmtree(setup.cluster.folder / 'seed', ignore_errors=True)
    log(f'== {setup.name}: starting with empty indexes...')
    out['empty_ready'] = setup.start()
    out['empty_way'] = setup.ways
    ports = setup.ports()
    tokens = content['tokens']
    cards = card_channels(HOST, ports[0], content['advisors'][0][2],
                          content['usable'])
    half = len(queries) // 2
    out['search'] = searches(ports[0], queries[:half])
    log(f'{setup.name}: publish -> findable...')
    out['findable'] = findable(ports[0], ports[-1], tokens, args.findable)
    history, opened, closed = [], [], []
    out['sizes'] = {'start': setup.storage.size()}
    out['phases'] = []
    for number, extra in enumerate((0, args.history)):
        if extra:
            setup.stop()
            log(f'{setup.name}: adding {extra} closed tickets...')
            db = open_db(setup.storage.uri)
            try:
                history += add_history(db, extra)
            finally:
                db.close()
            out['sizes']['history'] = setup.storage.size()
            out['ready'] = setup.start()
            out['way'] = setup.ways
            new = queries[half:]
            out['first'] = search(ports[0], new[0])
            out['warm'] = [search(ports[0], text) for text in new[1:]]
        log(f'{setup.name}: {args.lifecycles} lifecycles, '
            f'{extra} in the month...')
        before = setup.storage.size()
        tally = lifecycles(setup, content, cards, args.lifecycles,
                           args.clients, 2027 + number,
                           Usage(setup, args.statements))
        done = tally['timed_closed'] + tally['warm_closed']
        out['phases'].append({
            'history': extra, 'closed': tally['timed_closed'],
            'done': done, 'wall': tally['wall'],
            'errors': sum(1 for error in tally['errors'] if error[3]),
            'error_kinds': sorted({f'{e[0]} {e[1]}'
                                   for e in tally['errors']}),
            'growth': setup.storage.size() - before,
            'usage': tally['usage'],
            'latency': sorted(tally['lifecycles'])})
        opened += tally['opened']
        closed += tally['closed']
    if setup.count > 1:
        log(f'{setup.name}: kill -9 of the leader...')
        out['failover'] = failover(setup)
    setup.stop()
    out['sizes']['before_pack'] = setup.storage.size()
    log(f'{setup.name}: pack...')
    pack(setup.storage)
    out['sizes']['after_pack'] = setup.storage.size()
    if not setup.storage.data_fs:
        setup.storage.vacuum_full()
        out['sizes']['vacuum_full'] = setup.storage.size()
    log(f'{setup.name}: counting the tickets...')
    db = open_db(setup.storage.uri)
    try:
        out['check'] = count_tickets(db, opened, closed, history)
    finally:
        db.close()
    return out


# -- the report --------------------------------------------------------

def mb(size):
    return f'{size / 1024 ** 2:.1f}'


def p50_95(values):
    values = sorted(values)
    return (f'{ms(percentile(values, 50)):.0f} / '
            f'{ms(percentile(values, 95)):.0f}')


def report(found, args, documents, loads):
    width = 22
    names = [item['name'] for item in found]
    lines = [
        'kb cluster benchmark',
        machine(),
        f'load average (1/5/15 min) at the start {loads[0]}, at the end '
        f'{loads[1]}',
        f'corpus {args.cards} cards = {documents} language documents; '
        f'{args.clients} clients, {args.lifecycles} timed lifecycles per '
        f'phase; {args.history} closed tickets added for the busy month; '
        f'{len(found[0]["search"])} distinct Finnish search queries; '
        f'{args.findable} publications',
        '',
        f'{"":<40}' + ''.join(f'{name:>{width}}' for name in names),
    ]

    def row(label, value):
        lines.append(f'{label:<40}' + ''.join(
            f'{value(item):>{width}}' for item in found))

    def phase(number, key):
        return lambda item: key(item['phases'][number])

    for number, label in ((0, 'empty month'), (1, 'busy month')):
        row(f'lifecycles/s, {label}',
            phase(number, lambda p: f'{p["closed"] / p["wall"]:.1f}'))
        row('  lifecycle p50 / p95 ms',
            phase(number, lambda p: p50_95(p['latency'])))
        row('  errors', phase(number, lambda p: str(p['errors'])))
        row('  CPU ms per lifecycle: nodes', phase(
            number, lambda p: f'{1e3 * p["usage"]["nodes"]:.0f}'))
        row('    PostgreSQL / client', phase(number, lambda p: (
            f'{1e3 * p["usage"]["postgres"]:.0f} / ' if 'postgres' in
            p['usage'] else '- / ') + f'{1e3 * p["usage"]["client"]:.0f}'))
        row('  transactions per lifecycle', phase(number, lambda p: (
            f'{p["usage"]["transactions"]:.1f}' if 'transactions' in
            p['usage'] else '-')))
        row('  growth per lifecycle, KB',
            phase(number, lambda p: f'{p["growth"] / p["done"] / 1024:.1f}'))
    row('lost / stored twice / unreceived', lambda item: (
        f'{item["check"]["lost"]} / {item["check"]["stored_twice"]} / '
        f'{item["check"]["unreceived"]}'))
    row('aggregates = lifecycles, = scan', lambda item: (
        f'{"yes" if item["check"]["aggregate_count"] == item["check"]["closed_ok"] else "NO"}, '  # noqa: E501
        f'{"yes" if item["check"]["aggregates_equal_scan"] else "NO"}'))
    row('size at the start, MB', lambda item: mb(item['sizes']['start']))
    row(f'  + {args.history} history tickets, MB',
        lambda item: mb(item['sizes']['history']))
    row('  after the lifecycles, MB',
        lambda item: mb(item['sizes']['before_pack']))
    row('  after the pack, MB', lambda item: mb(item['sizes']['after_pack']))
    row('  after VACUUM FULL, MB', lambda item: mb(
        item['sizes']['vacuum_full']) if 'vacuum_full' in item['sizes']
        else '-')
    row(f'  extrapolated: {40_000:,} lifecycles, MB', lambda item: mb(
        40_000 * sum(p['growth'] for p in item['phases'])
        / sum(p['done'] for p in item['phases'])))
    row('search p50 / p95 ms', lambda item: p50_95(item['search']))
    row('publish -> findable p50 / p95 ms',
        lambda item: p50_95(item['findable']))
    row('  searched on', lambda item: 'the other node'
        if item['nodes'] > 1 else 'the same node')
    row('empty index: ready s (per node)', lambda item: ' / '.join(
        f'{s:.1f}' for s in item['empty_ready']))
    row('  its index (node 2 after node 1\'s seed)',
        lambda item: ' / '.join(item['empty_way']))
    row('restart on its index: ready s', lambda item: ' / '.join(
        f'{s:.1f}' for s in item['ready']))
    row('  its index', lambda item: ' / '.join(item['way']))
    row('first search after start ms',
        lambda item: f'{ms(item["first"]):.0f}')
    row('warm p50 (new queries) ms',
        lambda item: f'{ms(statistics.median(item["warm"])):.0f}')
    row('leader failover s', lambda item: '-' if item['nodes'] == 1 else (
        f'{item["failover"]:.1f}' if item['failover'] is not None
        else f'> {FAILOVER_TIMEOUT}'))
    for item in found:
        kinds = {kind for p in item['phases'] for kind in p['error_kinds']}
        if kinds:
            lines.append(f'errors, {item["name"]}: {", ".join(sorted(kinds))}')
    lines.append(
        '(lifecycles/s: timed lifecycles closed / wall s; growth: size '
        'after - before a phase, per lifecycle closed in it, warm-up '
        'included; "extrapolated" is that growth x 40,000, not measured; '
        'lost: ids a client received that are not stored)')
    print('\n'.join(lines), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=22_000,
                        help='synthetic cards (22,000 = about 30,000 '
                        'language documents)')
    parser.add_argument('--lifecycles', type=int, default=3000)
    parser.add_argument('--history', type=int, default=40_000)
    parser.add_argument('--clients', type=int, default=16)
    parser.add_argument('--advisors', type=int, default=4,
                        help='advisor users per service point')
    parser.add_argument('--queries', type=int, default=100)
    parser.add_argument('--findable', type=int, default=20)
    parser.add_argument('--port', type=int, default=16543,
                        help='the first node\'s port')
    parser.add_argument('--setups', default='file1,pg1,pg2',
                        help='which set-ups to run, comma-separated: file1 '
                        '(1 node FileStorage), pg1, pg2 (1 and 2 nodes '
                        'PostgreSQL)')
    parser.add_argument('--statements', action='store_true',
                        help='count the SQL statements per lifecycle '
                        '(pg_stat_statements)')
    parser.add_argument('--quick', action='store_true',
                        help='--cards 500 --lifecycles 200 --history 2000 '
                        '--queries 20 --findable 5')
    args = parser.parse_args()
    setups = args.setups.split(',')
    if not set(setups) <= {'file1', 'pg1', 'pg2'}:
        parser.error(f'unknown set-ups in --setups {args.setups}')
    if args.quick:
        args.cards, args.lifecycles, args.history = 500, 200, 2000
        args.queries, args.findable = 20, 5
    from kb.local.cluster import DATABASE, Cluster

    loads = [load()]
    corpus = Corpus()
    # NB: Finnish, as bench_startup's: the API is searched with lang=fi
    queries = list(dict.fromkeys(
        text for _kind, text, lang in make_queries(corpus, args.queries * 8)
        if lang == 'fi'))[:args.queries * 2]
    documents = corpus_documents(args.cards)
    found = []
    with tempfile.TemporaryDirectory(prefix='kb-bench-cluster-') as tmp:
        tmp = Path(tmp)
        cluster = Cluster(tmp / 'var', HERE / 'production.ini',
                          stderr=open(tmp / 'steps.log', 'w'))
        try:
            cluster.postgres.ensure()
            os.environ.update(cluster.environ())
            file_storage = Storage(cluster, tmp / 'Data.fs')
            postgres = Storage(cluster)
            if 'file1' in setups:
                content = make_content(cluster, cluster.node(1),
                                       file_storage, corpus, args.cards,
                                       args.advisors)
                found.append(run_setup(
                    Setup('1 node FileStorage', cluster, file_storage, 1,
                          args.port), content, queries, args))
            counts = [int(name[2:]) for name in setups
                      if name.startswith('pg')]
            if not counts:
                return
            if args.statements:
                enable_statements(cluster.postgres)
            cluster.database()
            content = make_content(cluster, cluster.node(1), postgres,
                                   corpus, args.cards, args.advisors)
            cluster.postgres.psql(
                f'CREATE DATABASE {SEED} TEMPLATE {DATABASE}')
            for count in counts:
                cluster.postgres.drop_database(DATABASE)
                cluster.postgres.psql(
                    f'CREATE DATABASE {DATABASE} TEMPLATE {SEED}')
                found.append(run_setup(
                    Setup(f'{count} node{"s" * (count > 1)} PostgreSQL',
                          cluster, postgres, count, args.port), content,
                    queries, args))
        finally:
            cluster.down()
            cluster.stderr.close()
            if found:
                loads.append(load())
                report(found, args, documents, loads)


if __name__ == '__main__':
    main()
