"""Behind the TLS proxy of production.ini: waitress's proxy settings make
request URLs https:// (sitemap, robots.txt), and the client address
they give agrees with ``kb.trusted_proxies`` (login throttling, the
access log)."""
import configparser
import logging
import os
import re

import pytest
from waitress.adjustments import Adjustments
from waitress.proxy_headers import proxy_headers_middleware
import webtest

from tests.conftest import HERE

PROXY_HEADERS = {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'palvelukortit.example.fi',
    # NB: the first address is the client's to forge; the proxy appends
    'X-Forwarded-For': '10.9.9.9, 192.0.2.1',
}


def production():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(HERE, 'production.ini'))
    return parser


@pytest.fixture
def served(app, caplog):
    """``app`` with production.ini's ``kb.trusted_proxies``, wrapped as
    waitress wraps it with production.ini's ``[server:main]``."""
    config = production()
    app.registry.settings['kb.trusted_proxies'] = \
        config['app:kb']['kb.trusted_proxies']
    server = dict(config['server:main'])
    del server['use']
    adj = Adjustments(**server)
    caplog.set_level(logging.INFO, logger='kb.access')
    return webtest.TestApp(proxy_headers_middleware(
        app, trusted_proxy=adj.trusted_proxy,
        trusted_proxy_count=adj.trusted_proxy_count,
        trusted_proxy_headers=adj.trusted_proxy_headers,
        clear_untrusted=adj.clear_untrusted_proxy_headers))


def client_logged(caplog):
    return [record.getMessage().split()[-1] for record in caplog.records
            if record.name == 'kb.access']


def test_behind_the_proxy_urls_are_https(served, caplog):
    robots = served.get('/robots.txt', headers=PROXY_HEADERS,
                        extra_environ={'REMOTE_ADDR': '127.0.0.1'})
    assert 'Sitemap: https://palvelukortit.example.fi/sitemap.xml' in \
        robots.text
    assert client_logged(caplog) == ['192.0.2.1']


def test_another_peer_cannot_claim_to_be_the_proxy(served, caplog):
    robots = served.get('/robots.txt', headers=PROXY_HEADERS,
                        extra_environ={'REMOTE_ADDR': '198.51.100.4'})
    assert 'Sitemap: http://localhost/sitemap.xml' in robots.text
    assert client_logged(caplog) == ['198.51.100.4']


def test_the_sitemap_follows_the_url_scheme(testapp):
    sitemap = testapp.get('/sitemap.xml',
                          extra_environ={'wsgi.url_scheme': 'https'})
    locations = re.findall(r'<loc>([^<]*)</loc>', sitemap.text)
    assert locations
    assert all(url.startswith('https://') for url in locations)
