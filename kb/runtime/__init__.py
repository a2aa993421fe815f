"""The serving process's lifecycle: start-up preparation and the worker
threads, started by the serving process only.

The app factory (:func:`kb.main`) only configures. The PasteDeploy
filter ``egg:kb#runtime`` (:func:`runtime_filter`) in front of the app
calls :func:`start` when the server loads the pipeline, with options
that switch the preparation and each worker on or off per process::

    [filter:runtime]
    use = egg:kb#runtime
    prepare = true
    workers = leader scheduler indexer push warm

``leader`` takes and renews the lease that elects the one node that
runs the once-jobs and the Suomi.fi push (:mod:`kb.runtime.leader`);
it takes the lease once before the preparation. ``warm`` warms the
search up (:mod:`kb.runtime.warmup`); ``/readyz`` answers 503 until it
has finished (without it, at once). ``kb`` commands and tests load the
app section alone, so they start nothing.
"""
from pyramid.exceptions import ConfigurationError
from pyramid.settings import asbool

from kb.runtime import leader, startup
from kb.runtime.scheduler import Scheduler
from kb.runtime.warmup import WarmUp
from kb.search.queue import Worker
from kb.suomifi import push


def start_leader(db, registry):
    """The leader lease's renewal (made by :func:`start`)."""
    return registry.leader


def start_scheduler(db, registry):
    """The scheduler, unless ``kb.scheduler.interval`` is 0."""
    interval = int(registry.settings['kb.scheduler.interval'])
    return Scheduler(db, registry, interval) if interval > 0 else None


def start_indexer(db, registry):
    """The indexer: follows the search change log in the background, after
    each commit of this node and every ``kb.search.follow_interval``
    seconds (default 0.5) for the other nodes' changes (without it each
    commit follows the log itself)."""
    queuer = registry.search_queuer
    worker = Worker(queuer.follow, float(
        registry.settings.get('kb.search.follow_interval', 0.5)))
    queuer.worker = worker
    return worker


def start_push(db, registry):
    """The Suomi.fi push, if ``kb.suomifi.endpoint`` is set."""
    return push.make_worker(registry)


def start_warm(db, registry):
    """The warm-up: one search per language before ``/readyz`` says
    ready."""
    return WarmUp(db, registry)


#: worker name → ``factory(db, registry)`` returning a thread or None
WORKERS = {
    'leader': start_leader,
    'scheduler': start_scheduler,
    'indexer': start_indexer,
    'push': start_push,
    'warm': start_warm,
}


def start(registry, prepare=True, workers=tuple(WORKERS)):
    """Check the database, prepare it (if ``prepare``) and start the
    named workers; ``registry.workers`` maps the names of those started
    to their threads.

    :raises kb.runtime.startup.StartupError: if the database is not
        initialised or not upgraded.
    :raises ConfigurationError: for an unknown worker name.
    """
    unknown = sorted(set(workers) - set(WORKERS))
    if unknown:
        raise ConfigurationError(f'unknown workers: {", ".join(unknown)}')
    db = registry._zodb_databases['']
    startup.check_database(db, registry)
    registry.leader = None
    if 'leader' in workers:
        registry.leader = leader.make(db, registry)
        # NB: the once-jobs at start run only on the node that leads
        registry.leader.take()
    if prepare:
        # NB: the publish_due job logs what went live
        startup.prepare(db, registry)
    registry.workers = {}
    # NB: a process started without the warm-up is as warm as it gets
    registry.warm = 'warm' not in workers
    for name in workers:
        thread = WORKERS[name](db, registry)
        if thread is not None:
            thread.start()
            registry.workers[name] = thread
    return registry.workers


def stop(registry, timeout=30):
    """Stop the workers :func:`start` started and wait for them (the
    indexer applies what it holds first)."""
    threads = getattr(registry, 'workers', {})
    for thread in threads.values():
        thread.stop()
    for thread in threads.values():
        thread.join(timeout=timeout)
    if 'indexer' in threads:
        registry.search_queuer.worker = None
    registry.workers = {}
    registry.leader = None


def runtime_filter(app, global_conf, prepare='true',
                   workers=' '.join(WORKERS)):
    """PasteDeploy filter factory: start the runtime for ``app`` (a
    pass-through filter; the app serves as it is)."""
    start(app.registry, prepare=asbool(prepare), workers=workers.split())
    return app
