"""The point lists evolve step, on users written with one ``point``."""
from kb.evolve.points import point_lists


def test_a_users_point_becomes_the_first_of_their_points(app, database,
                                                         tokens):
    with database as root:
        for name, point in (('advisor', 'mikkeli'), ('central', None)):
            user = root['users'][name]
            state = vars(user)
            del state['points']
            state['point'] = point
            user._p_changed = True
    with database as root:
        assert root['users']['advisor'].points == ()
        point_lists(root, app.registry)
    with database as root:
        advisor = root['users']['advisor']
        assert (advisor.points, advisor.point) == (('mikkeli',), 'mikkeli')
        assert 'point' not in vars(advisor)
        assert root['users']['central'].points == ()
        assert 'point' not in vars(root['users']['central'])
