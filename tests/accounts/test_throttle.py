"""Login throttling by name and source (:mod:`kb.accounts.throttle`):
the back-off, the source address, the bounded keys and size, and through
the real app: nobody is locked out from elsewhere, parallel attempts are
counted atomically, anonymous logins cannot grow the database."""
import threading

import pytest
import webtest

from tests.conftest import PASSWORD, make_app

ATTACKER = '192.0.2.66'
USER = '198.51.100.7'


def login(testapp, name, password=PASSWORD, status=200, source=USER,
          **headers):
    csrf = testapp.get('/api/v1/session').json['csrf_token']
    return testapp.post_json(
        '/api/v1/login', {'username': name, 'password': password},
        headers=dict(headers, **{'X-CSRF-Token': csrf}), status=status,
        extra_environ={'REMOTE_ADDR': source})


def test_the_wait_doubles_after_the_free_failures_up_to_the_cap():
    from kb.accounts.throttle import delay
    assert [delay(count, 5) for count in range(4, 12)] == [
        0, 60, 120, 240, 480, 900, 900, 900]
    assert delay(10 ** 6, 5) == 900


@pytest.mark.parametrize('remote, forwarded, proxies, source', [
    ('192.0.2.1', None, 0, '192.0.2.1'),
    ('192.0.2.1', '203.0.113.9', 0, '192.0.2.1'),  # not trusted
    ('10.0.0.2', '198.51.100.1, 203.0.113.9', 1, '203.0.113.9'),
    ('10.0.0.2', '198.51.100.1, 203.0.113.9', 2, '198.51.100.1'),
    ('10.0.0.2', '203.0.113.9', 2, '10.0.0.2'),  # bypassed a proxy
    ('10.0.0.2', 'nonsense', 1, 'unknown'),
    ('2001:db8:1:2:3:4:5:6', None, 0, '2001:db8:1:2::/64'),
    ('::ffff:192.0.2.1', None, 0, '192.0.2.1'),
    (None, None, 0, 'unknown'),
])
def test_the_source_is_the_connection_unless_proxies_are_trusted(
        remote, forwarded, proxies, source):
    from pyramid import testing

    from kb.accounts.throttle import source_of
    request = testing.DummyRequest(remote_addr=remote)
    if forwarded:
        request.headers['X-Forwarded-For'] = forwarded
    assert source_of(request, proxies) == source


def test_keys_are_bounded_and_reveal_nothing_without_the_secret():
    from kb.accounts.throttle import key_of
    key = key_of('secret', 'name', 'x' * 50000, '192.0.2.1')
    assert len(key) == 32 and '192' not in key
    assert key != key_of('other', 'name', 'x' * 50000, '192.0.2.1')


def test_pruning_forgets_old_counts_and_keeps_the_newest():
    from kb.accounts.throttle import LoginFailures
    failures = LoginFailures()
    failures.add('old', '2026-01-01T10:00:00Z')
    for key in 'abcd':
        failures.add(key, f'2026-01-02T09:00:0{"abcd".index(key)}Z')
    assert failures.prune('2026-01-02T10:00:00Z') == 1
    assert failures.prune('2026-01-02T10:00:00Z', keep=2) == 2
    assert list(failures.names) == ['c', 'd'] and failures.size() == 2
    failures.give_back('c', '2026-01-02T10:00:00Z')
    assert list(failures.names) == ['d'] and failures.size() == 1


def test_the_audit_log_takes_a_bounded_number_of_failures_a_day(
        testapp, tokens, database):
    """A crowd of sources failing one user's password cannot fill the
    audit log: it records the first AUDITED failures of a day."""
    from kb.accounts.throttle import AUDITED

    for number in range(AUDITED + 5):
        login(testapp, 'advisor', 'wrong password', 401,
              f'203.0.113.{number}')
    with database as root:
        failed = [entry for _key, entry in root['audit'].items()
                  if entry['action'] == 'login_failed']
    assert len(failed) == AUDITED


def test_a_wrong_password_elsewhere_never_locks_the_user_out(clock, testapp,
                                                             tokens):
    for _ in range(5):
        login(testapp, 'advisor', 'wrong password', 401, ATTACKER)
    refused = login(testapp, 'advisor', PASSWORD, 429, ATTACKER)
    assert refused.json['error'] == 'too_many_attempts'
    assert refused.headers['Retry-After'] == '60'
    login(testapp, 'advisor', source=USER)  # never failed: let in


def test_each_further_failure_doubles_the_wait(clock, testapp, tokens):
    for _ in range(5):
        login(testapp, 'advisor', 'wrong password', 401, ATTACKER)
    clock.advance(59)
    login(testapp, 'advisor', 'wrong password', 429, ATTACKER)
    clock.advance(1)
    login(testapp, 'advisor', 'wrong password', 401, ATTACKER)
    assert login(testapp, 'advisor', PASSWORD, 429,
                 ATTACKER).headers['Retry-After'] == '120'
    clock.advance(120)
    login(testapp, 'advisor', PASSWORD, 200, ATTACKER)
    # the success cleared this source's count for the name
    for _ in range(5):
        login(testapp, 'advisor', 'wrong password', 401, ATTACKER)


def test_one_source_trying_many_names_is_slowed_down(clock, testapp,
                                                     tokens):
    from kb.accounts.throttle import FREE_SOURCE
    for number in range(FREE_SOURCE):
        login(testapp, f'guess{number}', 'x', 401, ATTACKER)
    login(testapp, 'central', PASSWORD, 429, ATTACKER)
    login(testapp, 'central', PASSWORD, 200, USER)


def test_a_proxy_is_trusted_only_when_the_settings_say_so(
        app_settings, tmp_path, tokens, app):
    # NB: tokens made users in ``app``; this app has its own database
    from kb.accounts.users import add_user
    from tests.conftest import Database

    proxied = make_app(dict(app_settings, **{'kb.trusted_proxies': '1'}),
                       tmp_path / 'proxied')
    with Database(proxied) as root:
        add_user(root, proxied.registry, 'test', 'advisor', 'advisor',
                 PASSWORD, None, 'mikkeli')
    for testapp, trusted in ((webtest.TestApp(app), False),
                             (webtest.TestApp(proxied), True)):
        for _ in range(5):
            login(testapp, 'advisor', 'wrong', 401, '10.0.0.2',
                  **{'X-Forwarded-For': ATTACKER})
        # the user behind the same proxy
        login(testapp, 'advisor', PASSWORD, 200 if trusted else 429,
              '10.0.0.2', **{'X-Forwarded-For': USER})


class CountingHasher:
    """The app's password hasher, counting the password checks."""

    def __init__(self, hasher):
        self.hasher = hasher
        self.checks = 0
        self.lock = threading.Lock()

    def verify(self, *args):
        with self.lock:
            self.checks += 1
        return self.hasher.verify(*args)

    def __getattr__(self, name):
        return getattr(self.hasher, name)


def test_parallel_wrong_attempts_reach_the_password_check_five_times(
        app_settings, tmp_path):
    from kb.accounts.throttle import FREE
    from kb.accounts.users import add_user
    from tests.conftest import Database

    # NB: a FileStorage, which resolves conflicts as production does
    app = make_app(dict(app_settings, **{
        'zodbconn.uri': f'file://{tmp_path}/Data.fs'}), tmp_path / 'search')
    with Database(app) as root:
        add_user(root, app.registry, 'test', 'advisor', 'advisor', PASSWORD,
                 None, 'mikkeli')
    hasher = app.registry.password_hasher = CountingHasher(
        app.registry.password_hasher)
    clients = [webtest.TestApp(app) for _ in range(40)]
    tokens = [client.get('/api/v1/session').json['csrf_token']
              for client in clients]
    start = threading.Barrier(len(clients))
    statuses = []

    def attempt(client, csrf):
        start.wait()
        statuses.append(client.post_json(
            '/api/v1/login', {'username': 'advisor', 'password': 'wrong'},
            headers={'X-CSRF-Token': csrf}, expect_errors=True,
            extra_environ={'REMOTE_ADDR': ATTACKER}).status_int)

    threads = [threading.Thread(target=attempt, args=pair)
               for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.registry._zodb_databases[''].close()
    assert hasher.checks <= FREE
    assert sorted(set(statuses)) == [401, 429]
    assert statuses.count(401) == hasher.checks


def test_anonymous_logins_store_nothing_unbounded(testapp, tokens,
                                                  database):
    for number in range(20):
        name = f'{number}' + 'x' * 5000  # NB: webob spools bigger bodies
        login(testapp, name, 'x', 401, f'192.0.2.{number}')
    for number in range(20):
        login(testapp, f'nobody{number}', 'x', 401, f'192.0.2.{number}')
    with database as root:
        names = root['login_failures'].names
        assert len(names) == 40  # a name and a source each, short ones
        assert all(len(key) == 32 for key in names)
        assert not any(entry['action'].startswith('login')
                       for _key, entry in root['audit'].items())


def test_the_counts_are_capped(testapp, tokens, database, monkeypatch):
    from kb.accounts import throttle
    monkeypatch.setattr(throttle, 'MAX_ENTRIES', 10)
    for number in range(12):
        login(testapp, f'nobody{number}', 'x', 401, f'192.0.2.{number}')
    with database as root:
        assert len(root['login_failures'].names) <= 10
        assert root['login_failures'].size() == len(
            root['login_failures'].names)
