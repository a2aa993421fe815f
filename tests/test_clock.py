"""The clock module: stamps, Finnish dates, keys, the registry's clock."""
import datetime

from BTrees.LOBTree import LOBTree
import pytest

from kb import clock

UTC = datetime.timezone.utc


def test_stamps_are_utc_to_the_second_and_sort_as_time():
    moment = datetime.datetime(2015, 2, 2, 10, 0, 5, 999999,
                               tzinfo=clock.HELSINKI)
    assert clock.stamp(moment) == '2015-02-02T08:00:05Z'
    assert clock.parse('2015-02-02T08:00:05Z') == datetime.datetime(
        2015, 2, 2, 8, 0, 5, tzinfo=UTC)
    earlier = clock.stamp(datetime.datetime(2015, 2, 2, 9, 59, 59,
                                            tzinfo=UTC))
    assert earlier < clock.stamp(moment.replace(hour=12))
    assert clock.seconds_between('2015-02-02T08:00:05Z', earlier) == 7194


@pytest.mark.parametrize('text', ['2015-02-02T08:00:05+00:00',
                                  '2015-02-02T08:00:05.1Z', '1422864005',
                                  '2015-02-02'])
def test_parse_takes_only_the_stored_form(text):
    with pytest.raises(ValueError):
        clock.parse(text)


def test_today_and_local_time_are_finnish():
    late = datetime.datetime(2015, 3, 1, 22, 30, tzinfo=UTC)
    assert clock.helsinki_today(late) == datetime.date(2015, 3, 2)
    assert clock.local('2015-03-01T22:30:00Z').hour == 0
    assert clock.local(late).utcoffset() == datetime.timedelta(hours=2)
    summer = clock.midnight(datetime.date(2015, 7, 1))
    assert summer.isoformat() == '2015-07-01T00:00:00+03:00'
    assert clock.utcnow().tzinfo is UTC


def test_keys_round_trip_and_order():
    moment = datetime.datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=UTC)
    assert clock.from_micros(clock.to_micros(moment)) == moment
    assert clock.to_nanos(moment) == clock.to_micros(moment) * 1000
    assert clock.from_nanos(clock.to_nanos(moment) + 999) == moment
    assert clock.from_epoch(0) == clock.EPOCH


def test_free_key_is_time_ordered_and_free():
    tree = LOBTree()
    moment = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    first = clock.free_key(tree, moment, lambda n: 5)
    tree[first] = 'a'
    assert clock.free_key(tree, moment, lambda n: 5) == first + 1
    later = moment + datetime.timedelta(microseconds=1)
    assert clock.free_key(tree, later, lambda n: 0) > first


def test_requests_read_the_registry_clock_once(app, clock):
    from pyramid.request import Request, apply_request_extensions

    request = Request.blank('/')
    request.registry = app.registry
    apply_request_extensions(request)
    clock.at('2015-03-01T23:59:59')
    assert request.today == datetime.date(2015, 3, 1)
    assert request.now == request.now  # reified: one instant a request
    assert app.registry.clock is clock
