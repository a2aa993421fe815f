"""Evolve step: the search change log replaces the durable queue.

Before, ``search_queue`` held the groups whose index documents were
pending, removed by whichever process applied them first, so that with
several nodes only one of them saw a change. Now every node reads the
change log (:mod:`kb.search.changelog`) from its own position. The
groups still pending become one change; a node that has no position yet
(every node after this upgrade) rebuilds its index at start.
"""
import time

from kb.search.changelog import NAME, ChangeLog


def change_log(root, registry, clock=time.time_ns):
    """Replace ``search_queue`` by the change log, its pending groups by
    one change (a database that has the log already is left as it is)."""
    if NAME in root:
        return
    queue = root.remove('search_queue')
    changes = root.add(NAME, ChangeLog())
    if queue.pending:
        changes.add(queue.pending.keys(), clock())
