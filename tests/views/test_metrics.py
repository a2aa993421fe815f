"""``/metrics``: what a scrape answers after requests, searches, closed
tickets and failed pushes, and who may scrape (the token, else this host
alone and not through the proxy)."""
from prometheus_client.parser import text_string_to_metric_families
import pytest
import webtest

from tests.conftest import make_app
from tests.suomifi.ptv_server import PTVServer
from tests.tickets.test_lifecycle import OPEN

LOCAL = {'REMOTE_ADDR': '127.0.0.1'}
TOKEN = 'metrics-token-' + 'x' * 32


def scrape(testapp, status=200, headers=None, environ=LOCAL):
    return testapp.get('/metrics', headers=headers or {},
                       extra_environ=environ, status=status)


def samples(testapp):
    """(name, labels) → value of every sample a scrape answers."""
    response = scrape(testapp)
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples}


def value(testapp, name, **labels):
    return samples(testapp).get((name, tuple(sorted(labels.items()))))


def test_a_scrape_answers_the_prometheus_text_format(testapp):
    response = scrape(testapp)
    assert response.headers['Content-Type'].startswith(
        'text/plain; version=')
    assert response.headers['Cache-Control'] == 'no-store'
    assert 'Set-Cookie' not in response.headers
    names = {family.name for family in
             text_string_to_metric_families(response.text)}
    assert names >= {
        'kb_request_duration_seconds', 'kb_search_duration_seconds',
        'kb_index_lag_seconds', 'kb_change_log_entries', 'kb_node_warm',
        'kb_tickets_closed', 'kb_suomifi_push_failures'}


def test_requests_are_timed_by_route_name_never_by_path(testapp):
    testapp.get('/api/v1/providers')
    testapp.get('/api/v1/providers/kela')
    testapp.get('/no/such/address', status=404)
    testapp.get('/static/base/no-such-file.css', status=404)
    found = samples(testapp)
    count = 'kb_request_duration_seconds_count'
    assert found[(count, (('route', 'api.providers'),))] == 1
    assert found[(count, (('route', 'api.provider'),))] == 1
    assert found[(count, (('route', 'unmatched'),))] == 1
    assert found[(count, (('route', 'static'),))] == 1
    assert not [labels for _name, labels in found
                if any('/' in value for _key, value in labels)]


def test_searches_are_timed(testapp):
    assert value(testapp, 'kb_search_duration_seconds_count') == 0
    testapp.get('/api/v1/search', params={'q': 'asumistuki', 'lang': 'fi'})
    assert value(testapp, 'kb_search_duration_seconds_count') == 1


def test_closed_tickets_are_counted(as_user, published_card, testapp):
    published_card(suoritteet=['neuvonta_lyhyt'])
    advisor = as_user('advisor')
    url = '/api/v1/tickets/' + advisor.post('/api/v1/tickets',
                                            OPEN, status=201).json['id']
    advisor.post(f'{url}/close', {}, status=409)  # not resolved yet
    advisor.post(f'{url}/resolve', {'suorite': 'neuvonta_lyhyt',
                                    'outcome': 'resolved'})
    assert value(testapp, 'kb_tickets_closed_total') == 0
    advisor.post(f'{url}/close', {})
    assert value(testapp, 'kb_tickets_closed_total') == 1


def test_failed_pushes_are_counted(app, published_card, testapp, clock):
    from kb.suomifi.push import make_worker

    published_card()
    with PTVServer() as ptv:
        app.registry.settings['kb.suomifi.endpoint'] = ptv.url
        app.registry.settings['kb.suomifi.token'] = ptv.token
        ptv.fail_next = [(503, {'message': 'down'})]
        make_worker(app.registry).pusher.push_due()
    assert value(testapp, 'kb_suomifi_push_failures_total',
                 outcome='retrying') == 1


def test_index_lag_and_change_log_are_read_at_scrape_time(app, testapp,
                                                          database):
    before = value(testapp, 'kb_change_log_entries')
    assert value(testapp, 'kb_index_lag_seconds') == 0
    now = app.registry.search_queuer.clock()
    with database as root:  # logged by another node, not applied here
        root['search_changes'].add(['card:kela-x'], now - 90 * 10 ** 9)
        root['search_changes'].add(['card:kela-y'], now)
    assert value(testapp, 'kb_change_log_entries') == before + 2
    assert value(testapp, 'kb_index_lag_seconds') >= 90


def test_a_database_that_does_not_answer_leaves_its_gauges_out(
        testapp, db):
    db.close()
    found = {name for name, _labels in samples(testapp)}
    assert 'kb_node_warm' in found
    assert 'kb_index_lag_seconds' not in found


def test_the_warm_up_shows(app, started, testapp):
    assert value(testapp, 'kb_node_warm') == 0
    started('warm')
    app.registry.workers['warm'].join()
    assert value(testapp, 'kb_node_warm') == 1


# -- who may scrape -------------------------------------------------------

@pytest.mark.parametrize('address', ['127.0.0.1', '127.0.0.2', '::1',
                                     '::ffff:127.0.0.1'])
def test_without_a_token_this_host_may_scrape(testapp, address):
    scrape(testapp, environ={'REMOTE_ADDR': address})


@pytest.mark.parametrize('environ, headers', [
    ({'REMOTE_ADDR': '203.0.113.9'}, {}),
    ({}, {}),
    (LOCAL, {'X-Forwarded-For': '203.0.113.9'}),
    (LOCAL, {'Forwarded': 'for=203.0.113.9'}),
    (LOCAL, {'X-Real-IP': '203.0.113.9'}),
])
def test_without_a_token_others_and_the_proxy_are_refused(
        testapp, environ, headers):
    refused = scrape(testapp, 403, headers, environ).json
    assert refused['error'] == 'forbidden'


def test_without_a_token_a_user_elsewhere_is_refused(testapp, tokens):
    headers = {'Authorization': f"Bearer {tokens['admin']}"}
    scrape(testapp, 403, headers, {'REMOTE_ADDR': '203.0.113.9'})


@pytest.fixture
def guarded(app, testapp):
    app.registry.settings['kb.metrics.token'] = TOKEN
    return testapp


def test_with_a_token_its_bearer_may_scrape_from_anywhere(guarded):
    scrape(guarded, headers={'Authorization': f'Bearer {TOKEN}',
                             'X-Forwarded-For': '203.0.113.9'},
           environ={'REMOTE_ADDR': '203.0.113.10'})


@pytest.mark.parametrize('token', [None, TOKEN[:-1], TOKEN + 'x', 'kb_x'])
def test_with_a_token_any_other_is_unauthorized_even_here(guarded, token):
    headers = {'Authorization': f'Bearer {token}'} if token else {}
    refused = scrape(guarded, 401, headers)
    assert refused.json['error'] == 'unauthorized'


def test_with_a_token_a_users_token_is_unauthorized(guarded, tokens):
    headers = {'Authorization': f"Bearer {tokens['admin']}"}
    refused = scrape(guarded, 401, headers)
    assert refused.headers['WWW-Authenticate'] == 'Bearer'


def test_the_metrics_token_is_no_user_token(guarded):
    headers = {'Authorization': f'Bearer {TOKEN}'}
    guarded.get('/api/v1/users', headers=headers, status=401)


def test_the_environment_gives_the_token(app_settings, tmp_path,
                                         monkeypatch):
    monkeypatch.setenv('KB_METRICS_TOKEN', TOKEN)
    app = make_app(dict(app_settings, **{'kb.metrics.token': 'from-ini'}),
                   tmp_path / 'search')
    testapp = webtest.TestApp(app)
    scrape(testapp, headers={'Authorization': f'Bearer {TOKEN}'})
    scrape(testapp, 401, {'Authorization': 'Bearer from-ini'})
