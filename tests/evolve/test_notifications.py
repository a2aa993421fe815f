"""The notifications evolve step, on a database made before it."""
import datetime

from kb.evolve.notifications import add_notifications

NOW = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)


def test_a_root_without_notifications_gets_an_empty_store(app, database):
    with database as root:
        root.remove('notifications')
    with database as root:
        add_notifications(root, app.registry)
        root['notifications'].add('admin', {
            'kind': 'push_failed', 'card': 'x', 'titles': {},
            'detail': {}}, NOW)
    with database as root:
        add_notifications(root, app.registry)  # a second run keeps them
        assert root['notifications'].unread('admin') == 1
