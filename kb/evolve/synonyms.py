"""Evolve step: synonym groups get ids and owners.

Before, the list held bare ``(lang, terms)`` groups, removed by their
place in the list, and any editor could change any of them. Now each
group has a stable id and an owner (a provider, or none for a shared
group, which the central editor keeps); the groups there were become
shared ones, in their order.
"""


def owned_groups(root, registry):
    """Give the groups of an old list ids and make them shared (a list
    that has them already is left as it is)."""
    synonyms = root['synonyms']
    synonyms._p_activate()
    state = vars(synonyms)
    if 'entries' in state:
        return
    groups = state.pop('groups')
    synonyms.last_id = 0
    synonyms.entries = tuple((synonyms.new_id(), lang, tuple(terms), None)
                             for lang, terms in groups)
