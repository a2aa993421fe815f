"""Ticket lifecycle and the pilot's reports, checked against numbers
computed by hand: medians, the 30-minute subset, slot boundaries at
exactly 10:00, a price change in mid-quarter, cancelled tickets."""
import datetime

import pytest

from kb.clock import HELSINKI


@pytest.fixture
def cards(published_card):
    published_card('kela-neuvonta', suoritteet=[
        'neuvonta_lyhyt', 'asiakirjat_vastaanotto'])
    published_card('vero-neuvonta', 'vero', suoritteet=['neuvonta_lyhyt'])
    published_card('kunta-neuvonta', 'kunta', suoritteet=['neuvonta_lyhyt'])


def lifecycle(advisor, clock, card, suorite, opened, resolve_after,
              close_after, outcome='resolved'):
    clock.at(opened)
    ticket = advisor.post('/api/v1/tickets', {
        'card': card, 'channel': 'counter', 'lang': 'fi'}, status=201).json
    clock.advance(resolve_after)
    advisor.post(f"/api/v1/tickets/{ticket['id']}/resolve",
                 {'suorite': suorite, 'outcome': outcome})
    clock.advance(close_after - resolve_after)
    return advisor.post(f"/api/v1/tickets/{ticket['id']}/close", {}).json


@pytest.fixture
def february(as_user, clock, cards):
    """Five closed tickets and a cancelled one at Mikkeli, Feb 2015."""
    advisor = as_user('advisor')
    lifecycle(advisor, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-02-02T09:59:59', 120, 180)
    lifecycle(advisor, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-02-03T10:00:00', 300, 2000)  # not within 30 min
    lifecycle(advisor, clock, 'kela-neuvonta', 'asiakirjat_vastaanotto',
              '2015-02-04T16:00:00', 60, 90, outcome='referred')
    lifecycle(advisor, clock, 'vero-neuvonta', 'neuvonta_lyhyt',
              '2015-02-05T12:30:00', 200, 400)
    lifecycle(advisor, clock, 'kunta-neuvonta', 'neuvonta_lyhyt',
              '2015-02-06T14:00:00', 30, 60)
    clock.at('2015-02-06T15:00:00')
    mistake = advisor.post('/api/v1/tickets', {
        'card': 'kela-neuvonta', 'channel': 'counter', 'lang': 'fi'},
        status=201).json
    advisor.post(f"/api/v1/tickets/{mistake['id']}/cancel", {})
    return advisor


def times(report, dimension, key):
    return next(row for row in report['handling_times']
                if (row['dimension'], row['key']) == (dimension, key))


def test_monthly_report_matches_hand_computed_figures(as_user, february):
    report = as_user('central').get('/api/v1/reports/monthly',
                                    month='2015-02').json
    month = report['monthly']
    assert month['by_type'] == [
        {'point': 'mikkeli', 'provider': 'kela',
         'suorite': 'asiakirjat_vastaanotto', 'count': 1},
        {'point': 'mikkeli', 'provider': 'kela',
         'suorite': 'neuvonta_lyhyt', 'count': 2},
        {'point': 'mikkeli', 'provider': 'kunta',
         'suorite': 'neuvonta_lyhyt', 'count': 1},
        {'point': 'mikkeli', 'provider': 'vero',
         'suorite': 'neuvonta_lyhyt', 'count': 1},
    ]
    assert month['compensation'] == [
        {'point': 'mikkeli', 'provider': 'kela', 'count': 3,
         'amount_eur': '5.31'},  # 2 × 1.18 + 2.95
        {'point': 'mikkeli', 'provider': 'kunta', 'count': 1,
         'amount_eur': '0.00'},  # logged, never billed
        {'point': 'mikkeli', 'provider': 'vero', 'count': 1,
         'amount_eur': '1.18'},
    ]
    kela = times(month, 'provider', 'kela')
    assert (kela['count'], kela['resolved_mean'], kela['resolved_median'],
            kela['closed_mean'], kela['closed_median']) == (
        3, 160.0, 120, 756.7, 180)
    assert (kela['within30_count'], kela['resolved30_median'],
            kela['closed30_median'], kela['closed30_mean']) == (
        2, 90, 135, 135.0)
    point = times(month, 'point', 'mikkeli')
    # resolved 30 60 120 200 300; closed 60 90 180 400 2000
    assert (point['resolved_median'], point['closed_median'],
            point['closed_mean']) == (120, 180, 546.0)
    # within 30 min: closed 60 90 180 400 → even count: mean of middle two
    assert (point['closed30_median'], point['resolved30_mean']) == (
        135, 102.5)
    assert times(month, 'service', 'kela-neuvonta')['count'] == 3
    assert times(month, 'suorite', 'neuvonta_lyhyt')['count'] == 4
    assert month['arrivals'] == [
        {'point': 'mikkeli', 'slot': slot, 'count': 1}
        for slot in ('08-10', '10-12', '12-14', '14-16', '16-08')]
    assert {(o['card'], o['outcome']): o['count']
            for o in month['outcomes']}[
                ('kela-neuvonta', 'referred')] == 1
    assert report['cumulative']['period'] == {'from': '2015-01',
                                              'to': '2015-02'}


def test_cumulative_from_january_and_new_year_resets(as_user, february,
                                                     clock):
    lifecycle(february, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-03-02T09:00:00', 10, 20)
    central = as_user('central')
    march = central.get('/api/v1/reports/monthly', month='2015-03').json
    assert sum(r['count'] for r in march['monthly']['by_type']) == 1
    assert sum(r['count'] for r in march['cumulative']['by_type']) == 6
    january = central.get('/api/v1/reports/monthly', month='2016-01').json
    assert january['cumulative']['by_type'] == []


def test_bill_uses_price_in_force_at_closing(as_user, february, clock):
    admin = as_user('admin')
    lifecycle(february, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-03-10T11:00:00', 60, 120)
    admin.post('/api/v1/prices', {'effective': '2015-03-15',
                                  'provider': 'kela',
                                  'suorite': 'neuvonta_lyhyt',
                                  'minutes': 3})
    lifecycle(february, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-03-20T11:00:00', 60, 120)
    bills = as_user('central').get('/api/v1/reports/billing',
                                   quarter='2015Q1').json['bills']
    assert [(b['point'], b['provider']) for b in bills] == [
        ('mikkeli', 'kela'), ('mikkeli', 'vero')]
    kela = bills[0]
    assert kela['lines'] == [
        {'suorite': 'asiakirjat_vastaanotto', 'count': 1,
         'unit_price_eur': '2.95', 'sum_eur': '2.95'},
        {'suorite': 'neuvonta_lyhyt', 'count': 3,
         'unit_price_eur': '1.18', 'sum_eur': '3.54'},
        {'suorite': 'neuvonta_lyhyt', 'count': 1,
         'unit_price_eur': '1.77', 'sum_eur': '1.77'},
    ]
    assert (kela['count'], kela['total_eur']) == (5, '8.26')
    times = as_user('central').get('/api/v1/reports/billing',
                                   quarter='2015Q1').json['times']
    # priced at 2 minutes three times, at 3 minutes once
    assert [row['priced_minutes'] for row in times
            if row['suorite'] == 'neuvonta_lyhyt'] == [2.2, 2.0]
    assert kela['period'] == {'from': '2015-01', 'to': '2015-03'}
    # a new minute price for everyone
    admin.post('/api/v1/prices', {'effective': '2015-04-01',
                                  'minute_price': '0.60'})
    lifecycle(february, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-04-02T11:00:00', 60, 120)
    april = as_user('central').get('/api/v1/reports/billing',
                                   quarter='2015Q2').json['bills']
    assert april[0]['lines'][0]['unit_price_eur'] == '1.80'  # 3 × 0.60
    csv = as_user('central').get('/api/v1/reports/billing', quarter='2015Q1',
                                 format='csv').text.splitlines()
    assert csv[0] == 'point,provider,quarter,suorite,count,' \
        'unit_price_eur,sum_eur'
    assert 'mikkeli,kela,2015Q1,TOTAL,5,,8.26' in csv


def test_reports_agree_with_a_scan_of_every_ticket(app, february, clock,
                                                   database):
    from kb.tickets.reports import billing, monthly, scan_aggregates

    with database as root:
        store = root['tickets']
        assert monthly(store, '2015-02') == monthly(
            store, '2015-02', totals=scan_aggregates)
        assert billing(store, '2015Q1', provider='kela') == billing(
            store, '2015Q1', provider='kela', totals=scan_aggregates)


def test_who_sees_which_report(as_user, february):
    url = '/api/v1/reports/monthly'
    kela = as_user('kela-editor').get(url, month='2015-02').json
    assert {r['provider'] for r in kela['monthly']['by_type']} == {'kela'}
    as_user('kela-editor').get(url, month='2015-02', provider='vero',
                               status=403)
    manager = as_user('manager').get(url, month='2015-02').json
    assert manager['point'] == 'mikkeli'
    as_user('manager').get(url, month='2015-02', point='parainen',
                           status=403)
    as_user('advisor').get(url, month='2015-02', status=403)
    as_user(None).get(url, month='2015-02', status=401)
    as_user('central').get(url, month='2015-13', status=422)
    as_user('central').get('/api/v1/reports/billing', quarter='2015Q5',
                           status=422)
    as_user('central').get(url, month='2015-02', point='x', status=422)


def test_retention_deletes_details_and_keeps_aggregates(app, february,
                                                        database):
    from kb.runtime.startup import prepare
    from kb.tickets.reports import monthly

    with database as root:
        before = monthly(root['tickets'], '2015-02')
        assert sum(len(b.tickets) for b in root['tickets'].months()) == 6
    app.registry.settings['kb.tickets.retention_days'] = '30'
    later = datetime.datetime(2015, 3, 6, 12, tzinfo=HELSINKI)
    prepare(database.db, app.registry, now=later)
    with database as root:
        left = [t.id for b in root['tickets'].months()
                for t in b.tickets.values()]
        # closed before 4 Feb 12:00 are gone: the 2 Feb and 3 Feb tickets
        assert len(left) == 4
        assert monthly(root['tickets'], '2015-02') == before


def test_handling_times_per_point_within_provider_type_and_card(
        as_user, february):
    """The pilot's times per point: per provider, its types and its
    cards at each point (issue 17, item 3)."""
    month = as_user('central').get('/api/v1/reports/monthly',
                                   month='2015-02').json['monthly']
    rows = {(r['point'], r['provider'], r['dimension'], r['key']): r
            for r in month['point_handling_times']}
    kela = rows[('mikkeli', 'kela', 'provider', 'kela')]
    assert (kela['count'], kela['closed_median'], kela['within30_count']) \
        == (3, 180, 2)
    short = rows[('mikkeli', 'kela', 'suorite', 'neuvonta_lyhyt')]
    # resolved 120, 300; closed 180, 2000
    assert (short['count'], short['resolved_median'],
            short['closed_median']) == (2, 210, 1090)
    vero = rows[('mikkeli', 'vero', 'suorite', 'neuvonta_lyhyt')]
    assert (vero['count'], vero['closed_mean']) == (1, 400.0)
    assert rows[('mikkeli', 'kela', 'service', 'kela-neuvonta')][
        'count'] == 3
    assert len(rows) == 3 + 4 + 3  # per provider, type (kela 2), card


def test_providers_share_of_priced_use_nationally(as_user, february):
    url = '/api/v1/reports/monthly'
    month = as_user('central').get(url, month='2015-02').json['monthly']
    # priced: kela 3, vero 1; the municipality's own are unpriced
    assert month['provider_shares'] == [
        {'provider': 'kela', 'count': 3, 'share_percent': 75.0},
        {'provider': 'vero', 'count': 1, 'share_percent': 25.0}]
    kela = as_user('kela-editor').get(url, month='2015-02').json
    assert kela['cumulative']['provider_shares'] == [
        {'provider': 'kela', 'count': 3, 'share_percent': 75.0}]
    point = as_user('manager').get(url, month='2015-02').json
    assert point['monthly']['provider_shares'] == []


def test_priced_minutes_against_measured_times_in_the_bills(as_user,
                                                            february):
    result = as_user('central').get('/api/v1/reports/billing',
                                    quarter='2015Q1').json
    assert result['times'] == [
        {'provider': 'kela', 'suorite': 'asiakirjat_vastaanotto',
         'priced_minutes': 5.0, 'resolved_mean': 60.0,
         'resolved_median': 60, 'closed_mean': 90.0, 'closed_median': 90,
         'count': 1},
        {'provider': 'kela', 'suorite': 'neuvonta_lyhyt',
         'priced_minutes': 2.0, 'resolved_mean': 210.0,
         'resolved_median': 210, 'closed_mean': 1090.0,
         'closed_median': 1090, 'count': 2},
        {'provider': 'vero', 'suorite': 'neuvonta_lyhyt',
         'priced_minutes': 2.0, 'resolved_mean': 200.0,
         'resolved_median': 200, 'closed_mean': 400.0, 'closed_median': 400,
         'count': 1},
    ]
    vero = as_user('vero-editor').get('/api/v1/reports/billing',
                                      quarter='2015Q1').json
    assert [row['provider'] for row in vero['times']] == ['vero']
