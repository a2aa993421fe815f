"""Evolve step: the service points of a user as a list.

Before, an advisor or point manager had one ``point``; now a user may
serve several points (Parainen's satellite points), kept as ``points``,
the home point first (:class:`kb.resources.User`, whose ``point`` is
now the home point, read from the list).
"""


def point_lists(root, registry):
    """Move each user's ``point`` into ``points``."""
    for user in root['users'].values():
        user._p_activate()
        state = vars(user)
        if 'point' in state:
            point = state.pop('point')
            user.points = (point,) if point else ()
