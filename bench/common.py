"""Helpers shared by the benchmarks (not a benchmark itself)."""
import contextlib
import platform

import transaction


def cpu_model():
    with open('/proc/cpuinfo', encoding='utf-8') as cpuinfo:
        for line in cpuinfo:
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    return platform.processor() or 'unknown'


@contextlib.contextmanager
def kb_root(db):
    """The application root in a connection of its own; commits on exit."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            yield conn.root()['kb_root']
    finally:
        conn.close()
