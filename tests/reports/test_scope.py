"""Which figures a user may see (:mod:`kb.reports.scope`)."""
from types import SimpleNamespace

import pytest


def _callFUT(role, params=(), provider=None, point=None, anonymous=False,
             points=None, chosen=None):
    from pyramid import testing

    from kb.directory.tables import seed_directory
    from kb.reports.scope import scope
    from kb.resources import Root
    from kb.security import POINT_KEY, SecurityPolicy, service_point
    with testing.testConfig() as config:
        config.set_security_policy(SecurityPolicy())
        request = testing.DummyRequest(params=dict(params))
        points = points or ((point,) if point else ())
        request.user = None if anonymous else SimpleNamespace(
            name='someone', role=role, provider=provider, points=points,
            point=points[0] if points else None)
        if chosen:
            request.session[POINT_KEY] = chosen
        request.point = service_point(request)
        request.directory = seed_directory()
        request.root = Root()
        return scope(request)


def test_a_point_manager_sees_their_point():
    assert _callFUT('point_manager', point='mikkeli') == ('mikkeli', None)
    assert _callFUT('point_manager', {'point': 'mikkeli', 'provider': 'kela'},
                    point='mikkeli') == ('mikkeli', 'kela')


def test_a_manager_of_several_points_sees_each_of_them():
    several = ('parainen', 'mikkeli')
    assert _callFUT('point_manager', points=several) == ('parainen', None)
    assert _callFUT('point_manager', points=several,
                    chosen='mikkeli') == ('mikkeli', None)
    assert _callFUT('point_manager', {'point': 'parainen'}, points=several,
                    chosen='mikkeli') == ('parainen', None)
    # a choice that is no longer one of the user's points counts for none
    assert _callFUT('point_manager', points=several,
                    chosen='saarijarvi') == ('parainen', None)


def test_a_manager_of_several_points_sees_no_other():
    from kb.errors import ForbiddenError
    with pytest.raises(ForbiddenError):
        _callFUT('point_manager', {'point': 'saarijarvi'},
                 points=('parainen', 'mikkeli'))


def test_provider_staff_see_their_provider():
    assert _callFUT('provider_editor', {'point': 'mikkeli'},
                    provider='kela') == ('mikkeli', 'kela')


def test_staff_see_what_they_ask_for():
    assert _callFUT('central_editor', {'provider': 'vero'}) == (None, 'vero')


@pytest.mark.parametrize('role, params, provider, point', [
    ('point_manager', {'point': 'oulu-kiiminki'}, None, 'mikkeli'),
    ('provider_editor', {'provider': 'vero'}, 'kela', None),
    ('advisor', {}, None, 'mikkeli'),
])
def test_others_figures_are_forbidden(role, params, provider, point):
    from kb.errors import ForbiddenError
    with pytest.raises(ForbiddenError):
        _callFUT(role, params, provider, point)


def test_no_figures_without_a_user():
    from kb.errors import ForbiddenError
    with pytest.raises(ForbiddenError):
        _callFUT(None, anonymous=True)


@pytest.mark.parametrize('field', ['point', 'provider'])
def test_an_unknown_code_is_refused(field):
    from kb.errors import ValidationError
    with pytest.raises(ValidationError) as raised:
        _callFUT('central_editor', {field: 'nowhere'})
    assert raised.value.details[0]['field'] == field
