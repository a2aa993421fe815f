"""Browser-test fixtures: one server and one Chromium per test session,
a fresh browser context (no cookies) per test.

Every test under ``tests/browser/`` is marked ``browser``; deselect them
with ``-m 'not browser'``.
"""
from pathlib import Path

from playwright.sync_api import sync_playwright
from pyramid.paster import get_appsettings
import pytest
import webtest
from webtest.http import StopableWSGIServer

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    demo_ini,
    kb_command,
    watch_errors,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # NB: one xdist worker runs them all, so the session's demo
            # server and Chromium are made once
            item.add_marker(pytest.mark.xdist_group('browser'))


@pytest.fixture(scope='session')
def live_app(tmp_path_factory):
    """The app over a FileStorage database with the demo content, demo
    users, pilot-shaped tickets and the packs of March 2015."""
    from kb import main, runtime

    ini = demo_ini(tmp_path_factory.mktemp('browser-db'))
    kb_command(ini, 'init')
    kb_command(ini, 'demo')
    kb_command(ini, 'demo', 'tickets')
    kb_command(ini, 'report', 'packs', 'make', '--month', '2015-03')
    app = main({}, **get_appsettings(ini, name='kb'))
    # the serving process's start-up, without its threads
    runtime.start(app.registry, workers=())
    # NB: the first search of a process loads the Finnish analyser and the
    # posting arrays (seconds on a loaded machine); do it before the flows
    # start their timers, as a running server would have done long ago
    webtest.TestApp(app).get('/api/v1/search',
                             {'q': 'ajokorttiin', 'lang': 'fi'})
    yield app
    app.registry._zodb_databases[''].close()


@pytest.fixture(scope='session')
def live_server(live_app):
    """``live_app`` on a free loopback port; yields its base URL (no
    trailing slash)."""
    # NB: the socket listens from here on; requests wait in its backlog
    # until the server thread serves them
    server = StopableWSGIServer.create(live_app, host='127.0.0.1',
                                       threads=4)
    yield server.application_url.rstrip('/')
    server.shutdown()


@pytest.fixture(scope='session')
def browser():
    """Headless Debian Chromium; Playwright gives it a fresh, temporary
    user-data directory."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a new context (no cookies) whose relative URLs go to
    the test server; Finnish browser, 1280×800. The test fails if a
    script fails or the CSP blocks something on any page it visits."""
    context = browser.new_context(base_url=live_server, locale='fi-FI',
                                  viewport={'width': 1280, 'height': 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    context.close()
    assert not errors, 'errors in the browser:\n' + '\n'.join(errors)
