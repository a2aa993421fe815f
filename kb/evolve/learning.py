"""Evolve step: learning from use (:mod:`kb.search.pairs`,
:mod:`kb.search.rules`).

The search log gains the cards each staff query showed and the pairs of
a query and the card it led to; the database gains the search rules
editors accept from the suggestions.
"""
from BTrees.LOBTree import LOBTree

from kb.search.rules import NAME, SearchRules


def pairs_and_rules(root, registry):
    """Add the log's ``shown`` and ``pairs`` trees and
    ``root['search_rules']``, where missing."""
    search_log = root['search_log']
    for name in ('shown', 'pairs'):
        if getattr(search_log, name, None) is None:
            setattr(search_log, name, LOBTree())
    if NAME not in root:
        root.add(NAME, SearchRules())
