"""Starting and stopping the runtime, and the PasteDeploy filter that
starts it in the serving process."""
from pathlib import Path

from pyramid.exceptions import ConfigurationError
import pytest

from tests.cli.conftest import (  # noqa: F401
    database_uri,
    ini,
    kb,
    kb_uninitialised,
)
from tests.conftest import HERE


def names(registry):
    return sorted(registry.workers)


def test_start_runs_the_named_workers_and_stop_stops_them(app, started):
    from kb import runtime

    app.registry.settings['kb.suomifi.endpoint'] = 'http://127.0.0.1:9/'
    app.registry.settings['kb.scheduler.interval'] = '3600'
    workers = started('scheduler', 'indexer', 'push')
    threads = list(workers.values())
    assert names(app.registry) == ['indexer', 'push', 'scheduler']
    assert all(thread.is_alive() and thread.daemon for thread in threads)
    assert app.registry.search_queuer.worker is workers['indexer']
    runtime.stop(app.registry)
    assert not any(thread.is_alive() for thread in threads)
    assert app.registry.search_queuer.worker is None
    assert app.registry.workers == {}


def test_workers_without_their_settings_are_not_started(app, started):
    app.registry.settings['kb.scheduler.interval'] = '0'
    assert started('scheduler', 'push') == {}


def test_an_unknown_worker_is_a_configuration_error(app, started):
    with pytest.raises(ConfigurationError, match='unknown workers: pusher'):
        started('pusher')


def test_the_filter_starts_what_its_options_name(app):
    from kb import runtime

    try:
        assert runtime.runtime_filter(app, {}, prepare='false',
                                      workers='indexer') is app
        assert names(app.registry) == ['indexer']
    finally:
        runtime.stop(app.registry)


@pytest.fixture
def server_ini(request):
    """testing.ini on a database ``kb init`` made (the ``kb`` fixture),
    loaded as a server loads it: the pipeline with the runtime filter."""
    request.getfixturevalue('kb')
    path = Path(request.getfixturevalue('ini'))
    path.write_text(path.read_text().replace(
        'workers = leader scheduler indexer push warm',
        'workers = indexer'))
    return str(path)


def test_the_server_pipeline_starts_the_runtime(server_ini):
    from pyramid.paster import get_app

    from kb import runtime

    app = get_app(server_ini)
    try:
        assert names(app.registry) == ['indexer']
    finally:
        runtime.stop(app.registry)
        app.registry._zodb_databases[''].close()


def test_the_server_refuses_an_uninitialised_database():
    from pyramid.paster import get_app

    from kb.runtime.startup import StartupError

    with pytest.raises(StartupError, match='kb init'):
        get_app(str(Path(HERE, 'testing.ini')))
