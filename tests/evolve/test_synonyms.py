"""The evolve step that gives synonym groups ids and owners, on a
database with the old list of bare groups."""


def test_old_groups_become_shared_groups_with_ids(app, database):
    from kb.evolve.synonyms import owned_groups
    from kb.search.synonyms import SynonymList, describe

    with database as root:
        old = SynonymList()
        state = vars(old)
        for name in ('entries', 'last_id'):
            del state[name]
        state['groups'] = (('fi', ('sotu', 'hetu')), ('*', ('a', 'b')))
        old.version = 7
        root.remove('synonyms')
        root.add('synonyms', old)
    with database as root:
        owned_groups(root, app.registry)
    with database as root:
        assert describe(root['synonyms']) == {'version': 7, 'groups': [
            {'id': 1, 'lang': 'fi', 'terms': ['sotu', 'hetu'],
             'provider': None},
            {'id': 2, 'lang': '*', 'terms': ['a', 'b'], 'provider': None}]}
        assert root['synonyms'].new_id() == 3
        entries = root['synonyms'].entries
        owned_groups(root, app.registry)
        assert root['synonyms'].entries is entries
