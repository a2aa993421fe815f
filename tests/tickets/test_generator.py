"""Pilot-shaped tickets: the reports show exactly the pilot's volumes."""
from decimal import Decimal

import pytest


@pytest.fixture(scope='module')
def pilot(app_settings, tmp_path_factory):
    """The demo and the pilot's 20,958 tickets, made once for the
    module's tests, which only read them."""
    from kb.cards.versioning import Versioning
    from kb.demo import load_demo
    from kb.tickets.generator import generate
    from tests.conftest import Database, make_app
    app = make_app(app_settings, tmp_path_factory.mktemp('search'))
    database = Database(app)
    with database as root:
        load_demo(root, app.registry, Versioning(app.registry, 'demo'))
    with database as root:
        assert generate(root, seed=7) == 20958
    return database


def test_reports_show_exactly_the_pilot_volumes(pilot):
    from kb.refdata import read_csv
    from kb.tickets.reports import aggregate, billing

    with pilot as root:
        store = root['tickets']
        counts = {}
        for key, n in aggregate(store, '2014-09', '2015-04').counts.items():
            if key[0] == 'n':
                counts[(key[1], key[2])] = counts.get((key[1], key[2]),
                                                      0) + n
        euros = {}
        for quarter in ('2014Q3', '2014Q4', '2015Q1', '2015Q2'):
            for bill in billing(store, quarter)['bills']:
                key = (bill['point'], bill['provider'])
                euros[key] = euros.get(key, 0) + Decimal(bill['total_eur'])
    for row in read_csv('pilot_volumes.csv'):
        for provider in ('kela', 'te', 'vero', 'poliisi', 'maistraatti',
                         'kunta'):
            assert counts.get((row['point'], provider), 0) == int(
                row[provider]), (row['point'], provider)
    # the mix of performance types brings the bills close to the pilot's
    for row in read_csv('pilot_compensation.csv'):
        for provider in ('kela', 'te', 'vero', 'poliisi', 'maistraatti'):
            assert abs(euros[(row['point'], provider)]
                       - Decimal(row[provider])) <= 3, (row['point'],
                                                        provider)
    assert not any(p == 'kunta' for _, p in euros)  # never billed


def test_rolled_up_reports_equal_a_scan(pilot):
    """``generate`` rolls up the finished months: the cumulative report
    of March reads the rollup of February and March's own aggregates."""
    from kb.tickets.reports import monthly, scan_aggregates, sources

    with pilot as root:
        store = root['tickets']
        assert ('mikkeli', '2015-03') in store.rollups
        used = [id(a) for _, a in sources(store, '2015-01', '2015-03')]
        assert id(store.rollups[('mikkeli', '2015-03')]) in used
        for point, provider in ((None, None), ('mikkeli', 'kela')):
            assert monthly(store, '2015-03', point, provider) == monthly(
                store, '2015-03', point, provider, totals=scan_aggregates)


def test_arrivals_fall_in_opening_hours(pilot):
    from kb.tickets.reports import monthly

    with pilot as root:
        report = monthly(root['tickets'], '2015-03', point='pelkosenniemi')
    slots = {row['slot'] for row in report['monthly']['arrivals']}
    assert slots <= {'08-10', '10-12', '12-14', '14-16'}  # 09:30-15:00


def test_opening_hours_parser():
    from kb.tickets.generator import opening_hours

    assert opening_hours('Mon-Wed 09:00-16:00; Thu 09:00-17:00; '
                         'Fri 09:00-15:00') == {
        0: (540, 960), 1: (540, 960), 2: (540, 960), 3: (540, 1020),
        4: (540, 900)}
    assert opening_hours('Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00')[4] == \
        (540, 960)


def test_mix_brackets_the_average_price():
    from kb.tickets.generator import mix

    prices = {'a': Decimal('1.18'), 'b': Decimal('2.95')}
    assert mix(10, Decimal('20.65'), prices) == {'a': 5, 'b': 5}
    assert mix(4, Decimal('1'), prices) == {'a': 4}
    assert mix(4, Decimal('100'), prices) == {'b': 4}


def test_the_demo_has_an_advisor_of_parainen_and_its_satellite(pilot):
    with pilot as root:
        assert root['users']['skargard-advisor'].points == (
            'parainen', 'parainen-nauvo')
        assert root['points']['parainen-nauvo'].fields['municipality'] == (
            'Parainen')
        # the pilot's tickets are the pilot points' only
        assert not list(root['tickets'].months('parainen-nauvo'))


def test_the_demo_users_mail_lands_in_the_catcher(app, database,
                                                  smtp_server):
    """Demo users have reserved example.com addresses, so the demo's
    work in progress (a card in review) mails its reviewer."""
    from kb.cards.versioning import Versioning
    from kb.demo import load_demo

    with database as root:
        load_demo(root, app.registry, Versioning(app.registry, 'demo'))
    with database as root:
        assert root['users']['kela-reviewer'].email == (
            'kela-reviewer@example.com')
        assert root['points']['mikkeli'].report_recipients == (
            'raportit-mikkeli@example.com',)
    assert 'kela-reviewer@example.com' in [
        message['X-Envelope-To'] for message in smtp_server.messages]
