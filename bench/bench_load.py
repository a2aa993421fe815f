"""Benchmark: the fault and load test's load, for longer.

Usage::

    .venv/bin/python bench/bench_load.py [--seconds 60] [--editors 3]
                                         [--advisors 3] [--anonymous 2]
                                         [--kills 0] [--threads 4]

The roles of ``tests/load/harness.py`` (editors looping save → submit
and the central editor's approve on cards of one provider; advisors
opening, resolving and closing tickets and flagging every fifth card;
anonymous clients making failed logins, searches and public page views)
run against ``pserve`` (waitress, ``--threads`` worker threads, the
runtime filter, a FileStorage in a temporary directory). First the
baseline: one client of each role for a third of ``--seconds``; then the
full load for ``--seconds``, killed with SIGKILL and started again
``--kills`` times at even intervals. Printed per role and phase:
requests per second and latency percentiles (answered requests only),
and the 5xx answers (but 503 with Retry-After), acknowledged writes
lost, and the packed Data.fs size.
"""
import argparse
from pathlib import Path
import platform
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import cpu_model  # noqa: E402
from tests.load.harness import (  # noqa: E402
    Load,
    Server,
    Stats,
    free_port,
    lost_writes,
    make_roles,
    pack,
    prepare_database,
    server_ini,
)


def percentile(values, share):
    return statistics.quantiles(values, n=100)[share - 1] * 1000


def run_phase(server, made, stats, seconds, kills):
    started = time.perf_counter()
    with Load(made):
        for _ in range(kills):
            time.sleep(seconds / (kills + 1))
            server.kill()
            server.start()
        time.sleep(seconds / (kills + 1))
    elapsed = time.perf_counter() - started
    for role, latencies in sorted(stats.latencies.items()):
        print(f'  {role:10} {len(latencies) / elapsed:7.1f} req/s   '
              f'p50 {percentile(latencies, 50):7.1f} ms   '
              f'p90 {percentile(latencies, 90):7.1f} ms   '
              f'p99 {percentile(latencies, 99):7.1f} ms')
    print(f'  5xx: {len(stats.errors)}   unexpected 4xx: '
          f'{len(stats.unexpected)}   requests met the server down: '
          f'{stats.downs}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--editors', type=int, default=3)
    parser.add_argument('--advisors', type=int, default=3)
    parser.add_argument('--anonymous', type=int, default=2)
    parser.add_argument('--kills', type=int, default=0)
    parser.add_argument('--threads', type=int, default=4)
    args = parser.parse_args()
    print(f'{cpu_model()}, Python {platform.python_version()}; '
          f'{args.editors} editors, {args.advisors} advisors, '
          f'{args.anonymous} anonymous, {args.threads} server threads, '
          f'{args.kills} kills in {args.seconds:.0f} s')
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = Server(server_ini(folder, port, args.threads), port)
        server.tokens = prepare_database(server.ini, args.editors,
                                         args.advisors)
        server.start()
        server.warm()
        everyone = []
        print('baseline: one client of each role')
        stats = Stats()
        made = make_roles(server, stats, 1, 1, 1)
        run_phase(server, made, stats, args.seconds / 3, 0)
        everyone += made
        print('load')
        stats = Stats()
        made = make_roles(server, stats, args.editors, args.advisors,
                          args.anonymous)
        run_phase(server, made, stats, args.seconds, args.kills)
        everyone += made
        lost = lost_writes(port, everyone, server.tokens['central'])
        acked = sum(len(role.acked) for role in everyone)
        server.stop()
        print(f'acknowledged writes: {acked}, lost: {len(lost)}; packed '
              f'Data.fs: {pack(server.data_fs) / 1e6:.1f} MB')


if __name__ == '__main__':
    main()
