"""Month-end and quarter-end report packs (issue 17, item 3): made by the
daily job once per period, caught up after downtime, equal to the
reports on demand, readable by those who may read the report, mailed to
the recipients."""
import datetime

import pytest

from kb.clock import HELSINKI
from tests.tickets.test_reports import (  # noqa: F401 fixtures
    cards,
    february,
    lifecycle,
)


def run_job(app, database, day):
    from kb.runtime.jobs import make_report_packs

    now = datetime.datetime.fromisoformat(day).replace(tzinfo=HELSINKI)
    return make_report_packs(database.db, app.registry, now)


def pack_ids(database):
    with database as root:
        return list(root['report_packs'].packs)


SCOPES = 1 + 6 + 5  # the country, six providers, five points


@pytest.fixture
def packed(app, database, february, clock):  # noqa: F811
    """February 2015 packed at the start of March, then March and the
    first quarter at the start of April (a ticket closed in March)."""
    lifecycle(february, clock, 'kela-neuvonta', 'neuvonta_lyhyt',
              '2015-03-02T09:00:00', 10, 20)
    assert run_job(app, database, '2015-03-01T00:30') == 2 * SCOPES
    assert run_job(app, database, '2015-04-01T00:30') == 2 * SCOPES
    return february


def test_each_finished_period_is_packed_once_for_every_scope(
        app, database, packed):
    ids = pack_ids(database)
    assert {'monthly-2015-02-national', 'monthly-2015-03-provider-kela',
            'monthly-2015-03-point-mikkeli', 'billing-2014Q4-national',
            'billing-2015Q1-point-parainen'} <= set(ids)
    assert not any('central' in key for key in ids)
    assert run_job(app, database, '2015-04-01T12:00') == 0  # idempotent
    assert run_job(app, database, '2015-04-30T23:00') == 0  # not yet May
    assert pack_ids(database) == ids


def test_packing_catches_up_after_downtime(app, database, packed):
    from kb.directory.editing import change_point

    with database as root:  # closed: its history stays, no more packs
        change_point(root, app.registry, 'admin',
                     root['points']['saarijarvi'], active=False)
    # down from April to mid-July: April, May, June and the second quarter
    assert run_job(app, database, '2015-07-14T08:00') == 4 * (SCOPES - 1)
    assert 'monthly-2015-04-point-saarijarvi' not in pack_ids(database)
    with database as root:
        through = dict(root['report_packs'].through)
    assert through == {'monthly': '2015-06', 'billing': '2015Q2'}


def test_pack_figures_equal_the_reports_on_demand(app, database, packed):
    """Issue 17: each pack's figures equal the on-demand reports for the
    same period and scope."""
    from kb.tickets.reports import billing, monthly

    with database as root:
        store = root['tickets']
        packs = list(root['report_packs'].packs.values())
        assert len(packs) == 4 * SCOPES
        for pack in packs:
            point = pack.code if pack.scope == 'point' else None
            provider = pack.code if pack.scope == 'provider' else None
            expected = monthly(store, pack.period, point, provider) \
                if pack.kind == 'monthly' else billing(
                    store, pack.period, point, provider,
                    prices=root['prices'])
            assert pack.report() == expected, pack.id
    march = root_report(database, 'monthly-2015-03-provider-kela')
    assert sum(row['count'] for row in march['monthly']['by_type']) == 1
    assert sum(row['count'] for row in march['cumulative']['by_type']) == 4


def root_report(database, pack_id):
    with database as root:
        return root['report_packs'].packs[pack_id].report()


def test_packs_are_listed_and_downloaded_as_the_report_is_read(
        as_user, packed):
    """The same permissions as the report: a point manager their point's
    packs, provider staff their provider's, the central desk all; the
    download equals the report on demand through the API."""
    url = '/api/v1/reports/packs'
    manager = as_user('manager').get(url).json['items']
    assert {(p['scope'], p['code']) for p in manager} == {
        ('point', 'mikkeli')}
    assert [p['id'] for p in manager][:2] == [
        'monthly-2015-03-point-mikkeli', 'billing-2015Q1-point-mikkeli']
    kela = as_user('kela-editor').get(url, kind='billing').json['items']
    assert [p['id'] for p in kela] == ['billing-2015Q1-provider-kela',
                                       'billing-2014Q4-provider-kela']
    central = as_user('central').get(url, period='2015Q1').json['items']
    assert len(central) == SCOPES
    assert central[0]['id'] == 'billing-2015Q1-national'
    pack = as_user('kela-editor').get(
        f'{url}/monthly-2015-03-provider-kela').json
    assert pack['report'] == as_user('kela-editor').get(
        '/api/v1/reports/monthly', month='2015-03').json
    bills = as_user('manager').get(
        f'{url}/billing-2015Q1-point-mikkeli').json['report']
    assert bills == as_user('manager').get(
        '/api/v1/reports/billing', quarter='2015Q1').json
    times = as_user('manager').get(
        f'{url}/billing-2015Q1-point-mikkeli', format='csv', table='times')
    assert times.content_disposition == \
        'attachment; filename="billing-2015Q1-point-mikkeli-times.csv"'
    assert times.text == as_user('manager').get(
        '/api/v1/reports/billing', quarter='2015Q1', format='csv',
        table='times').text
    as_user('manager').get(f'{url}/monthly-2015-03-point-parainen',
                           status=403)
    as_user('kela-editor').get(f'{url}/monthly-2015-03-national', status=403)
    as_user('central').get(f'{url}/monthly-2015-03-nowhere', status=404)
    as_user('advisor').get(url, status=403)
    as_user(None).get(url, status=401)
    for params in ({'kind': 'weekly'}, {'period': '2015-13'},
                   {'period': '2015Q5'}):
        as_user('central').get(url, status=422, **params)
    assert as_user('central').get(url, kind='billing',
                                  period='2015-03').json['items'] == []


def test_the_store_is_added_to_an_older_database(app, database):
    from kb.evolve.packs import add_report_packs

    with database as root:
        root.remove('report_packs')
    with database as root:
        add_report_packs(root, app.registry)
        store = root['report_packs']
        add_report_packs(root, app.registry)  # already there: kept
        assert root['report_packs'] is store


def test_the_packs_page_lists_and_serves_what_the_user_may_read(
        testapp, packed):
    from tests.views.helpers import log_in

    log_in(testapp, 'kela-editor')
    page = testapp.get('/reports/packs')
    rows = page.html.find(id='packs').find('tbody').find_all('tr')
    assert [row['id'] for row in rows] == [
        'pack-monthly-2015-03-provider-kela',
        'pack-billing-2015Q1-provider-kela',
        'pack-monthly-2015-02-provider-kela',
        'pack-billing-2014Q4-provider-kela']
    assert [td.text for td in rows[0].find_all('td')][:3] == [
        'maaliskuu 2015', 'Kuukausiraportti', 'Kela']
    sheet = testapp.get(rows[1].find('a', class_='spreadsheet')['href'])
    assert sheet.content_disposition == \
        'attachment; filename="billing-2015Q1-provider-kela.csv"'
    assert 'Mikkelin Asiointipiste;Kela;2015Q1;Yhteensä;4;;6,49' in \
        sheet.text.splitlines()
    times = testapp.get(rows[1].find('a', class_='spreadsheet-times')[
        'href']).text
    assert times.startswith('\ufeffPalveluntuottaja;Suorite;')
    assert testapp.get(rows[0].find('a', class_='json')['href']).json[
        'id'] == 'monthly-2015-03-provider-kela'
    testapp.get('/reports/packs/monthly-2015-03-provider-vero.csv',
                status=403)
    assert 'Raporttipaketit' in testapp.get(
        '/reports').text


def test_each_new_pack_is_mailed_to_its_recipients_in_their_language(
        app, database, as_user, february, clock, smtp_server):  # noqa: F811
    admin = as_user('admin')
    url = '/api/v1/{}/{}/report-recipients'
    assert admin.get(url.format('providers', 'kela')).json == {
        'addresses': [], 'lang': 'fi'}
    assert admin.get(url.format('points', 'parainen')).json['lang'] == 'sv'
    admin.put(url.format('providers', 'kela'), {
        'addresses': ['raportit@kela.example.fi', ' RAPORTIT@kela.example.fi',
                      'talous@kela.example.fi']})
    assert admin.put(url.format('points', 'mikkeli'), {
        'addresses': ['piste@mikkeli.example.fi'], 'lang': 'sv'}).json == {
        'addresses': ['piste@mikkeli.example.fi'], 'lang': 'sv'}
    # a line break an administrator put in a name stays out of the subject
    admin.testapp.patch_json(
        '/api/v1/providers/te', {'names': {'fi': 'TE-\ntoimisto'}},
        headers=admin.headers)
    admin.put(url.format('providers', 'te'), {
        'addresses': ['te@example.fi']})
    assert run_job(app, database, '2015-03-01T00:30') == 2 * SCOPES
    received = {(m['X-Envelope-To'], m['Subject']): m
                for m in smtp_server.messages}
    assert ('te@example.fi', 'Kuukausiraportti 2015-02: TE- toimisto') in \
        received
    del received[('te@example.fi', 'Kuukausiraportti 2015-02: TE- toimisto')]
    del received[('te@example.fi',
                  'Neljännesvuoden laskut 2014Q4: TE- toimisto')]
    assert set(received) == {
        ('raportit@kela.example.fi, talous@kela.example.fi',
         'Kuukausiraportti 2015-02: Kela'),
        ('raportit@kela.example.fi, talous@kela.example.fi',
         'Neljännesvuoden laskut 2014Q4: Kela'),
        ('piste@mikkeli.example.fi',
         'Månadsrapport 2015-02: Servicepunkten i S:t Michel'),
        ('piste@mikkeli.example.fi',
         'Kvartalets fakturor 2014Q4: Servicepunkten i S:t Michel'),
    }
    kela = received[('raportit@kela.example.fi, talous@kela.example.fi',
                     'Kuukausiraportti 2015-02: Kela')]
    [sheet] = list(kela.iter_attachments())
    assert sheet.get_filename() == 'monthly-2015-02-provider-kela.csv'
    text = sheet.get_content()
    assert isinstance(text, str) and text.startswith('\ufeffJakso;Taulukko;')
    assert 'Tämä kuukausi;Korvaukset;Mikkelin Asiointipiste;Kela;;3;;5,31' \
        in text
    bills = received[('piste@mikkeli.example.fi',
                      'Kvartalets fakturor 2014Q4: '
                      'Servicepunkten i S:t Michel')]
    assert [part.get_filename() for part in bills.iter_attachments()] == [
        'billing-2014Q4-point-mikkeli.csv',
        'billing-2014Q4-point-mikkeli-times.csv']
    assert 'bifogade' in bills.get_body().get_content()
    smtp_server.clear()
    assert run_job(app, database, '2015-03-02T00:30') == 0
    assert smtp_server.messages == []


@pytest.mark.parametrize('body, field', [
    ({'addresses': ['Kela <raportit@kela.fi>']}, 'addresses'),
    ({'addresses': ['raportit@kela.fi, muut@kela.fi']}, 'addresses'),
    ({'addresses': ['raportit@kela']}, 'addresses'),
    ({'addresses': ['a' * 250 + '@kela.fi']}, 'addresses'),
    ({'addresses': [f'r{n}@kela.fi' for n in range(11)]}, 'addresses'),
    ({'addresses': 'raportit@kela.fi'}, 'addresses'),
    ({'addresses': [], 'lang': 'en'}, 'lang'),
])
def test_recipients_are_checked(as_user, body, field):
    answer = as_user('admin').put(
        '/api/v1/providers/kela/report-recipients', body, status=422).json
    assert answer['details'][0]['field'] == field


def test_recipients_are_the_administrators_to_see_and_keep(as_user):
    url = '/api/v1/points/mikkeli/report-recipients'
    as_user('admin').put(url, {'addresses': ['piste@mikkeli.example.fi']})
    for user, status in (('manager', 403), ('central', 403), (None, 401)):
        as_user(user).get(url, status=status)
        as_user(user).put(url, {'addresses': []}, status=status)
    assert 'example' not in as_user(None).get('/api/v1/points/mikkeli').text
    as_user('admin').get('/api/v1/points/nowhere/report-recipients',
                         status=404)
    entries = as_user('admin').get('/api/v1/audit',
                                   object='mikkeli').json['items']
    assert entries[0]['action'] == 'report_recipients'


def test_a_manager_of_several_points_reads_the_packs_of_each():
    from types import SimpleNamespace

    from kb.reports.packs import may_read
    from kb.resources import User

    manager = User('saaristo', 'point_manager')
    manager.points = ('parainen', 'parainen-nauvo')
    assert [may_read(manager, SimpleNamespace(scope=scope, code=code))
            for scope, code in (('point', 'parainen'),
                                ('point', 'parainen-nauvo'),
                                ('point', 'mikkeli'),
                                ('provider', 'kela'))] == [
        True, True, False, False]
