"""The access log: one line per request, without the query string, with
the client's address as login throttling counts it."""
import logging

import pytest


@pytest.fixture
def access(caplog):
    """The messages of the ``kb.access`` logger."""
    caplog.set_level(logging.INFO, logger='kb.access')
    return lambda: [record.getMessage() for record in caplog.records
                    if record.name == 'kb.access']


def test_one_line_per_request_without_the_query(testapp, access):
    response = testapp.get('/healthz?q=Matti+Meik%C3%A4l%C3%A4inen',
                           extra_environ={'REMOTE_ADDR': '203.0.113.9'})
    method, path, status, duration, size, client = access()[0].split()
    assert (method, path, status, size, client) == (
        'GET', '/healthz', '200', str(len(response.body)), '203.0.113.9')
    assert duration.endswith('ms')
    assert len(access()) == 1


def test_the_client_is_the_one_the_trusted_proxy_saw(app, testapp, access):
    app.registry.settings['kb.trusted_proxies'] = '1'
    testapp.get('/nothing-here', status=404,
                headers={'X-Forwarded-For': '198.51.100.7, 192.0.2.1'},
                extra_environ={'REMOTE_ADDR': '127.0.0.1'})
    assert access()[0].split()[2::3] == ['404', '192.0.2.1']


def test_a_path_cannot_write_a_line_of_its_own(testapp, access):
    testapp.get('/x%0AGET%20/forged%20200', status=404)
    assert access()[0].split()[:3] == ['GET', '/x%0AGET%20/forged%20200',
                                       '404']
