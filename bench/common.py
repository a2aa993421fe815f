"""Helpers shared by the benchmarks (not a benchmark itself)."""
import platform

import kb
from kb import runtime
from kb.resources import own_root
from kb.runtime.initdb import create


def cpu_model():
    with open('/proc/cpuinfo', encoding='utf-8') as cpuinfo:
        for line in cpuinfo:
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    return platform.processor() or 'unknown'


def kb_root(db):
    """The application root in a connection of its own; commits on exit."""
    return own_root(db)


def make_app(settings):
    """``kb.main`` over a database ``kb init`` made, prepared as the
    serving process prepares it, without its worker threads."""
    app = kb.main({}, **settings)
    create(app.registry._zodb_databases[''], app.registry)
    runtime.start(app.registry, workers=())
    return app


def stop_app(registry):
    """Stop what :func:`kb.runtime.start` started; close the databases."""
    runtime.stop(registry)
    for db in registry._zodb_databases.values():
        db.close()
