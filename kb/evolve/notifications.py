"""Evolve step: the users' notifications (:mod:`kb.notifications`).

Users keep no new stored field: a user made before has no work e-mail
address (``User.email`` is None) and the default mail choice."""
from kb.notifications.store import Notifications


def add_notifications(root, registry):
    """Add the empty notification store if the root has none."""
    if 'notifications' not in root:
        root.add('notifications', Notifications())
