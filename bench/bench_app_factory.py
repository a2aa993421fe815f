"""Benchmark: what building one application costs, as the tests and the
``kb`` commands build it.

Usage::

    .venv/bin/python bench/bench_app_factory.py [--builds 30]

Times ``--builds`` builds of ``testing.ini``'s ``[app:kb]`` section over
a fresh in-memory database, each way in turn, and prints the median and
the mean process (CPU) time of each:

- *quiet*: ``kb.main()`` and ``kb init`` (``kb.runtime.initdb.create``),
  what the test app and a ``kb`` command do now;
- *baseline, as before*: the same and then the serving process's
  start-up preparation (``kb.runtime.start(registry, workers=())``), the
  work ``kb.main()`` itself did before the runtime package;
- *configuration alone*: ``kb.main()`` without a database made, the
  part neither can avoid.

The builds alternate, so a machine that gets busier mid-run weighs on
each way alike. This is a benchmark, not a test.
"""
import argparse
from pathlib import Path
import statistics
import sys
import tempfile
import time

from pyramid.paster import get_appsettings

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / 'bench'))

from common import cpu_model  # noqa: E402

import kb  # noqa: E402
from kb import runtime  # noqa: E402
from kb.runtime.initdb import create  # noqa: E402


def configured(settings):
    return kb.main({}, **settings)


def quiet(settings):
    app = kb.main({}, **settings)
    create(app.registry._zodb_databases[''], app.registry)
    return app


def as_before(settings):
    app = quiet(settings)
    runtime.start(app.registry, workers=())
    return app


WAYS = (
    ('quiet (main + kb init)', quiet),
    ('baseline, as before (+ start-up preparation)', as_before),
    ('configuration alone (main)', configured),
)


def main(argv=sys.argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--builds', type=int, default=30)
    args = parser.parse_args(argv[1:])
    settings = dict(get_appsettings(str(HERE / 'testing.ini'), name='kb'))
    times = {name: [] for name, _ in WAYS}
    with tempfile.TemporaryDirectory() as scratch:
        for build in range(args.builds + 1):
            for name, build_app in WAYS:
                settings['kb.search.index_dir'] = f'{scratch}/{build}-{name}'
                started = time.process_time()
                app = build_app(settings)
                spent = time.process_time() - started
                for db in app.registry._zodb_databases.values():
                    db.close()
                if build:  # NB: the first round imports and compiles
                    times[name].append(spent * 1000)
    print(f'{args.builds} builds each; CPU {cpu_model()}')
    for name, spent in times.items():
        print(f'  {name}: median {statistics.median(spent):.1f} ms, '
              f'mean {statistics.mean(spent):.1f} ms CPU')


if __name__ == '__main__':
    main()
