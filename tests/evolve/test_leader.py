"""The leader lease evolve step, on a database made before the lease."""
from kb.evolve.leader import add_lease


def test_a_database_without_a_lease_gets_a_free_one(app, database):
    with database as root:
        root.remove('leader')
    with database as root:
        add_lease(root, app.registry)
    with database as root:
        lease = root['leader']
        assert (lease.holder, lease.expires) == ('', '')
        add_lease(root, app.registry)
        assert root['leader'] is lease
