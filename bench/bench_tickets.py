"""Benchmark: the ticket log under load, and reports as history grows.

Usage::

    .venv/bin/python bench/bench_tickets.py [--clients 16] [--lifecycles 3000]
                                            [--sizes 100000,1000000]
                                            [--history 40000] [--profile]

1. Ticket lifecycles over HTTP. A fresh ZODB FileStorage in a temporary
   directory (the connection cache size of ``production.ini``, the other
   settings from ``testing.ini``: cheap argon2, no scheduler, search
   indexing in the request), filled with the demo content
   (``kb.demo.load_demo``) and ``--advisors`` advisor users per service
   point (5 points) with bearer tokens. The real application
   (``kb.main``) is served by waitress on 127.0.0.1 (a free port,
   ``--threads`` 16 worker threads) in this process, so that a
   subscriber to ``pyramid_retry.IBeforeRetry`` counts the retries
   (after a ZODB ``ConflictError``). The clients run in a process of
   their own (``--clients`` threads, one keep-alive ``http.client``
   connection and one advisor each, the points taken in turn, so that
   several clients share a point): each lifecycle is
   ``POST /api/v1/tickets`` (a random published service card of any
   provider that has a performance type, one of the card's channels as
   ``GET /api/v1/cards/{id}`` shows them to an advisor), then
   ``POST .../resolve`` (a random type of the ticket's
   ``allowed_suoritteet``, a random outcome) and ``POST .../close``.
   After two untimed lifecycles per client, ``--lifecycles`` lifecycles
   are timed. A request that is not 2xx (or fails in transport) is an
   error and ends its lifecycle; POSTs are never re-sent by the client.
   This runs twice: in an empty month, then after ``--history`` closed
   tickets were added to the current month (generated like the reports'
   tickets below; 40,000 is the monthly volume of 1,000,000 tickets over
   24 months): a close writes its month's aggregates (the provider's
   counts, three per-minute histograms and the per-second detail of the
   minutes it falls in). After each phase, the sizes of those objects
   (entries, pickled KB) and the growth of Data.fs per lifecycle are
   reported.

   Baseline, same run, server and clients: the same clients doing the
   same number of requests of a trivial API call
   (``GET /api/v1/providers``: token lookup, traversal, JSON, no write),
   i.e. the request ceiling of this stack on this machine, and a bare
   ZODB commit of one small object in a loop (the commit ceiling of one
   FileStorage: every lifecycle is three commits).

   Afterwards, in the database: every ticket id the clients received
   must exist exactly once, closed if its close succeeded; tickets nobody
   received (duplicates) are counted; the report aggregates of the run's
   month(s) must count exactly the closed lifecycles (the sum of the
   ``by_type`` counts of ``reports.monthly``) and equal the aggregates
   computed by scanning the tickets (``scan_aggregates``).

   CPU: the server process's CPU time, the client process's, and the
   whole machine's (``/proc/stat``) during the timed phase; "other" is
   what other processes used meanwhile.

2. Reports as history grows. For each of ``--sizes``, in a process of
   its own: a fresh FileStorage holding that many closed tickets,
   generated in bulk like ``kb.tickets.generator`` (``Ticket`` objects
   and ``desk.record``; points and providers weighted like the pilot's
   volumes, the demo's service cards and their types, weekdays within
   each point's opening hours, the pilot's handling times, the price in
   force at closing), month by month over ``--months`` months ending
   2026-10, committed every ``--batch`` tickets (the build stops at
   ``--build-limit`` seconds). The monthly report is first timed before
   any roll-up (3 warm runs: every month's aggregates merged); then the
   daily upkeep is run and timed as on the last day of 2026-10
   (``TicketStore.roll_up('2026-10')``: every earlier month rolled up,
   2026-10 itself still in progress, the worst case for the reports).
   Then, in a fresh connection of the
   production cache size: ``reports.monthly(store, '2026-10')`` (the
   month and the cumulative January-October, all points and providers)
   and ``reports.billing(store, '2026Q3')``, once cold and then
   ``--repeat`` times warm (median and max), against the same reports
   computed by scanning every ticket
   (``totals=reports.scan_aggregates``), once each, with the
   connection's cache trimmed to its production size before each. Both
   ways must give the same report. Also the size of Data.fs and the
   peak memory of the process.

Timings are wall clock (``time.perf_counter``); p50/p95 are inclusive
percentiles. ``--profile`` runs one more lifecycle phase (a third of
``--lifecycles``, not in the figures) with every request profiled by
cProfile in its server thread (thread CPU time, so waiting for locks or
the GIL is not counted) and prints the top functions to stderr; it also
profiles one warm run of each report. Results and the machine are
recorded in docs/benchmarks.md. This is a benchmark, not a test.
"""
import argparse
import collections
import contextlib
import cProfile
import datetime
import http.client
import io
import itertools
import json
import logging
import math
import os
from pathlib import Path
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.common import cpu_model, kb_root, make_app, stop_app  # noqa: E402

PASSWORD = 'benchmark password'
#: The connection cache size of production.ini.
ZODB_URI = 'file://{path}?connection_cache_size=20000'
OUTCOMES = (('resolved', 85), ('referred', 10), ('not_resolved', 5))
LANG = {'parainen': 'sv', 'pelkosenniemi': 'se'}
WARM_UP = 2  # untimed lifecycles per client
LAST_MONTH = (2026, 10)
REPORT_MONTH = '2026-10'
REPORT_QUARTER = '2026Q3'


# -- helpers ------------------------------------------------------------

def percentile(values, p):
    if not values:
        return float('nan')
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method='inclusive')[p - 1]


def machine():
    return (f'machine: nproc {os.cpu_count()}, {cpu_model()}, Python '
            f'{platform.python_version()}, {platform.platform()}')


def machine_busy():
    """(busy, total) jiffies of all CPUs since boot."""
    with open('/proc/stat', encoding='ascii') as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def memory():
    """(VmRSS, VmHWM) of this process in MB."""
    found = {}
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith(('VmRSS', 'VmHWM')):
                found[line.split(':')[0]] = int(line.split()[1]) / 1024
    return found.get('VmRSS', 0), found.get('VmHWM', 0)


def log(message):
    print(message, file=sys.stderr, flush=True)


def app_settings(tmp, pool_size=None):
    from pyramid.paster import get_appsettings

    settings = dict(get_appsettings(str(HERE / 'testing.ini'), name='kb'))
    settings['zodbconn.uri'] = ZODB_URI.format(
        path=os.path.join(tmp, 'Data.fs'))
    if pool_size:
        settings['zodbconn.uri'] += f'&connection_pool_size={pool_size}'
    settings['kb.search.index_dir'] = os.path.join(tmp, 'index')
    return settings


# -- the clients (a process of their own) ----------------------------------

class Client:
    """One advisor's keep-alive connection."""

    def __init__(self, host, port, token):
        self.host, self.port = host, port
        self.headers = {'Authorization': f'Bearer {token}',
                        'Accept': 'application/json'}
        self.conn = None

    def request(self, method, path, body=None):
        """(status or 'transport', parsed JSON or text, seconds)."""
        headers = dict(self.headers)
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=120)
            self.conn.request(method, path, payload, headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.will_close:
                self.conn.close()
                self.conn = None
        except (OSError, http.client.HTTPException) as error:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
            return 'transport', repr(error), time.perf_counter() - start
        elapsed = time.perf_counter() - start
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data[:200].decode('utf-8', 'replace')
        return response.status, parsed, elapsed


class Tally:
    """What the client threads saw (appended under the GIL)."""

    def __init__(self):
        self.latency = collections.defaultdict(list)  # kind → seconds
        self.lifecycles = []  # seconds, completed lifecycles
        self.errors = []  # (kind, status, detail)
        self.opened = []  # ticket ids received (201)
        self.closed = []  # ticket ids whose close returned 200
        self.timed = False

    def error(self, kind, status, body):
        detail = body if isinstance(body, str) else json.dumps(body)[:300]
        self.errors.append((kind, status, detail[:300], self.timed))


def one_lifecycle(client, rng, cards, lang, tally):
    card = rng.choice(cards)
    begin = time.perf_counter()
    status, body, seconds = client.request('POST', '/api/v1/tickets', {
        'card': card['id'], 'channel': rng.choice(card['channels']),
        'lang': lang})
    tally.latency['open'].append(seconds)
    if status != 201:
        return tally.error('open', status, body)
    ticket_id = body['id']
    tally.opened.append(ticket_id)
    outcome = rng.choices([o for o, _ in OUTCOMES],
                          [w for _, w in OUTCOMES])[0]
    status, body, seconds = client.request(
        'POST', f'/api/v1/tickets/{ticket_id}/resolve',
        {'suorite': rng.choice(body['allowed_suoritteet']),
         'outcome': outcome})
    tally.latency['resolve'].append(seconds)
    if status != 200:
        return tally.error('resolve', status, body)
    status, body, seconds = client.request(
        'POST', f'/api/v1/tickets/{ticket_id}/close')
    tally.latency['close'].append(seconds)
    if status != 200:
        return tally.error('close', status, body)
    tally.closed.append(ticket_id)
    tally.lifecycles.append(time.perf_counter() - begin)
    return None


def one_trivial(client, rng, cards, lang, tally):
    status, body, seconds = client.request('GET', '/api/v1/providers')
    tally.latency['trivial'].append(seconds)
    if status != 200:
        tally.error('trivial', status, body)


def client_process():
    """Read the plan (JSON) from stdin, run it, write the tally to
    stdout. Prints ``WARM`` after the warm-up and waits for ``GO``."""
    plan = json.loads(sys.stdin.readline())
    unit = one_lifecycle if plan['mode'] == 'lifecycle' else one_trivial
    warm_tally, tally = Tally(), Tally()
    counter = itertools.count()
    total = plan['count']
    ready = threading.Barrier(len(plan['clients']) + 1)
    go = threading.Barrier(len(plan['clients']) + 1)

    def safely(client, rng, spec, into):
        try:
            unit(client, rng, plan['cards'], spec['lang'], into)
        except Exception as error:  # noqa: BLE001 - counted as an error
            into.error('client', 'exception', repr(error))

    def work(number, spec):
        rng = random.Random(plan['seed'] * 1000 + number)
        # NB: a client spec may name its own port (one node of several)
        client = Client(plan['host'], spec.get('port', plan['port']),
                        spec['token'])
        for _ in range(plan['warm_up']):
            safely(client, rng, spec, warm_tally)
        ready.wait()
        go.wait()
        while next(counter) < total:
            safely(client, rng, spec, tally)
        if client.conn is not None:
            client.conn.close()

    threads = [threading.Thread(target=work, args=(n, spec), daemon=True)
               for n, spec in enumerate(plan['clients'])]
    for thread in threads:
        thread.start()
    ready.wait()
    print('WARM', flush=True)
    if sys.stdin.readline().strip() != 'GO':
        raise SystemExit('no GO')
    tally.timed = True
    cpu = time.process_time()
    start = time.perf_counter()
    go.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    result = {
        'wall': wall, 'cpu': cpu,
        'latency': tally.latency, 'lifecycles': tally.lifecycles,
        'errors': warm_tally.errors + tally.errors,
        'opened': warm_tally.opened + tally.opened,
        'closed': warm_tally.closed + tally.closed,
        'timed_closed': len(tally.closed),
        'warm_closed': len(warm_tally.closed),
    }
    print(json.dumps(result), flush=True)


# -- the server side ------------------------------------------------------

class RetryCounter:
    """Counts pyramid_retry's retries: (step, exception, class of the
    conflicting object) → n."""

    def __init__(self, db):
        self.db = db
        self.counts = collections.Counter()
        self.lock = threading.Lock()

    def __call__(self, event):
        path = event.request.path
        step = path.rsplit('/', 1)[-1] if path.count('/') > 4 else (
            'open' if path == '/api/v1/tickets' else path)
        exception = event.exception
        name = getattr(exception, 'class_name', None)
        if not name and getattr(exception, 'oid', None):
            with contextlib.suppress(Exception):
                from ZODB.utils import get_pickle_metadata
                data, _serial = self.db.storage.load(exception.oid)
                name = get_pickle_metadata(data)[1]
        with self.lock:
            self.counts[(step, type(exception).__name__,
                         (name or '?').rsplit('.', 1)[-1])] += 1

    def snapshot(self):
        with self.lock:
            return collections.Counter(self.counts)


class LogCounter(logging.Handler):
    """Counts warnings of a logger (waitress queue depth, ZODB pool)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = collections.Counter()

    def emit(self, record):
        message = record.getMessage()
        if message.startswith('DB.open() has'):
            message = 'DB.open() beyond pool_size'  # a new connection
        elif message.startswith('Task queue depth'):
            message = 'waitress: all threads busy, request queued'
        self.messages[message[:60]] += 1

    def snapshot(self):
        return collections.Counter(self.messages)


class Profiled:
    """WSGI middleware profiling each request in its own thread."""

    def __init__(self, app):
        self.app = app
        self.enabled = False
        self.local = threading.local()
        self.profiles = []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not self.enabled:
            return self.app(environ, start_response)
        profile = getattr(self.local, 'profile', None)
        if profile is None:
            # CPU time of this thread: waiting for locks and the GIL
            # does not count
            profile = self.local.profile = cProfile.Profile(
                time.thread_time)
            with self.lock:
                self.profiles.append(profile)
        profile.enable()
        try:
            return list(self.app(environ, start_response))
        finally:
            profile.disable()

    def stats(self):
        out = io.StringIO()
        stats = None
        for profile in self.profiles:
            if stats is None:
                stats = pstats.Stats(profile, stream=out)
            else:
                stats.add(profile)
        return stats, out


def add_advisors(root, registry, per_point):
    """``per_point`` advisors at each point; [(name, point, token)], the
    points taken in turn."""
    from kb.accounts.users import add_user, issue_token
    from kb.directory.tables import directory_of

    points = sorted(directory_of(root).points)
    advisors = []
    for number in range(per_point):
        for point in points:
            name = f'bench-{point}-{number}'
            user = add_user(root, registry, 'bench', name, 'advisor',
                            PASSWORD, None, point)
            advisors.append((name, point,
                             issue_token(root, registry, 'bench', user)))
    return advisors


def usable_cards(root):
    """Ids of the published service cards that have a performance type
    the provider allows."""
    from kb import refdata

    today = datetime.date.today()
    found = []
    for card in root['cards'].values():
        number = card.live_number(today)
        if number is None or card.kind != 'service':
            continue
        types = [s for s in card.versions[number].content.get(
            'suoritteet') or () if s in refdata.allowed_suoritteet(
                card.provider)]
        if types:
            found.append((card.id, card.provider))
    return found


def card_channels(host, port, token, cards):
    """GET each card as an advisor: [{id, provider, channels}]."""
    client = Client(host, port, token)
    found = []
    for card_id, provider in cards:
        status, body, _seconds = client.request('GET',
                                                f'/api/v1/cards/{card_id}')
        if status != 200:
            raise SystemExit(f'GET card {card_id}: {status} {body}')
        if body.get('channels'):
            found.append({'id': card_id, 'provider': provider,
                          'channels': body['channels']})
    return found


def run_clients(plan, retries, warnings, on_go=None):
    """Start the client process, run the plan; returns (the client tally,
    the server's CPU seconds, (machine busy, total) jiffies, retries,
    server warnings), all of the timed phase."""
    child = subprocess.Popen(
        [sys.executable, __file__, '--_client'], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True)
    child.stdin.write(json.dumps(plan) + '\n')
    child.stdin.flush()
    if child.stdout.readline().strip() != 'WARM':
        raise SystemExit('the client process failed')
    if on_go is not None:
        on_go()
    before = retries.snapshot()
    warned = warnings.snapshot()
    busy0, total0 = machine_busy()
    cpu0 = time.process_time()
    child.stdin.write('GO\n')
    child.stdin.flush()
    line = child.stdout.readline()
    cpu = time.process_time() - cpu0
    busy1, total1 = machine_busy()
    after = retries.snapshot()
    warned_after = warnings.snapshot()
    child.wait()
    if not line:
        raise SystemExit('the client process failed')
    after.subtract(before)
    warned_after.subtract(warned)
    return (json.loads(line), cpu, (busy1 - busy0, total1 - total0),
            +after, +warned_after)


def bare_commits(db, samples):
    """Seconds of ``samples`` bare commits of one small object."""
    from persistent.mapping import PersistentMapping
    import transaction

    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            conn.root()['bench_probe'] = PersistentMapping(count=0)
        durations = []
        for _ in range(samples):
            start = time.perf_counter()
            with tm:
                conn.root()['bench_probe']['count'] += 1
            durations.append(time.perf_counter() - start)
        with tm:
            del conn.root()['bench_probe']
        return durations
    finally:
        conn.close()


def count_tickets(db, opened, closed, history):
    """What is in the database against what the clients received and
    the ``history`` ticket ids added directly."""
    from kb.tickets.desk import month_of
    from kb.tickets.reports import monthly, scan_aggregates

    with kb_root(db) as root:
        store = root['tickets']
        seen = collections.Counter()
        states = {}
        months = set()
        for bucket in store.months():
            for ticket_id, ticket in bucket.tickets.items():
                seen[ticket_id] += 1
                states[ticket_id] = ticket.state
                if ticket.state == 'closed':
                    months.add(month_of(ticket.closed))
        received = collections.Counter(opened)
        history = set(history)
        closed_set = set(closed)
        counted = 0
        same = True
        for month in sorted(months):
            report = monthly(store, month)
            counted += sum(row['count']
                           for row in report['monthly']['by_type'])
            same = same and report == monthly(store, month,
                                              totals=scan_aggregates)
    return {
        'in_db': sum(seen.values()) - len(history),
        'history': len(history),
        'history_missing': sum(1 for t in history if t not in seen),
        'received': len(opened),
        'lost': sum(1 for t in received if t not in seen),
        'received_twice': sum(1 for n in received.values() if n > 1),
        'stored_twice': sum(1 for n in seen.values() if n > 1),
        'unreceived': sum(1 for t in seen
                          if t not in received and t not in history),
        'closed_ok': len(closed_set),
        'closed_ok_not_closed': sum(1 for t in closed_set
                                    if states.get(t) != 'closed'),
        'closed_in_db': sum(1 for t, s in states.items()
                            if s == 'closed' and t not in history),
        'other_states': dict(collections.Counter(
            s for s in states.values() if s != 'closed')),
        'aggregate_count': counted - len(history),
        'months': sorted(months),
        'aggregates_equal_scan': same,
    }


def aggregate_sizes(db):
    """The aggregates a close rewrites, in the current month's buckets:
    the provider's ``counts``, three duration histograms (the
    provider's, the type's, the card's) and the detail of the bins it
    falls in: {kind: (mean entries, max entries, mean KB pickled)}."""
    import pickle

    from kb.clock import utcnow
    from kb.tickets.desk import month_of

    month = month_of(utcnow())
    found = collections.defaultdict(list)
    with kb_root(db) as root:
        for bucket in root['tickets'].months(first=month, last=month):
            aggregates = bucket.aggregates
            for counter in aggregates.counts.values():
                found['counts'].append(counter.data)
            for (_provider, kind, _key), histogram in \
                    aggregates.durations.items():
                found[kind].append(histogram.bins)
            for counter in aggregates.detail.values():
                found['detail'].append(counter.data)
    return {kind: (statistics.mean(len(d) for d in data),
                   max(len(d) for d in data),
                   statistics.mean(len(pickle.dumps(d)) for d in data)
                   / 1024)
            for kind, data in found.items()}


def add_history(db, count):
    """``count`` closed tickets in the current month before today, like
    the reports' database; returns their ids."""
    from kb.clock import HELSINKI

    today = datetime.datetime.now(HELSINKI).date()
    ids = []
    with kb_root(db) as root:
        filler = Filler(root, seed=count, ids=ids)
        filler.month(today.year, today.month, count, before=today)
    return ids


def lifecycle_benchmark(args):
    from pyramid_retry import IBeforeRetry
    import waitress

    from kb.demo import load_demo
    from kb.cards.versioning import Versioning

    results = {'phases': []}
    with tempfile.TemporaryDirectory(prefix='kb-bench-tickets-') as tmp:
        app = make_app(app_settings(tmp, args.pool_size))
        registry = app.registry
        db = registry._zodb_databases['']
        path = os.path.join(tmp, 'Data.fs')
        try:
            log('loading the demo content...')
            with kb_root(db) as root:
                load_demo(root, registry, Versioning(registry, 'bench'))
                advisors = add_advisors(root, registry, args.advisors)
                cards = usable_cards(root)
            retries = RetryCounter(db)
            registry.registerHandler(retries, (IBeforeRetry,))
            warnings = LogCounter()
            for name in ('waitress.queue', 'waitress', 'ZODB.DB',
                         'ZODB.Connection', 'txn'):
                logging.getLogger(name).addHandler(warnings)
            profiled = Profiled(app)
            server = waitress.create_server(
                profiled, host='127.0.0.1', port=0, threads=args.threads,
                channel_timeout=300)
            port = server.effective_port
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            cards = card_channels('127.0.0.1', port, advisors[0][2], cards)
            results['cards'] = len(cards)
            results['providers'] = sorted({c['provider'] for c in cards})
            clients = [{'token': token, 'lang': LANG.get(point, 'fi'),
                        'point': point}
                       for _name, point, token in (
                           advisors[n % len(advisors)]
                           for n in range(args.clients))]
            results['points'] = collections.Counter(
                c['point'] for c in clients)
            plan = {'host': '127.0.0.1', 'port': port, 'clients': clients,
                    'cards': cards, 'warm_up': WARM_UP, 'seed': 2026}
            log(f'baseline: {3 * args.lifecycles} trivial requests...')
            results['trivial'] = run_clients(
                dict(plan, mode='trivial', count=3 * args.lifecycles),
                retries, warnings)
            opened, closed, history = [], [], []
            steps = [('empty month', 0)]
            if args.history:
                steps.append((f'+{args.history:,} in month', args.history))
            for number, (label, extra) in enumerate(steps):
                if extra:
                    log(f'adding {extra} closed tickets to this month...')
                    history += add_history(db, extra)
                log(f'{args.lifecycles} lifecycles ({label}), '
                    f'{args.clients} clients...')
                size = os.path.getsize(path)
                run = run_clients(
                    dict(plan, mode='lifecycle', count=args.lifecycles,
                         seed=2027 + number), retries, warnings)
                done = run[0]['timed_closed'] + run[0]['warm_closed']
                results['phases'].append(
                    (label, run, (os.path.getsize(path) - size) / done,
                     aggregate_sizes(db)))
                opened += run[0]['opened']
                closed += run[0]['closed']
            if args.profile:
                count = max(args.lifecycles // 3, 100)
                log(f'profiled: {count} more lifecycles...')

                def enable():
                    profiled.enabled = True

                profile_run = run_clients(
                    dict(plan, mode='lifecycle', count=count, seed=2099),
                    retries, warnings, on_go=enable)
                profiled.enabled = False
                results['profiled'] = profile_run
                results['profile'] = profiled.stats()
                opened += profile_run[0]['opened']
                closed += profile_run[0]['closed']
            server.close()
            log('counting...')
            results['check'] = count_tickets(db, opened, closed, history)
            results['data_fs'] = os.path.getsize(path)
            results['bare'] = bare_commits(db, 3 * args.lifecycles // 2)
        finally:
            stop_app(registry)
            with contextlib.suppress(Exception):
                db.close()
    return results


def ms(seconds):
    return seconds * 1e3


def timed_errors(tally):
    return sum(1 for error in tally['errors'] if error[3])


def units(tally):
    return tally['timed_closed'] or len(tally['latency']['trivial'])


def cpu_rows(columns):
    """Rows of the CPU table: (label, function of a run)."""
    jiffy = os.sysconf('SC_CLK_TCK')

    def server(run):
        return f'{100 * run[1] / run[0]["wall"]:.0f}'

    def client(run):
        return f'{100 * run[0]["cpu"] / run[0]["wall"]:.0f}'

    def whole(run):
        return f'{100 * run[2][0] / run[2][1]:.0f}'

    def other(run):
        tally, cpu, (busy, _total) = run[:3]
        used = busy / jiffy - cpu - tally['cpu']
        return f'{max(0, 100 * used / tally["wall"]):.0f}'

    def per_unit(run):
        return f'{ms(run[1] / units(run[0])):.2f}'

    rows = [('server process, % of one core', server),
            ('client process, % of one core', client),
            (f'whole machine, % of {os.cpu_count()} cores', whole),
            ('other processes, % of one core', other),
            ('server CPU per unit, ms', per_unit)]
    return [f'{label:<38}' + ''.join(f'{value(run):>18}'
                                     for _name, run in columns)
            for label, value in rows]


def lifecycle_report(args, results):
    trivial = results['trivial']
    runs = [(f'lifecycles, {label}', run, growth)
            for label, run, growth, _sizes in results['phases']]
    lines = [
        '',
        f'== ticket lifecycles over HTTP: {args.clients} clients, waitress '
        f'threads={args.threads}, FileStorage, ZODB pool_size='
        f'{args.pool_size or 7} ==',
        f'{results["cards"]} published service cards of '
        f'{", ".join(results["providers"])}; clients per point: '
        + ', '.join(f'{p} {n}' for p, n in sorted(
            results['points'].items())),
        f'{"run (timed phase)":<38}{"units":>7}{"wall s":>8}{"per s":>8}'
        f'{"req/s":>7}{"errors":>8}{"retries":>9}{"KB/unit":>9}',
    ]
    for label, (tally, _cpu, _busy, retried, _warned), growth in runs:
        done = tally['timed_closed']
        requests = sum(len(v) for v in tally['latency'].values())
        lines.append(
            f'{label:<38}{done:>7}{tally["wall"]:>8.2f}'
            f'{done / tally["wall"]:>8.1f}{requests / tally["wall"]:>7.0f}'
            f'{timed_errors(tally):>8}{sum(retried.values()):>9}'
            f'{growth / 1024:>9.1f}')
    tally, _cpu, _busy, retried, _warned = trivial
    count = len(tally['latency']['trivial'])
    lines.append(
        f'{"baseline: GET /api/v1/providers":<38}{count:>7}'
        f'{tally["wall"]:>8.2f}{count / tally["wall"]:>8.0f}'
        f'{count / tally["wall"]:>7.0f}{timed_errors(tally):>8}'
        f'{sum(retried.values()):>9}{"-":>9}')
    bare = results['bare']
    lines.append(
        f'{"baseline: bare ZODB commit, 1 thread":<38}{len(bare):>7}'
        f'{sum(bare):>8.2f}{len(bare) / sum(bare):>8.0f}{"-":>7}{0:>8}'
        f'{"-":>9}{"-":>9}')
    lines += ['(units: completed lifecycles, requests or commits; KB/unit: '
              'growth of Data.fs per lifecycle)',
              '', f'{"latency, ms (client side)":<38}{"p50":>8}{"p95":>8}'
                  f'{"p99":>8}{"max":>8}']
    rows = []
    for label, (tally, *_rest), _growth in runs:
        rows.append((label + ': 3 requests', tally['lifecycles']))
        rows += [(f'  POST {kind}', tally['latency'][kind])
                 for kind in ('open', 'resolve', 'close')]
    rows.append(('baseline: GET /api/v1/providers',
                 trivial[0]['latency']['trivial']))
    for label, values in rows:
        values = sorted(values)
        lines.append(f'{label:<38}{ms(percentile(values, 50)):>8.1f}'
                     f'{ms(percentile(values, 95)):>8.1f}'
                     f'{ms(percentile(values, 99)):>8.1f}'
                     f'{ms(max(values)) if values else 0:>8.1f}')
    columns = [(label.replace('lifecycles, ', ''), run)
               for label, run, _growth in runs] + [('baseline', trivial)]
    lines += ['', f'{"CPU during the timed phase":<38}'
                  + ''.join(f'{name[:17]:>18}' for name, _run in columns)]
    lines += cpu_rows(columns)
    for label, (tally, _cpu, _busy, retried, warned), _growth in runs + [
            ('baseline', trivial, 0)]:
        if retried:
            lines.append(f'retries, {label} (step, exception, object): '
                         + ', '.join(f'{step} {exc} {name} x{n}'
                                     for (step, exc, name), n in sorted(
                                         retried.items())))
        errors = collections.Counter(
            (kind, status) for kind, status, _detail, timed in
            tally['errors'] if timed)
        if errors:
            lines.append(f'errors, {label} (step, status): ' + ', '.join(
                f'{kind} {status} x{n}' for (kind, status), n in sorted(
                    errors.items(), key=str)))
            for kind, status, detail, _timed in tally['errors'][:3]:
                lines.append(f'  e.g. {kind} {status}: {detail[:160]}')
        if warned:
            lines.append(f'server warnings, {label}: ' + ', '.join(
                f'{m} x{n}' for m, n in sorted(warned.items())))
    lines.append('')
    lines.append('aggregates a close rewrites (this month\'s buckets, '
                 'after the phase):')
    for label, _run, _growth, sizes in results['phases']:
        lines.append(f'  {label}: ' + '; '.join(
            f'{kind} {mean:.0f} entries (max {top}, {kb:.1f} KB)'
            for kind, (mean, top, kb) in (
                (k, sizes[k]) for k in ('counts', 'all', 'suorite', 'card',
                                        'detail')
                if k in sizes)))
    lines.append('  (mean per object: "counts" per point-month and '
                 'provider; "all", "suorite", "card": the per-minute '
                 'duration histograms of the provider, the type and the '
                 'card; "detail": the per-second durations of one minute '
                 'of one histogram)')
    check = results['check']
    ok = check['aggregate_count'] == check['closed_ok']
    lines += [
        '',
        'afterwards, in the database (warm-up'
        + (' and profiled' if 'profiled' in results else '')
        + ' lifecycles included'
        + (f'; {check["history"]:,} tickets added directly, '
           f'{check["history_missing"]} of them missing'
           if check['history'] else '') + '):',
        f'  ticket ids received {check["received"]}, tickets stored '
        f'{check["in_db"]}; lost {check["lost"]}, received twice '
        f'{check["received_twice"]}, stored twice {check["stored_twice"]}, '
        f'stored but never received {check["unreceived"]}',
        f'  closes acknowledged {check["closed_ok"]}, closed tickets '
        f'stored {check["closed_in_db"]}, acknowledged but not closed '
        f'{check["closed_ok_not_closed"]}; other states '
        f'{check["other_states"] or "none"}',
        f'  report aggregates ({", ".join(check["months"])}): '
        f'sum of by_type counts {check["aggregate_count"]}'
        + (' beyond the added tickets' if check['history'] else '')
        + f' (= closed lifecycles: {"yes" if ok else "NO"}); '
        f'equal to scan_aggregates: '
        f'{"yes" if check["aggregates_equal_scan"] else "NO"}',
        f'  Data.fs {results["data_fs"] / 1024 ** 2:.1f} MB',
    ]
    print('\n'.join(lines), flush=True)
    if 'profile' in results:
        stats, out = results['profile']
        profiled = results['profiled'][0]
        log(f'\n== cProfile of the server threads (thread CPU time): '
            f'{profiled["timed_closed"]} lifecycles in '
            f'{profiled["wall"]:.1f} s (profiled, slower) ==')
        stats.sort_stats('tottime').print_stats(30)
        stats.sort_stats('cumulative').print_stats(60)
        log(out.getvalue())


# -- reports as history grows ---------------------------------------------

def month_list(count):
    year, month = LAST_MONTH
    found = []
    for _ in range(count):
        found.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return found[::-1]


def demo_cards():
    """provider → [(card id, version, types, channels)] of the demo's
    service cards (from the exchange document; not loaded)."""
    from kb import refdata
    from kb.demo import demo_document

    cards = {}
    for card in demo_document()['cards']:
        if card.get('kind') != 'service':
            continue
        types = tuple(s for s in card.get('suoritteet') or ()
                      if s in refdata.allowed_suoritteet(card['provider']))
        if types:
            cards.setdefault(card['provider'], []).append(
                (card['id'], 1, types,
                 tuple(card.get('channels') or ('counter',))))
    return cards


class Filler:
    """Closed tickets in bulk, shaped like ``kb.tickets.generator``."""

    def __init__(self, root, seed, ids=None):
        from kb import refdata
        from kb.directory.tables import directory_of
        from kb.tickets import generator

        self.rng = random.Random(seed)
        self.store = root['tickets']
        self.prices = root['prices']
        self.cards = demo_cards()
        weights = {key: n for key, n in generator.volumes().items()
                   if n and key[1] in self.cards}
        self.pairs = sorted(weights)
        self.cumulative = list(itertools.accumulate(
            weights[pair] for pair in self.pairs))
        points = directory_of(root).points
        self.hours = {point: generator.opening_hours(
            points[point]['opening_hours']) for point in points}
        self.minutes = {code: entry['prices'] for code, entry in
                        refdata.suoritteet().items()}
        self.price_cache = {}
        self.ids = ids

    def month(self, year, month, count, before=None):
        """Add ``count`` tickets opened in that month (before the date
        ``before``)."""
        from kb.tickets.desk import month_of, record
        from kb.tickets.model import Ticket
        from kb.clock import HELSINKI, local, stamp

        rng = self.rng
        first = datetime.date(year, month, 1)
        month_days = [first + datetime.timedelta(n) for n in range(31)
                      if (first + datetime.timedelta(n)).month == month]
        days = {}
        for point, hours in self.hours.items():
            open_days = [d for d in month_days if d.weekday() in hours]
            days[point] = [d for d in open_days
                           if before is None or d < before] or open_days
        pairs = rng.choices(self.pairs, cum_weights=self.cumulative,
                            k=count)
        for point, provider in pairs:
            card_id, version, types, channels = rng.choice(
                self.cards[provider])
            suorite = rng.choice(types)
            day = rng.choice(days[point])
            start, end = self.hours[point][day.weekday()]
            minute = rng.randrange(start, end)
            opened = datetime.datetime.combine(
                day, datetime.time(minute // 60, minute % 60,
                                   rng.randrange(60)),
                tzinfo=HELSINKI)
            minutes = self.minutes[suorite].get(provider, (3, 0))[0] or 3
            work = max(30, int(rng.lognormvariate(math.log(minutes * 60),
                                                  0.5)))
            if rng.random() < 0.04:
                work += rng.randrange(1800, 3600)
            lang = LANG.get(point, 'fi') if rng.random() < 0.6 else 'fi'
            ticket_id = f'{point}-{year:04d}{month:02d}-' \
                        f'{rng.getrandbits(40):010x}'
            ticket = Ticket(ticket_id, point, f'{point}-advisor', provider,
                            card_id, version, rng.choice(channels), lang,
                            stamp(opened), ticket_id, '', types)
            ticket.suorite = suorite
            roll = rng.random()
            ticket.outcome = 'resolved' if roll < 0.85 else (
                'referred' if roll < 0.95 else 'not_resolved')
            resolved = opened + datetime.timedelta(seconds=work)
            ticket.resolved = stamp(resolved)
            ticket.closed = stamp(resolved + datetime.timedelta(
                seconds=rng.randrange(5, 120)))
            ticket.state = 'closed'
            on = local(ticket.closed).date().isoformat()
            key = (provider, suorite, on)
            if key not in self.price_cache:
                found = self.prices.price(provider, suorite, on)
                self.price_cache[key] = str(found[1]) if found else None
            ticket.unit_price = self.price_cache[key]
            self.store.month(point, month_of(opened), create=True).tickets[
                ticket_id] = ticket
            record(self.store, ticket)
            if self.ids is not None:
                self.ids.append(ticket_id)


def timed(call):
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def reports_process(size, args):
    """Build ``size`` tickets, time the reports; JSON to stdout."""
    import transaction

    from kb.tickets.reports import billing, monthly
    from kb.tickets.reports import scan_aggregates

    out = {'size': size}
    with tempfile.TemporaryDirectory(prefix='kb-bench-reports-') as tmp:
        app = make_app(app_settings(tmp))
        db = app.registry._zodb_databases['']
        path = os.path.join(tmp, 'Data.fs')
        try:
            tm = transaction.TransactionManager()
            conn = db.open(transaction_manager=tm)
            root = conn.root()['kb_root']
            filler = Filler(root, seed=size)
            months = month_list(args.months)
            per_month = [size // len(months) + (1 if i < size % len(months)
                                                else 0)
                         for i in range(len(months))]
            built = 0
            start = time.perf_counter()
            stopped = False
            pending = 0
            for (year, month), count in zip(months, per_month):
                while count:
                    chunk = min(count, args.batch - pending)
                    filler.month(year, month, chunk)
                    count -= chunk
                    pending += chunk
                    built += chunk
                    if pending >= args.batch:
                        tm.commit()
                        pending = 0
                        elapsed = time.perf_counter() - start
                        log(f'  {size}: built {built} tickets, '
                            f'{built / elapsed:.0f}/s, Data.fs '
                            f'{os.path.getsize(path) / 1024 ** 2:.0f} MB')
                        if elapsed > args.build_limit:
                            stopped = True
                            break
                if stopped:
                    break
            tm.commit()
            out['built'] = built
            out['build_seconds'] = time.perf_counter() - start
            out['stopped'] = stopped
            out['months'] = f'{months[0][0]}-{months[0][1]:02d}..' \
                            f'{months[-1][0]}-{months[-1][1]:02d}'
            out['data_fs'] = os.path.getsize(path)
            conn.close()
            db.cacheMinimize()
            out['rss_built'] = memory()

            tm = transaction.TransactionManager()
            conn = db.open(transaction_manager=tm)
            store = conn.root()['kb_root']['tickets']
            out['buckets'] = sum(1 for _ in store.months())
            # before the daily upkeep has rolled up the finished months
            monthly(store, REPORT_MONTH)
            out['unrolled'] = [timed(lambda: monthly(store, REPORT_MONTH))[0]
                               for _ in range(3)]
            tm.abort()
            # the upkeep as on the last day of REPORT_MONTH: every month
            # before it rolled up, REPORT_MONTH itself still in progress
            out['rollup_seconds'], out['rollups'] = timed(
                lambda: store.roll_up(REPORT_MONTH))
            tm.commit()
            conn.cacheMinimize()
            busy0, _total = machine_busy()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            # None: the product's own default (bills read counts only)
            calls = {
                'monthly': lambda totals: monthly(
                    store, REPORT_MONTH,
                    **({'totals': totals} if totals else {})),
                'billing': lambda totals: billing(
                    store, REPORT_QUARTER,
                    **({'totals': totals} if totals else {})),
            }
            for name, call in calls.items():
                cold, fast = timed(lambda: call(None))
                tm.abort()
                warm = []
                for _ in range(args.repeat):
                    seconds, fast = timed(lambda: call(None))
                    warm.append(seconds)
                    tm.abort()
                if args.profile:
                    profile = cProfile.Profile()
                    profile.runcall(call, None)
                    tm.abort()
                    text = io.StringIO()
                    pstats.Stats(profile, stream=text).sort_stats(
                        'tottime').print_stats(12)
                    log(f'\n== cProfile of one warm {name} report, {size} '
                        f'tickets ==\n{text.getvalue()}')
                conn.cacheMinimize()
                log(f'  {size}: {name} by scanning every ticket...')
                scan, slow = timed(lambda: call(scan_aggregates))
                tm.abort()
                conn.cacheMinimize()
                out[name] = {'cold': cold, 'warm': warm, 'scan': scan,
                             'same': fast == slow}
                if name == 'monthly':
                    out['month_count'] = sum(
                        r['count'] for r in fast['monthly']['by_type'])
                    out['cumulative_count'] = sum(
                        r['count'] for r in fast['cumulative']['by_type'])
                else:
                    out['quarter_count'] = sum(
                        sum(line['count'] for line in bill['lines'])
                        for bill in fast['bills'])
                    out['bills'] = len(fast['bills'])
            busy1, _total = machine_busy()
            others = (busy1 - busy0) / os.sysconf('SC_CLK_TCK') - (
                time.process_time() - cpu0)
            out['others'] = max(0.0, others / (time.perf_counter() - wall0))
            conn.close()
            out['peak_rss'] = memory()[1]
        finally:
            stop_app(app.registry)
            with contextlib.suppress(Exception):
                db.close()
    print(json.dumps(out), flush=True)


def run_reports(size, args):
    command = [sys.executable, __file__, '--_reports', str(size),
               '--months', str(args.months), '--batch', str(args.batch),
               '--repeat', str(args.repeat), '--build-limit',
               str(args.build_limit)] + (['--profile'] if args.profile
                                         else [])
    child = subprocess.run(command, stdout=subprocess.PIPE, text=True,
                           check=False)
    if child.returncode:
        return {'size': size, 'failed': child.returncode}
    return json.loads(child.stdout.strip().splitlines()[-1])


def reports_report(found, args):
    lines = [
        '',
        f'== reports as history grows: all 5 points, all providers; '
        f'monthly = {REPORT_MONTH} + cumulative January-{REPORT_MONTH[5:]}, '
        f'billing = {REPORT_QUARTER} ==',
        f'{"tickets in the database":<24}{"build":>12}{"Data.fs":>10}'
        f'{"B/ticket":>10}{"buckets":>9}{"peak RSS":>10}{"others":>8}',
    ]
    for item in found:
        if 'failed' in item:
            lines.append(f'{item["size"]:<24,} failed (exit status '
                         f'{item["failed"]})')
            continue
        note = ' (stopped at the build limit)' if item['stopped'] else ''
        lines.append(
            f'{item["built"]:<24,}'
            f'{item["built"] / item["build_seconds"]:>8.0f} t/s'
            f'{item["data_fs"] / 1024 ** 2:>7.0f} MB'
            f'{item["data_fs"] / item["built"]:>10.0f}'
            f'{item["buckets"]:>9}{item["peak_rss"]:>7.0f} MB'
            f'{100 * item["others"]:>7.0f}%{note}')
        lines.append(
            f'  roll-up of the months before {REPORT_MONTH}: '
            f'{item["rollups"]} point-months in '
            f'{item["rollup_seconds"]:.1f} s; monthly report before it '
            f'(every month\'s aggregates merged), warm p50 '
            f'{ms(statistics.median(item["unrolled"])):.1f} ms')
    lines += ['', f'{"report, ms":<30}{"tickets":>10}{"covered":>10}'
                  f'{"cold":>9}{"warm p50":>10}{"warm max":>10}'
                  f'{"scan":>11}{"scan/agg":>10}{"same":>6}']
    for item in found:
        if 'failed' in item:
            continue
        for name, covered in (('monthly', item['cumulative_count']),
                              ('billing', item['quarter_count'])):
            figures = item[name]
            warm = statistics.median(figures['warm'])
            lines.append(
                f'{name:<30}{item["built"]:>10,}{covered:>10,}'
                f'{ms(figures["cold"]):>9.1f}{ms(warm):>10.1f}'
                f'{ms(max(figures["warm"])):>10.1f}'
                f'{ms(figures["scan"]):>11.0f}'
                f'{figures["scan"] / warm:>9.0f}x'
                f'{"yes" if figures["same"] else "NO":>6}')
    lines.append(
        f'("covered": closed tickets the report counts (monthly: the '
        f'cumulative part); warm: median and max of {args.repeat} runs '
        f'after a cold one; scan: once, same connection, cache trimmed '
        f'first; others: CPU used by other processes while timing the '
        f'reports, % of one core)')
    print('\n'.join(lines), flush=True)


# -- main ---------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--clients', type=int, default=16)
    parser.add_argument('--lifecycles', type=int, default=3000)
    parser.add_argument('--sizes', default='100000,1000000',
                        help='comma-separated; empty: skip the reports')
    parser.add_argument('--threads', type=int, default=16,
                        help='waitress worker threads')
    parser.add_argument('--pool-size', type=int, default=0,
                        help='ZODB connection pool size (default: '
                        'ZODB\'s 7, as production.ini)')
    parser.add_argument('--advisors', type=int, default=4,
                        help='advisor users per service point')
    parser.add_argument('--history', type=int, default=40_000,
                        help='then add this many closed tickets to the '
                        'current month and run the lifecycles again '
                        '(0: skip)')
    parser.add_argument('--months', type=int, default=24)
    parser.add_argument('--batch', type=int, default=20_000,
                        help='tickets per commit when building')
    parser.add_argument('--repeat', type=int, default=7)
    parser.add_argument('--build-limit', type=float, default=1200,
                        help='stop building a size after this many s')
    parser.add_argument('--no-lifecycles', action='store_true')
    parser.add_argument('--profile', action='store_true')
    parser.add_argument('--_client', action='store_true',
                        help=argparse.SUPPRESS)
    parser.add_argument('--_reports', type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._client:
        return client_process()
    if args._reports:
        return reports_process(args._reports, args)
    sizes = [int(s) for s in args.sizes.split(',') if s.strip()]
    print('kb ticket log benchmark', flush=True)
    print(machine(), flush=True)
    if not args.no_lifecycles:
        lifecycle_report(args, lifecycle_benchmark(args))
    found = []
    for size in sizes:
        log(f'reports: building {size} tickets...')
        found.append(run_reports(size, args))
    if found:
        reports_report(found, args)
    return None


if __name__ == '__main__':
    main()
