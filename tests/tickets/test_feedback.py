"""Issue 17, item 1: the customer's feedback at the close of a service
event (an optional rating 1..5 and a short screened text), counted in
the monthly report and in the card's signals."""
import pytest

from kb.errors import ValidationError
from kb.tickets.desk import check_rating
from kb.tickets.reports import mean_rating, monthly, scan_aggregates
from tests.tickets.test_reports import cards  # noqa: F401 fixture

#: the Kela, Vero and municipal cards of the report tests
pytestmark = pytest.mark.usefixtures('cards')


def close_with_feedback(advisor, clock, card, opened, body):
    """Open and resolve a ticket, then close it with ``body``."""
    clock.at(opened)
    ticket = advisor.post('/api/v1/tickets', {
        'card': card, 'channel': 'counter', 'lang': 'fi'}, status=201).json
    url = f"/api/v1/tickets/{ticket['id']}"
    advisor.post(f'{url}/resolve', {'suorite': 'neuvonta_lyhyt',
                                    'outcome': 'resolved'})
    clock.advance(120)
    if body is None:  # no body at all
        return url, advisor.testapp.post(f'{url}/close',
                                         headers=advisor.headers)
    return url, advisor.post(f'{url}/close', body, status='*')


def test_rating_is_none_or_a_whole_number_from_1_to_5():
    assert [check_rating(value) for value in (None, '', 1, 5, '3')] == [
        None, None, 1, 5, 3]
    for bad in (0, 6, True, 3.0, '6', 'x', '\u00b2', '3 ', [3]):
        with pytest.raises(ValidationError):
            check_rating(bad)
    assert (mean_rating(0, 0), mean_rating(3, 10)) == (None, 3.3)


def test_close_records_feedback_screened_like_notes(as_user, clock):
    advisor = as_user('advisor')
    url, closed = close_with_feedback(
        advisor, clock, 'kela-neuvonta', '2015-02-02T10:00:00',
        {'rating': 4, 'feedback': ' Selkeä ohje, kiitos. '})
    assert (closed.status_int, closed.json['rating'],
            closed.json['feedback']) == (200, 4, 'Selkeä ohje, kiitos.')
    for body, field, code in (
            ({'feedback': 'soita 040 123 4567'}, 'feedback',
             'personal_data'),
            ({'feedback': 'hetu 131052-308T'}, 'feedback', 'personal_data'),
            ({'feedback': 'x' * 301}, 'feedback', 'validation_failed'),
            ({'rating': 6}, 'rating', 'validation_failed'),
            ({'rating': '5'}, 'rating', None),  # as a form sends it: taken
            ({'customer': 'Maija'}, 'customer', 'validation_failed')):
        url, refused = close_with_feedback(
            advisor, clock, 'kela-neuvonta', '2015-02-03T10:00:00', body)
        if code is None:
            assert refused.status_int == 200
            continue
        assert refused.status_int == 422, body
        assert refused.json['details'][0]['field'] == field
        if code == 'personal_data':
            assert refused.json['error'] == code
        # refused: still resolved, so the advisor can close it again
        assert advisor.get(url).json['state'] == 'resolved'
    # no body at all, as before
    url, plain = close_with_feedback(advisor, clock, 'kela-neuvonta',
                                     '2015-02-04T10:00:00', None)
    assert (plain.status_int, plain.json['rating'],
            plain.json['feedback']) == (200, None, '')


def test_feedback_counts_and_mean_rating_in_report_and_signals(
        as_user, clock, database):
    advisor = as_user('advisor')
    for opened, card, body in (
            ('2015-01-15T10:00:00', 'kela-neuvonta', {'rating': 5}),
            ('2015-02-02T10:00:00', 'kela-neuvonta', {'rating': 4}),
            ('2015-02-03T10:00:00', 'kela-neuvonta',
             {'rating': 1, 'feedback': 'Jono oli pitkä.'}),
            ('2015-02-04T10:00:00', 'kela-neuvonta',
             {'feedback': 'Ei arvosanaa.'}),
            ('2015-02-05T10:00:00', 'kela-neuvonta', {}),
            ('2015-02-06T10:00:00', 'vero-neuvonta', {'rating': 3})):
        close_with_feedback(advisor, clock, card, opened, body)
    report = as_user('central').get('/api/v1/reports/monthly',
                                    month='2015-02').json
    assert report['monthly']['feedback'] == [
        {'point': 'mikkeli', 'provider': 'kela', 'card': 'kela-neuvonta',
         'count': 3, 'rated': 2, 'mean_rating': 2.5},
        {'point': 'mikkeli', 'provider': 'vero', 'card': 'vero-neuvonta',
         'count': 1, 'rated': 1, 'mean_rating': 3.0}]
    assert report['cumulative']['feedback'][0]['mean_rating'] == 3.3
    with database as root:
        store = root['tickets']
        scanned = monthly(store, '2015-02', totals=lambda s, first, last,
                          point, provider: scan_aggregates(
                              s, first, last, point, provider))
    assert scanned['monthly']['feedback'] == report['monthly']['feedback']
    machine = as_user('central').get('/api/v1/reports/monthly',
                                     month='2015-02', format='csv').text
    assert 'monthly,feedback,mikkeli,kela,' in machine
    signals = as_user('kela-editor').get(
        '/api/v1/cards/kela-neuvonta/signals').json
    assert signals['feedback'] == {'count': 4, 'rated': 3,
                                   'mean_rating': 3.3}
    # the feedback text itself is in no report
    assert 'Jono' not in machine
