"""The administration pages of providers and service points, through
the real app with a login through ``/login``."""
import pytest
import webtest

from kb import refdata
from tests.directory.test_tables import read_directory
from tests.views.test_admin import log_in


@pytest.fixture
def admin(testapp, tokens):
    log_in(testapp, 'admin')
    return testapp


def fill(form, **values):
    for key, value in values.items():
        form[key] = value
    return form


def test_an_added_point_is_listed_and_offered_for_users(admin):
    page = admin.get('/admin/points')
    assert page.html.select_one('.sections nav').find(
        'a', href='/admin/points')['aria-current'] == 'page'
    page = fill(page.forms['point-form'], code='inari',
                name_fi='Inarin Asiointipiste', municipality='Inari',
                opening_hours='Ma-pe 9-15').submit(status=303).follow()
    assert 'Asiointipiste "inari" lisättiin.' in page.text
    row = page.html.find('a', href='/admin/points/inari').find_parent('tr')
    assert 'Ma-pe 9-15' in row.text
    options = [option['value'] for option in admin.get(
        '/admin/users').html.find(id='point').find_all('option')]
    assert 'inari' in options


def test_a_taken_code_and_bad_fields_are_shown_beside_them(admin, database):
    form = fill(admin.get('/admin/points').forms['point-form'],
                code='mikkeli', name_fi='Toinen', municipality='Mikkeli')
    page = form.submit(status=409)
    assert 'mikkeli' in page.html.find(id='code-error').text
    page = fill(page.forms['point-form'], code='uusi',
                area_m2='iso').submit(status=422)
    assert page.html.find(id='area_m2-error').text == 'Anna kokonaisluku.'
    assert page.html.find(id='area_m2')['aria-describedby'] == (
        'area_m2-error')
    assert page.forms['point-form']['area_m2'].value == 'iso'
    assert 'uusi' not in read_directory(database).points


def test_opening_hours_are_changed(admin):
    page = admin.get('/admin/points').click(href='/admin/points/parainen$')
    assert page.html.h1.text == 'Paraisten Asiointipiste'
    fill(page.forms['point-form'], opening_hours='Ma-pe 10-14').submit(
        status=303).follow()
    assert admin.get('/api/v1/points/parainen').json['opening_hours'] == (
        'Ma-pe 10-14')


def test_a_point_with_advisors_cannot_be_closed(admin, database):
    form = admin.get('/admin/points/mikkeli').forms['point-form']
    form['active'] = False
    page = form.submit(status=409)
    assert 'advisor' in page.html.find(id='active-error').text
    assert read_directory(database).points['mikkeli']['active'] is True


def test_a_closed_point_keeps_its_page_but_takes_no_users(admin):
    form = admin.get('/admin/points/pelkosenniemi').forms['point-form']
    form['active'] = False
    page = form.submit(status=303).follow()
    assert 'ei voi liittää' in page.text
    row = admin.get('/admin/points').html.find(
        'a', href='/admin/points/pelkosenniemi').find_parent('tr')
    assert row.find_all('td')[-1].text == 'Ei'
    options = [option['value'] for option in admin.get(
        '/admin/users').html.find(id='point').find_all('option')]
    assert 'pelkosenniemi' not in options


def test_a_provider_is_added_and_renamed(admin, database):
    page = admin.get('/admin/providers')
    page = fill(page.forms['provider-form'], code='dvv',
                name_fi='Digi- ja väestötietovirasto',
                name_sv='Myndigheten för digitalisering',
                web='dvv.fi').submit(status=303).follow()
    assert 'Palveluntuottaja "dvv" lisättiin.' in page.text
    page = page.click(href='/admin/providers/dvv$')
    page = fill(page.forms['provider-form'], name_se='DVV').submit(
        status=303).follow()
    assert page.forms['provider-form']['name_se'].value == 'DVV'
    providers = read_directory(database).providers
    assert refdata.name_of(providers, 'dvv', 'se') == 'DVV'
    page = fill(page.forms['provider-form'], name_fi='').submit(status=422)
    assert page.html.find(id='name_fi-error').text
    page = fill(admin.get('/admin/providers').forms['provider-form'],
                code='Bad Code', name_fi='X').submit(status=422)
    assert page.html.find(id='code-error').text


def test_directory_pages_need_csrf_and_an_administrator(admin, app):
    admin.post('/admin/points', {'code': 'x1', 'name_fi': 'X',
                                 'municipality': 'X'}, status=400)
    admin.post('/admin/providers/kela', {'name_fi': 'X'}, status=400)
    admin.get('/admin/points/nowhere', status=404)
    admin.get('/admin/providers/nobody', status=404)
    browser = webtest.TestApp(app)
    log_in(browser, 'central')
    for path in ('/admin/points', '/admin/providers',
                 '/admin/points/oulu-kiiminki', '/admin/providers/kela'):
        browser.get(path, status=403)


def test_the_remote_service_contact_is_kept_on_the_provider_page(
        admin, as_user):
    page = admin.get('/admin/providers/kela')
    page = fill(page.forms['provider-form'],
                room_url='http://huone.kela.fi/etapalvelu',
                phone='020 692 200').submit(status=422)
    assert page.html.find(id='room_url-error').text == (
        'Osoitteen on alettava https://.')
    assert as_user('admin').get('/api/v1/providers/kela').json[
        'remote'] == {}
    fill(page.forms['provider-form'],
         room_url='https://huone.kela.fi/etapalvelu',
         booking_url='https://varaus.kela.fi/', hours='Ma-pe 9-15').submit(
        status=303).follow()
    assert as_user('advisor').get('/api/v1/providers/kela').json[
        'remote'] == {'room_url': 'https://huone.kela.fi/etapalvelu',
                      'booking_url': 'https://varaus.kela.fi/',
                      'hours': 'Ma-pe 9-15', 'phone': '020 692 200'}


def test_report_recipients_are_kept_on_the_provider_and_point_pages(
        admin, database):
    """Issue 17, item 3: who receives the report packs, and in which
    language."""
    page = admin.get('/admin/points/parainen')
    form = page.forms['recipients-form']
    assert form['report_lang'].value == ''
    form['report_recipients'] = 'piste@pargas.example.fi\nnot-an-address'
    page = form.submit(status=422)
    error = page.html.find(id='report_recipients-error')
    assert '"not-an-address" ei ole sähköpostiosoite.' in error.text
    assert page.forms['recipients-form']['report_recipients'].value == \
        'piste@pargas.example.fi\nnot-an-address'
    form = page.forms['recipients-form']
    form['report_recipients'] = ' piste@pargas.example.fi \n\n'
    form['report_lang'] = 'sv'
    page = form.submit(status=303).follow()
    assert 'Raporttien vastaanottajat tallennettiin.' in page.text
    assert page.forms['recipients-form']['report_lang'].value == 'sv'
    with database as root:
        point = root['points']['parainen']
        assert (point.report_recipients, point.report_lang) == (
            ('piste@pargas.example.fi',), 'sv')
        assert point.fields['name_fi'] == 'Paraisten Asiointipiste'
    form = admin.get('/admin/providers/vero').forms['recipients-form']
    form['report_recipients'] = 'raportit@vero.example.fi'
    form.submit(status=303)
    with database as root:
        assert root['providers']['vero'].report_recipients == (
            'raportit@vero.example.fi',)
