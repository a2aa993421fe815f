"""Shared structures that resolve their own conflicts.

Layout 1 kept the work lists as one ``OOTreeSet`` per list and an
``entries`` tree (card id → triples), and the audit log as one
``entries`` tree; concurrent card work conflicted on their buckets.
Layout 2 keeps each card's triples on the card, each list in
conflict-resolving shards, and the audit log in several append trees
(:mod:`kb.cards.worklists`, :mod:`kb.cards.audit`).
"""
import logging

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree

log = logging.getLogger(__name__)


def spread_worklists_and_audit(root, registry):
    """Move the layout 1 work lists and audit entries to layout 2.

    :returns: the number of cards and audit entries moved.
    """
    return (_worklists(root['worklists'], root['cards'])
            + _audit(root['audit']))


def _worklists(worklists, cards):
    old = getattr(worklists, 'entries', None)
    if old is None:
        return 0
    worklists.lists = OOBTree()
    for card_id, triples in old.items():
        # NB: a filing of a card that is gone stays in the lists, for
        # ``kb check`` to report as before
        worklists._refile(card_id, (), triples)
        card = cards.get(card_id)
        if card is not None:
            card.filed_under = triples
    del worklists.entries
    log.info('work lists: moved %d cards to the sharded lists', len(old))
    return len(old)


def _audit(audit):
    old = getattr(audit, 'entries', None)
    if old is None:
        return 0
    trees = tuple(LOBTree() for _ in range(audit.shards))
    for key, entry in old.items():
        trees[key % len(trees)][key] = entry
    audit.trees = trees
    del audit.entries
    log.info('audit log: moved %d entries to %d trees', len(old),
             len(trees))
    return len(old)
