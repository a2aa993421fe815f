"""The learning-from-use evolve step, on a database made before it."""


def test_the_log_gains_pairs_and_the_database_its_rules(app, database):
    from kb.evolve.learning import pairs_and_rules

    with database as root:
        root.remove('search_rules')
        log = root['search_log']
        key = log.log('sotu', 'fi', 'advisor', 'mikkeli', None, 0)
        del log.shown, log.pairs
    with database as root:
        pairs_and_rules(root, app.registry)
        pairs_and_rules(root, app.registry)
    with database as root:
        log = root['search_log']
        assert log.pair(key, 'kela-testikortti', 'opened', False)
        assert not log.found(key, 'kela-testikortti')
        assert root['search_rules'].rows() == ()
        assert root['search_rules'].__parent__ is root


def test_the_step_is_registered(app):
    from kb.evolve import step_name
    from kb.evolve.learning import pairs_and_rules

    assert step_name(pairs_and_rules) in app.registry.evolution_steps
