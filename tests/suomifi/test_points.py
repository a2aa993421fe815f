"""Service points → ServiceLocation channels and connections."""
import datetime

import pytest

TODAY = datetime.date(2026, 11, 22)


def _hours(text, today=TODAY):
    from kb.suomifi.points import service_hours
    return service_hours(text, today)


def test_weekday_ranges_make_one_regular_entry():
    assert _hours('Mon-Wed 09:00-16:00; Thu 09:00-17:00') == [{
        'serviceHourType': 'DaysOfTheWeek', 'validForNow': True,
        'openingHour': [
            {'dayFrom': 'Monday', 'dayTo': 'Wednesday', 'from': '09:00',
             'to': '16:00'},
            {'dayFrom': 'Thursday', 'from': '09:00', 'to': '17:00'}]}]


@pytest.mark.parametrize('today, year', [
    (datetime.date(2026, 11, 22), 2027),
    (datetime.date(2026, 7, 1), 2026),
])
def test_a_season_applies_to_the_days_before_it(today, year):
    regular, summer = _hours('Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00',
                             today)
    assert summer == {
        'serviceHourType': 'DaysOfTheWeek', 'validForNow': False,
        'validFrom': f'{year}-06-01T00:00:00',
        'validTo': f'{year}-08-31T23:59:59',
        'openingHour': [{'dayFrom': 'Monday', 'dayTo': 'Friday',
                         'from': '09:00', 'to': '15:00'}]}


def test_a_season_over_new_year_ends_the_next_year():
    _regular, winter = _hours('Mon 10:00-12:00; Dec-Feb 10:00-11:00')
    assert (winter['validFrom'], winter['validTo']) == (
        '2026-12-01T00:00:00', '2027-02-28T23:59:59')


@pytest.mark.parametrize('text', [
    'Jun-Aug 09:00-15:00', 'Mon-Fri 9-16', 'Mon-Xyz 09:00-16:00'])
def test_hours_not_understood(text):
    with pytest.raises(ValueError):
        _hours(text)


def test_every_point_makes_a_valid_channel(config):
    from kb.directory import seed
    from kb.suomifi.points import CHANNEL_SCHEMA, channel_document
    from kb.suomifi.validation import problems
    for code, row in seed.seed_points().items():
        document = channel_document(code, row, config, TODAY)
        assert problems(document, CHANNEL_SCHEMA) == [], code
    parainen = channel_document('parainen', seed.seed_points()['parainen'],
                                config, TODAY)
    assert parainen['sourceId'] == 'parainen'
    assert parainen['languages'] == ['sv', 'fi']
    assert parainen['serviceChannelNames'] == [
        {'language': 'sv', 'value': 'Servicepunkten i Pargas',
         'type': 'Name'},
        {'language': 'fi', 'value': 'Paraisten Asiointipiste',
         'type': 'Name'}]
    assert parainen['addresses'][0]['streetAddress']['municipality'] == \
        '445'


def test_channel_problems_are_mapping_errors(config):
    from kb.directory import seed
    from kb.suomifi.config import Mapping, MappingError
    from kb.suomifi.points import channel_document
    row = dict(seed.seed_points()['mikkeli'], opening_hours='always')
    with pytest.raises(MappingError) as caught:
        channel_document('mikkeli', row, config, TODAY)
    assert caught.value.details[0]['field'] == 'opening_hours'
    row = dict(seed.seed_points()['mikkeli'], languages='fi en')
    with pytest.raises(MappingError) as caught:
        channel_document('mikkeli', row, config, TODAY)
    assert caught.value.message.mapping == {
        'key': 'point_defaults.texts.en'}
    bare = Mapping({'points': {'mikkeli': {}}})
    with pytest.raises(MappingError) as caught:
        channel_document('mikkeli', row, bare, TODAY)
    assert caught.value.message.mapping == {
        'key': 'points.mikkeli.organization'}


def test_services_are_offered_at_points_by_channel_and_provider(config):
    from kb.suomifi.config import Mapping
    from kb.suomifi.points import (
        CONNECTION_SCHEMA,
        connection_document,
        offered_at,
    )
    from kb.suomifi.validation import problems
    assert offered_at('mikkeli', 'kela', ['counter'], config)
    assert not offered_at('mikkeli', 'kela', ['electronic'], config)
    only_vero = Mapping(dict(config.data, points={
        'mikkeli': {'providers': ['vero']}}))
    assert not offered_at('mikkeli', 'kela', ['counter'], only_vero)
    assert offered_at('mikkeli', 'vero', ['counter'], only_vero)
    assert connection_document({}) == {
        'deleteAllChannelRelations': True, 'channelRelations': []}
    document = connection_document({'parainen': {}, 'mikkeli': {}})
    assert [r['serviceChannelSourceId']
            for r in document['channelRelations']] == ['mikkeli', 'parainen']
    assert problems(document, CONNECTION_SCHEMA) == []


def test_a_clerks_days_the_point_is_closed_on_are_no_service_hours():
    from kb.resources import ServicePoint
    from kb.suomifi.points import relation
    point = ServicePoint('saarijarvi')
    point.cards = {'c': {'offered': True, 'onsite': True, 'addendum': ''}}
    row = {'opening_hours': 'Mon-Fri 09:00-15:00'}
    point.onsite = {'kela': {'days': ['Sat', 'Sun'], 'hours': ''}}
    assert relation(point, 'c', 'kela', row, TODAY) is None
    # no time of day in the hours text: the point's hours of the days
    point.onsite = {'kela': {'days': ['Fri', 'Sat'], 'hours': 'klo 25.00'
                             '-26.00'}}
    assert relation(point, 'c', 'kela', row, TODAY)['serviceHours'][0][
        'openingHour'] == [{'dayFrom': 'Friday', 'from': '09:00',
                            'to': '15:00'}]
