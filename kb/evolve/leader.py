"""Evolve step: the leader lease (:mod:`kb.runtime.leader`).

Before, every process ran the jobs that must run once; now the node
holding the lease does. A database made before has no lease yet.
"""
from kb.runtime.leader import NAME, Lease


def add_lease(root, registry):
    """Add the free lease, unless ``kb init`` already added it."""
    if NAME not in root:
        root.add(NAME, Lease())
