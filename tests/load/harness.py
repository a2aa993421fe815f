"""A real server process and the clients that load it: the parts of the
fault and load test (``tests/load/test_fault_load.py``) and of
``bench/bench_load.py``.

:class:`Server` runs ``pserve`` (waitress, the ``runtime`` filter) over a
FileStorage in a folder and kills its process group with SIGKILL.
:class:`Load` runs role threads (:class:`Editor`, :class:`Advisor`,
:class:`Anonymous`) against it; each keeps the writes the server
acknowledged (a 2xx) so that they can be verified after the last
restart (:func:`lost_writes`). A request that meets a server that is down
is not acknowledged: the role waits and picks up from what the server
says next.
"""
import http.client
import itertools
import json
import os
from pathlib import Path
import random
import re
import signal
import socket
import string
import subprocess
import sys
import threading
import time

from tests.conftest import HERE, PASSWORD, card_body

API = '/api/v1'
#: The card the advisors serve customers with (published).
ADVICE_CARD = 'kela-kuormakortti'
#: Seconds a role waits before it tries again when the server is down.
DOWN_PAUSE = 0.2
#: Seconds a request may take before the client gives up on it.
TIMEOUT = 60
#: The ticket states in the order a ticket goes through them.
TICKET_STATES = ('open', 'resolved', 'closed')


class Down(Exception):
    """The server did not answer (killed, restarting): nothing was
    acknowledged."""


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def server_ini(folder, port, threads=4, tree=HERE):
    """testing.ini of the code in ``tree`` on a FileStorage in
    ``folder``, with a waitress server section (testing.ini logs warnings
    to the server's log) and production's ``retry.attempts``: under load
    a request is retried on conflicts as production retries it."""
    text = Path(tree, 'testing.ini').read_text()
    attempts = re.search(r'^retry\.attempts = (\d+)$',
                         Path(tree, 'production.ini').read_text(), re.M)
    text = re.sub(r'^retry\.attempts = \d+$',
                  f'retry.attempts = {attempts.group(1)}', text, flags=re.M)
    text = text.replace('memory://', f'file://{folder}/Data.fs')
    text = text.replace('%(here)s/var/test-search', f'{folder}/search')
    text = text.replace('%(here)s', str(tree))
    text += f"""
[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
threads = {threads}
"""
    path = Path(folder, 'load.ini')
    path.write_text(text)
    return str(path)


def prepare_database(ini, editors=0, advisors=0):
    """``kb init``, the published cards and the users with their API
    tokens, in this process (before any server opens the file).

    :returns: ``{user name: token}``; ``central`` approves; editors
        ``vero-editor-N`` each own the card ``vero-kuorma-N``; advisors
        ``advisor-N`` work at Mikkeli.
    """
    import io

    from pyramid.paster import bootstrap

    from kb.accounts.users import add_user, issue_token
    from kb.cards.exchange import import_cards, validate_document
    from kb.cards.versioning import Versioning
    from kb.cli import main

    err = io.StringIO()
    assert main(['kb', '-c', ini, 'init'], stdout=io.StringIO(),
                stderr=err) == 0, err.getvalue()
    cards = [card_body(ADVICE_CARD)] + [
        card_body(f'vero-kuorma-{number}', 'vero')
        for number in range(1, editors + 1)]
    users = [('central', 'central_editor', None, None)]
    users += [(f'vero-editor-{number}', 'provider_editor', 'vero', None)
              for number in range(1, editors + 1)]
    users += [(f'advisor-{number}', 'advisor', None, 'mikkeli')
              for number in range(1, advisors + 1)]
    env = bootstrap(f'{ini}#kb')
    tokens = {}
    try:
        with env['request'].tm:
            root, registry = env['root'], env['registry']
            document = {'format': 'kb-cards/1', 'cards': cards}
            import_cards(root, Versioning(registry, 'import'),
                         validate_document(root, document), publish=True)
            for name, role, provider, point in users:
                user = add_user(root, registry, 'test', name, role,
                                PASSWORD, provider, point)
                tokens[name] = issue_token(root, registry, 'test', user)
    finally:
        env['closer']()
        env['registry']._zodb_databases[''].close()
    return tokens


class Server:
    """``pserve INI`` in a process group of its own; its output goes to
    ``server.log`` beside the ini (appended across restarts)."""

    def __init__(self, ini, port):
        self.ini, self.port = ini, port
        self.log = Path(ini).with_name('server.log')
        self.process = None
        self.starts = 0

    @property
    def data_fs(self):
        return Path(self.ini).with_name('Data.fs')

    def start(self, timeout=120):
        """Start the server and wait until it answers."""
        pserve = Path(sys.executable).with_name('pserve')
        # NB: no coverage tracing in the server (slow, and a killed
        # process writes no data anyway)
        environ = {key: value for key, value in os.environ.items()
                   if not key.startswith(('COV_CORE_', 'COVERAGE_'))}
        with open(self.log, 'a') as log:
            self.process = subprocess.Popen(
                [str(pserve), self.ini], stdout=log, stderr=log,
                start_new_session=True, env=environ, cwd=HERE)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'the server exited:\n{self.log_tail()}')
            try:
                status, _ = request(self.port, 'GET', f'{API}/session')
                if status == 200:
                    return
            except Down:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f'the server did not answer:\n{self.log_tail()}')

    def warm(self):
        """Search for what is not there (the fuzzy stage loads its data,
        seconds) and render the public pages once, as a server running
        for a while has done."""
        for path in (f'{API}/search?lang=fi&q=qzxv',
                     f'{API}/search?lang=fi&q=qzxvkwjy', '/search?q=qzxv',
                     f'/services/{ADVICE_CARD}'):
            status, _ = request(self.port, 'GET', path)
            assert status == 200, f'{path}: {status}\n{self.log_tail()}'

    def kill(self):
        """SIGKILL the whole process group, as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """SIGTERM, then SIGKILL if it does not end in 20 s."""
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self):
        return self.log.read_text(errors='replace')

    def log_tail(self, lines=40):
        return '\n'.join(self.log_text().splitlines()[-lines:])


def pack(data_fs):
    """Pack the FileStorage (the server stopped) and return its size:
    the database's current state, without the old revisions."""
    import ZODB
    from ZODB.FileStorage import FileStorage

    db = ZODB.DB(FileStorage(str(data_fs)))
    try:
        db.pack()
    finally:
        db.close()
    return data_fs.stat().st_size


def request(port, method, path, body=None, headers=()):
    """One request on a new connection: ``(status, response)``.

    :raises Down: if the server does not answer.
    """
    data = None if body is None else json.dumps(body).encode()
    head = {'Content-Type': 'application/json', **dict(headers)}
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=TIMEOUT)
    try:
        conn.request(method, path, data, head)
        response = conn.getresponse()
        response.text = response.read()
        return response.status, response
    except (OSError, http.client.HTTPException) as exc:
        raise Down(str(exc)) from exc
    finally:
        conn.close()


class Stats:
    """What every role saw, shared by the threads of one load."""

    def __init__(self):
        self.lock = threading.Lock()
        #: role → [seconds] of answered requests
        self.latencies = {}
        #: ``(role, method, path, status, body)`` of every 5xx that is
        #: not a 503 with Retry-After
        self.errors = []
        #: ``(role, method, path, status, body)`` of answers the role
        #: does not expect (a harness bug, or a server one)
        self.unexpected = []
        self.downs = 0
        #: bytes the anonymous clients sent as user names
        self.name_bytes = 0

    def answered(self, role, seconds):
        with self.lock:
            self.latencies.setdefault(role, []).append(seconds)

    def note(self, kind, *item):
        with self.lock:
            getattr(self, kind).append(item)


class Role:
    """One client in a thread: :meth:`step` is one unit of work, run
    until the load stops. ``acked`` keeps what the server acknowledged.

    :param expected: the 4xx statuses this role may meet (anything else
        is noted as unexpected).
    """

    expected = (409, 429)

    def __init__(self, port, stats, token=None, name=None):
        self.port, self.stats, self.name = port, stats, name
        self.headers = {'Authorization': f'Bearer {token}'} if token else {}
        self.acked = []
        self.random = random.Random(name)

    @property
    def role(self):
        return type(self).__name__.lower()

    def call(self, method, path, body=None, expect=None):
        """``(status, json)``; 5xx and unexpected answers are noted.

        :raises Down: if the server does not answer.
        """
        started = time.perf_counter()
        status, response = request(self.port, method, path, body,
                                   self.headers)
        self.stats.answered(self.role, time.perf_counter() - started)
        item = (self.role, method, path, status, response.text[:300])
        if status >= 500 and not (
                status == 503 and response.getheader('Retry-After')):
            self.stats.note('errors', *item)
        elif 400 <= status < 500 and status not in (expect or
                                                    self.expected):
            self.stats.note('unexpected', *item)
        self.cookie(response)
        try:
            return status, json.loads(response.text or b'null')
        except ValueError:
            return status, None

    def cookie(self, response):
        """Keep a session cookie (anonymous clients)."""

    def run(self, stop, steps=None):
        """Step until ``stop`` is set, or ``steps`` times."""
        done = 0
        while not stop.is_set() and done != steps:
            try:
                self.step()
                done += 1
            except Down:
                with self.stats.lock:
                    self.stats.downs += 1
                time.sleep(DOWN_PAUSE)


class Editor(Role):
    """A provider editor looping save → submit on a card of their own;
    the central editor approves it (``approver``: a token)."""

    def __init__(self, port, stats, token, name, card, approver):
        super().__init__(port, stats, token, name)
        self.card = card
        self.approver = {'Authorization': f'Bearer {approver}'}
        self.saves = itertools.count(1)

    def step(self):
        url = f'{API}/cards/{self.card}'
        status, card = self.call('GET', url)
        if status != 200:
            return
        if card['state'] in ('draft', 'published'):
            title = f'Kuormatesti {self.name} {next(self.saves)}'
            body = card_body(self.card, 'vero',
                             base_version=card['head_version'])
            body['content']['fi']['title'] = title
            status, saved = self.call('PUT', url, body)
            if status != 200:
                return
            self.acked.append(('save', saved['version'], title))
            status, moved = self.call('POST', f'{url}/transitions',
                                      {'transition': 'submit'})
            if status == 200:
                self.acked.append(('submit', saved['version'], None))
        elif card['state'] == 'central_review':
            own, self.headers = self.headers, self.approver
            try:
                status, moved = self.call('POST', f'{url}/transitions',
                                          {'transition': 'approve'})
            finally:
                self.headers = own
            if status == 200:
                self.acked.append(('approve', moved['published_version'],
                                   None))


class Advisor(Role):
    """An advisor serving customers: open → resolve → close a ticket;
    every fifth customer's card gets a flag."""

    def __init__(self, port, stats, token, name):
        super().__init__(port, stats, token, name)
        self.customers = itertools.count(1)

    def step(self):
        customer = next(self.customers)
        status, ticket = self.call('POST', f'{API}/tickets', {
            'card': ADVICE_CARD, 'channel': 'counter', 'lang': 'fi'})
        if status != 201:
            return
        self.acked.append(('ticket', ticket['id'], 'open'))
        url = f"{API}/tickets/{ticket['id']}"
        status, _ = self.call('POST', f'{url}/resolve', {
            'suorite': ticket['allowed_suoritteet'][0],
            'outcome': 'resolved'})
        if status != 200:
            return
        self.acked.append(('ticket', ticket['id'], 'resolved'))
        status, _ = self.call('POST', f'{url}/close')
        if status != 200:
            return
        self.acked.append(('ticket', ticket['id'], 'closed'))
        if customer % 5 == 0:
            status, flag = self.call(
                'POST', f'{API}/cards/{ADVICE_CARD}/flags',
                {'reason': 'unclear', 'comment': f'Kuorma {customer}'})
            if status == 201:
                self.acked.append(('flag', flag['id'], flag['provider']))


class Anonymous(Role):
    """Someone without an account: failed logins with long random names
    (``name_length`` characters), searches, public pages."""

    #: Any refusal is fine for an attacker's requests; only 5xx count.
    expected = tuple(range(400, 500))

    def __init__(self, port, stats, name, name_length=64):
        super().__init__(port, stats, None, name)
        self.name_length = name_length
        self.session = None

    def cookie(self, response):
        header = response.getheader('Set-Cookie')
        if header:
            self.headers['Cookie'] = header.split(';', 1)[0]

    def word(self, length):
        return ''.join(self.random.choices(string.ascii_lowercase, k=length))

    def step(self):
        status, session = self.call('GET', f'{API}/session')
        if status != 200:
            return
        self.headers['X-CSRF-Token'] = session['csrf_token']
        name = self.word(self.name_length)
        self.call('POST', f'{API}/login',
                  {'username': name, 'password': self.word(12)})
        with self.stats.lock:
            self.stats.name_bytes += len(name)
        self.call('GET', f'{API}/search?lang=fi&q={self.word(8)}')
        self.call('GET', f'/search?q={self.word(8)}')
        self.call('GET', f'/services/{ADVICE_CARD}')


class Load:
    """Role threads over one server; ``with Load(roles):`` runs them
    until the block ends."""

    def __init__(self, roles, steps=None):
        self.roles = roles
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=role.run,
                                         args=(self.stop, steps),
                                         daemon=True) for role in roles]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.join()

    def join(self):
        for thread in self.threads:
            thread.join(TIMEOUT + 10)


def make_roles(server, stats, editors, advisors, anonymous):
    """The role clients over ``server`` (its ``tokens`` from
    :func:`prepare_database`)."""
    tokens = server.tokens
    made = [Editor(server.port, stats, tokens[f'vero-editor-{n}'],
                   f'vero-editor-{n}', f'vero-kuorma-{n}', tokens['central'])
            for n in range(1, editors + 1)]
    made += [Advisor(server.port, stats, tokens[f'advisor-{n}'],
                     f'advisor-{n}') for n in range(1, advisors + 1)]
    made += [Anonymous(server.port, stats, f'anonymous-{n}')
             for n in range(1, anonymous + 1)]
    return made


def lost_writes(port, roles, central):
    """Acknowledged writes that the server does not show now.

    :param central: a central editor's token (reads the flag queue).
    :returns: ``[description]``, empty if nothing was lost.
    """
    reader = Role(port, Stats(), central, 'verifier')
    status, queue = reader.call('GET', f'{API}/flags?state=all')
    assert status == 200, queue
    flags = {(flag['provider'], flag['id']) for flag in queue['items']}
    lost = []
    for role in roles:
        for kind, key, value in role.acked:
            lost.extend(f'{role.name}: {problem}' for problem in
                        LOST[kind](reader, role, key, value, flags))
    return lost


def lost_ticket(reader, role, ticket_id, state, flags):
    reader.headers = role.headers
    status, ticket = reader.call('GET', f'{API}/tickets/{ticket_id}')
    if status != 200:
        return [f'ticket {ticket_id} ({state}): {status}']
    if TICKET_STATES.index(ticket['state']) < TICKET_STATES.index(state):
        return [f'ticket {ticket_id} was {state}, is {ticket["state"]}']
    return []


def lost_save(reader, role, version, title, flags):
    reader.headers = role.headers
    status, card = reader.call('GET',
                               f'{API}/cards/{role.card}?version={version}')
    if status != 200:
        return [f'{role.card} version {version}: {status}']
    if card['content']['fi']['title'] != title:
        return [f'{role.card} version {version} is '
                f'{card["content"]["fi"]["title"]!r}, was {title!r}']
    return []


def lost_submit(reader, role, version, value, flags):
    reader.headers = role.headers
    status, card = reader.call('GET', f'{API}/cards/{role.card}')
    if (card['published_version'] or 0) >= version or (
            card['state'] == 'central_review' and
            card['working_version'] == version):
        return []
    return [f'{role.card} version {version} was submitted, the card is '
            f'{card["state"]} at {card["version"]}']


def lost_approve(reader, role, version, value, flags):
    reader.headers = role.headers
    status, card = reader.call('GET', f'{API}/cards/{role.card}')
    if (card['published_version'] or 0) >= version:
        return []
    return [f'{role.card} version {version} was published, the card '
            f'publishes {card["published_version"]}']


def lost_flag(reader, role, flag_id, provider, flags):
    if (provider, flag_id) in flags:
        return []
    return [f'flag {provider}/{flag_id}']


#: kind of acknowledged write → its check
LOST = {'ticket': lost_ticket, 'save': lost_save, 'submit': lost_submit,
        'approve': lost_approve, 'flag': lost_flag}
