"""A user's service points: the home point first, validated."""
import pytest

from kb.accounts.users import add_user, change_user, points_given
from kb.errors import ValidationError
from tests.conftest import PASSWORD


def field_of(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.details[0]['field']


def test_points_are_given_as_one_point_or_a_list():
    assert points_given('parainen') == ('parainen',)
    assert points_given(None, ['parainen', 'mikkeli']) == (
        'parainen', 'mikkeli')
    assert points_given('parainen', ['parainen', 'mikkeli']) == (
        'parainen', 'mikkeli')
    assert points_given() == ()
    for point, points in ((None, 'parainen'), (None, ['parainen', 3]),
                          (None, ['parainen', 'parainen']),
                          (None, ['parainen', ''])):
        assert field_of(lambda: points_given(point, points)) == 'points'
    assert field_of(lambda: points_given('mikkeli', ['parainen'])) == 'point'


def test_every_point_exists_and_is_open(database, tokens):
    from kb.directory.editing import change_point

    with database as root:
        registry = database.registry
        user = add_user(root, registry, 'test', 'liisa', 'advisor',
                        PASSWORD, points=['parainen', 'mikkeli'])
        assert (user.points, user.point) == (('parainen', 'mikkeli'),
                                             'parainen')
        for points, field in ((['parainen', 'helsinki'], 'points'),
                              (['helsinki'], 'point'), ([], 'point')):
            assert field_of(lambda: add_user(
                root, registry, 'test', 'pekka', 'advisor', PASSWORD,
                points=points)) == field
        assert field_of(lambda: add_user(
            root, registry, 'test', 'pekka', 'central_editor', PASSWORD,
            points=['mikkeli'])) == 'point'
        change_point(root, registry, 'test', root['points']['saarijarvi'],
                     active=False)
        assert field_of(lambda: change_user(
            root, registry, 'test', user,
            points=['parainen', 'saarijarvi'])) == 'points'


def test_a_change_of_points_is_recorded_and_a_point_alone_replaces_them(
        database, tokens):
    with database as root:
        registry = database.registry
        user = root['users']['advisor']
        assert change_user(root, registry, 'admin', user,
                           points=['mikkeli', 'parainen']) == {
            'points': [['mikkeli'], ['mikkeli', 'parainen']]}
        assert change_user(root, registry, 'admin', user,
                           role='point_manager') == {
            'role': ['advisor', 'point_manager']}
        assert user.points == ('mikkeli', 'parainen')
        assert change_user(root, registry, 'admin', user,
                           point='oulu-kiiminki') == {
            'points': [['mikkeli', 'parainen'], ['oulu-kiiminki']]}
        change_user(root, registry, 'admin', user, role='central_editor')
        assert user.points == () and user.point is None
