"""Report pages: who sees which figures, charts that match the tables,
CSV downloads, the quarter's bills, bad input, locale formatting."""
import pytest

from tests.conftest import PASSWORD
from tests.tickets.test_reports import (  # noqa: F401,F811 fixtures
    cards,
    february,
    lifecycle,
)
from tests.views.helpers import log_in


@pytest.fixture
def two_points(february, clock,  # noqa: F811
               database, as_user, testapp, tokens):
    """February at Mikkeli, plus one Vero performance at Parainen."""
    from kb.accounts.users import add_user, issue_token
    from tests.conftest import Client

    with database as root:
        user = add_user(root, database.registry, 'test', 'parainen-advisor',
                        'advisor', PASSWORD, None, 'parainen')
        token = issue_token(root, database.registry, 'test', user)
    lifecycle(Client(testapp, token), clock, 'vero-neuvonta',
              'neuvonta_lyhyt', '2015-02-10T11:00:00', 60, 600)


def chart(page, chart_id):
    """{label: (shown value, bar length)} of one chart."""
    svg = page.html.find('title', id=f'{chart_id}-title').find_parent('svg')
    return {
        g.find('text', class_='label').text: (
            g.find('text', class_='value').text, int(g.find('rect')['width']))
        for g in svg.find_all('g', class_='bar')}


def table(page, chart_id):
    figure = page.html.find('title', id=f'{chart_id}-title').find_parent(
        'figure')
    return {row.th.text: row.td.text
            for row in figure.find('tbody').find_all('tr')}


def monthly(testapp, status=200, **params):
    return testapp.get('/reports/monthly', params=dict(
        {'month': '2015-02'}, **params), status=status)


def test_central_editor_sees_every_point_and_charts_match(testapp,
                                                          two_points):
    log_in(testapp, 'central')
    page = monthly(testapp)
    providers = chart(page, 'per-provider')
    assert providers == {'Kela': ('3', 300), 'Kunta': ('1', 100),
                         'Verohallinto': ('2', 200)}
    assert table(page, 'per-provider') == {
        label: shown for label, (shown, _) in providers.items()}
    svg = page.html.find('title', id='per-provider-title').find_parent('svg')
    assert svg['role'] == 'img' and svg.find('desc') is not None
    assert 'Kela: 3' in [t.text for t in svg.find_all('title')]
    assert chart(page, 'arrivals')['10–12'] == ('2', 300)
    assert chart(page, 'per-type') == {
        'Neuvonta lyhyt 2 min': ('5', 300),
        'Asiakirjat vastaanotto ja vireillepano': ('1', 60)}
    # medians in minutes: kela closed 180, 2000, 90 s → 3 min
    assert chart(page, 'medians')['Kela'][0] == '3'
    rows = [[td.text for td in tr.find_all('td')]
            for tr in page.html.find_all('tr')]
    # handling times: provider Kela, 3 closed, medians 120 s and 180 s,
    # in minutes as the charts have them
    assert ['Palveluntuottaja', 'Kela', '3', '2', '3', '2'] in rows
    assert 'style=' not in page.text and '<script' not in page.text


def test_point_manager_sees_only_their_point(testapp, two_points):
    log_in(testapp, 'manager')
    page = monthly(testapp)
    assert chart(page, 'per-provider')['Verohallinto'] == ('1', 100)
    assert 'Paraisten' not in page.text
    assert page.html.find('select', id='point') is None
    monthly(testapp, point='parainen', status=403)
    index = testapp.get('/reports')
    assert 'Mikkelin Asiointipiste' in index.html.find('main').text


def test_provider_sees_only_its_own_provider(testapp, two_points):
    log_in(testapp, 'vero-editor')
    page = monthly(testapp)
    assert chart(page, 'per-provider') == {'Verohallinto': ('2', 300)}
    assert page.html.find('select', id='provider') is None
    assert page.html.find('select', id='point') is not None
    narrowed = monthly(testapp, point='parainen')
    assert chart(narrowed, 'per-provider') == {'Verohallinto': ('1', 300)}
    monthly(testapp, provider='kela', status=403)


def test_advisors_and_the_public_get_no_reports(testapp, tokens):
    assert '/login' in testapp.get('/reports', status=303).location
    log_in(testapp, 'advisor')
    testapp.get('/reports', status=403)
    monthly(testapp, status=403)


def test_csv_download_of_the_monthly_report_and_the_bills(testapp,
                                                          two_points):
    log_in(testapp, 'kela-editor')
    page = monthly(testapp)
    link = page.html.find(id='machine-link')['href']
    csv = testapp.get(link)
    assert csv.content_type == 'text/csv'
    lines = csv.text.splitlines()
    assert lines[0].startswith('period,table,')
    assert any(line.startswith('monthly,compensation,mikkeli,kela,,3,,5.31')
               for line in lines)
    assert not any(',vero,' in line for line in lines)
    bills = testapp.get('/reports/billing', params={'quarter': '2015Q1'})
    csv = testapp.get(bills.html.find(id='machine-link')['href'])
    assert csv.content_type == 'text/csv'
    assert 'mikkeli,kela,2015Q1,TOTAL,3,,5.31' in csv.text.splitlines()


def test_spreadsheet_csv_has_names_semicolons_and_minutes(testapp,
                                                          two_points):
    """Issue 15: the CSV used codes and commas where Finnish
    spreadsheets expect names and semicolons; durations in minutes."""
    log_in(testapp, 'central')
    page = monthly(testapp)
    csv = testapp.get(page.html.find(id='spreadsheet-link')['href'])
    assert csv.content_type == 'text/csv'
    assert csv.text.startswith('\ufeffJakso;Taulukko;Asiointipiste;')
    lines = csv.text.splitlines()
    assert ('Tämä kuukausi;Korvaukset;Mikkelin Asiointipiste;Kela;;3;;5,31'
            in [line[:len('Tämä kuukausi;Korvaukset;Mikkelin Asiointipiste;'
                          'Kela;;3;;5,31')] for line in lines])
    assert 'mikkeli' not in csv.text and 'neuvonta_' not in csv.text
    times = [line.split(';') for line in lines
             if line.startswith('Tämä kuukausi;Käsittelyajat (minuuttia);')]
    machine = testapp.get(page.html.find(id='machine-link')['href']).text
    seconds = [line.split(',') for line in machine.splitlines()
               if line.startswith('monthly,handling_times,')]
    header = machine.splitlines()[0].split(',')
    column = header.index('closed_median')
    assert len(times) == len(seconds) > 0
    assert [row[column] for row in times] == [
        format(float(row[column]) / 60, '.1f').rstrip('0').rstrip(
            '.').replace('.', ',') for row in seconds]
    bills = testapp.get('/reports/billing', params={'quarter': '2015Q1'})
    csv = testapp.get(bills.html.find(id='spreadsheet-link')['href'])
    assert ('Mikkelin Asiointipiste;Kela;2015Q1;Yhteensä;3;;5,31'
            in csv.text.splitlines())


def test_monthly_page_summary_first_sections_and_minutes(testapp,
                                                         two_points):
    """Issue 15: the monthly page was 7,400 px long and mixed seconds
    (tables) with minutes (charts)."""
    log_in(testapp, 'central')
    page = monthly(testapp).html
    targets = [a['href'] for a in page.find(
        'nav', class_='report-sections').find_all('a')]
    assert targets == ['#summary-heading', '#charts-heading',
                       '#monthly-heading', '#cumulative-heading']
    assert all(page.find(id=target[1:]) for target in targets)
    summary = page.find(id='summary')
    assert summary.find_previous('section') is None  # the first section
    assert '6' in summary.find('dd').text  # performances this month
    tables = page.find(id='monthly-heading').find_parent('section')
    # feedback, times per point and the providers' shares: issue 17
    assert len(tables.find_all('details')) == 6
    assert all(not details.has_attr('open') for details in
               page.find_all('details'))
    assert 'Käsittelyajat (minuuttia)' in tables.text
    assert 'sekunt' not in page.text


def test_bills_are_printable_and_formatted_per_locale(testapp, two_points):
    log_in(testapp, 'central')
    page = testapp.get('/reports/billing', params={'quarter': '2015Q1'})
    assert page.html.find('link', media='print')['href'].endswith(
        '/static/reports/print.css')
    bills = page.html.find_all('section', class_='bill')
    assert len(bills) == 3  # kela and vero at Mikkeli, vero at Parainen
    assert '5,31\xa0€' in bills[0].find('tfoot').text
    assert 'Paraisten Asiointipiste' in bills[2].h2.text
    testapp.set_cookie('_LOCALE_', 'sv')
    swedish = monthly(testapp)
    assert swedish.html.html['lang'] == 'sv'
    assert 'februari 2015' in swedish.text
    assert '5,31\xa0€' in swedish.text
    testapp.get('/static/reports/print.css')


def test_bad_month_or_quarter_is_a_readable_400(testapp, tokens):
    log_in(testapp, 'central')
    for month in ('2015-13', 'March'):
        page = monthly(testapp, month=month, status=400)
        error = page.html.find(id='month-error')
        assert error is not None and error['role'] == 'alert'
        assert page.html.find('input', id='month')['aria-invalid'] == 'true'
    page = testapp.get('/reports/billing', params={'quarter': '2015Q5'},
                       status=400)
    assert page.html.find(id='quarter-error') is not None
    page = monthly(testapp, point='nowhere', status=400)
    assert page.html.find(id='form-error') is not None
    # no month given: this month's report
    assert testapp.get('/reports/monthly').html.find('input', id='month')[
        'value']


def named_cells(page):
    """(text, lang) of the table cells naming something in a language
    (performance types, handling-time keys), charts left out."""
    return {(td.text, td['lang'])
            for td in page.html.select('section > details > table td[lang]')}


def test_performance_types_in_sami_and_finnish_where_a_name_is_missing(
    testapp, two_points, monkeypatch
):
    from kb import refdata

    log_in(testapp, 'central')
    testapp.set_cookie('_LOCALE_', 'se')
    page = monthly(testapp)
    assert table(page, 'per-type') == {
        'Oanehis rávven (2 min)': '5',
        'Dokumeanttaid vuostáiváldin ja ášši álggaheapmi': '1'}
    assert ('Oanehis rávven (2 min)', 'se') in named_cells(page)
    monkeypatch.delitem(refdata.suoritteet()['asiakirjat_vastaanotto'],
                        'name_se')
    page = monthly(testapp)
    finnish = 'Asiakirjat vastaanotto ja vireillepano'
    assert (finnish, 'fi') in named_cells(page)
    bar = page.html.find('title', id='per-type-title').find_parent(
        'svg').find('g', lang='fi')
    assert bar.find('title').text == f'{finnish}: 1'
    bills = testapp.get('/reports/billing', params={'quarter': '2015Q1'})
    lines = {(td.text, td['lang']) for td in bills.html.select(
        'section.bill tbody td[lang]')}
    assert ('Oanehis rávven (2 min)', 'se') in lines
    assert (finnish, 'fi') in lines


def test_point_names_in_swedish_and_finnish_marked_in_sami(testapp,
                                                           two_points):
    log_in(testapp, 'central')
    testapp.set_cookie('_LOCALE_', 'sv')
    page = monthly(testapp)
    assert ('Servicepunkten i S:t Michel', 'sv') in named_cells(page)
    select = page.html.find('select', id='point')
    option = select.find('option', value='mikkeli')
    assert (option.text, option['lang']) == ('Servicepunkten i S:t Michel',
                                             'sv')
    testapp.set_cookie('_LOCALE_', 'se')
    # points have no Sámi names: Finnish, marked as such
    page = monthly(testapp)
    assert ('Mikkelin Asiointipiste', 'fi') in named_cells(page)
    assert ('Servicepunkten i S:t Michel', 'sv') not in named_cells(page)


def test_times_per_point_shares_and_priced_minutes_on_pages_and_csv(
        testapp, two_points):
    """Issue 17, item 3: what the pilot's reports had and ours lacked,
    on the pages and in both CSV forms."""
    log_in(testapp, 'central')
    page = monthly(testapp).html
    tables = page.find(id='monthly-heading').find_parent('section')
    per_point = tables.find(
        'h3', string='Käsittelyajat asiointipisteittäin (minuuttia)'
    ).find_parent('details').find('tbody').find_all('tr')
    assert ['Paraisten Asiointipiste', 'Verohallinto', 'Palveluntuottaja',
            'Verohallinto', '1', '1', '10', '1'] in [
        [td.text for td in row.find_all('td')] for row in per_point]
    shares = tables.find('h3', string='Palveluntuottajien osuudet '
                         'käytöstä koko maassa').find_parent('details')
    assert [[td.text for td in row.find_all('td')]
            for row in shares.find('tbody').find_all('tr')] == [
        ['Kela', '3', '60'], ['Verohallinto', '2', '40']]
    bills = testapp.get('/reports/billing', params={'quarter': '2015Q1'})
    times = bills.html.find(id='times-heading').find_parent('section')
    assert [td.text for td in times.find('tbody').find_all('tr')[1].find_all(
        'td')][:4] == ['Kela', 'Neuvonta lyhyt 2 min', '2', '2']
    csv = testapp.get(times.find(id='times-spreadsheet-link')['href'])
    lines = csv.text.splitlines()
    assert lines[0].startswith('\ufeffPalveluntuottaja;Suorite;'
                               'Hinnoitellut minuutit;')
    machine = testapp.get(times.find(id='times-machine-link')['href'])
    assert machine.text.splitlines()[1].startswith(
        'kela,asiakirjat_vastaanotto,5.0,60.0,60.0,90.0,90.0,1')
    testapp.get('/reports/billing.csv', params={
        'quarter': '2015Q1', 'table': 'x'}, status=422)
    testapp.get('/api/v1/reports/billing', params={
        'quarter': '2015Q1', 'format': 'csv', 'table': 'x'}, status=422)
