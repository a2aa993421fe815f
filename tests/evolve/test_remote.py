"""The remote-service contact evolve step, on providers made before it."""
from kb.evolve.remote import provider_remote


def test_a_provider_without_a_contact_gets_an_empty_one(app, database):
    with database as root:
        del root['providers']['kela'].remote
        root['providers']['vero'].remote = {'phone': '029 497 000'}
    with database as root:
        provider_remote(root, app.registry)
    with database as root:
        assert root['providers']['kela'].remote == {}
        assert root['providers']['vero'].remote == {'phone': '029 497 000'}
