"""The administration pages: users and the price list, through the
real app with a login through ``/login``."""
from decimal import Decimal

import pytest
import webtest

from tests.views.helpers import log_in


@pytest.fixture
def admin(testapp, tokens):
    log_in(testapp, 'admin')
    return testapp


def test_admin_link_in_the_account_navigation(admin):
    page = admin.get('/admin').follow()
    nav = page.html.find('nav', class_='account')
    link = nav.find('a', href='/admin')
    assert link.text == 'Ylläpito'
    assert link['aria-current'] == 'page'
    assert len(page.html.find_all('h1')) == 1


def test_users_are_listed(admin):
    page = admin.get('/admin/users')
    row = page.html.find('th', string='kela-editor').parent
    cells = [cell.text for cell in row.find_all('td')]
    assert cells[0] == 'Palveluntuottajan toimittaja'
    assert 'Kela' in cells[1]
    assert cells[3] == 'Kyllä'


def test_an_added_user_can_log_in(admin, app):
    form = admin.get('/admin/users').forms['user-form']
    form['name'] = 'new-advisor'
    form['role'] = 'advisor'
    form['point'] = 'mikkeli'
    form['password'] = 'a long enough one'
    page = form.submit(status=303).follow()
    assert 'Käyttäjä "new-advisor" lisättiin.' in page.text
    row = page.html.find('th', string='new-advisor').parent
    assert 'Mikkelin Asiointipiste' in row.text
    browser = webtest.TestApp(app)
    landed = log_in(browser, 'new-advisor', 'a long enough one')
    assert landed.location.endswith('/intranet/')


def test_a_bad_user_name_is_shown_beside_the_field(admin):
    form = admin.get('/admin/users').forms['user-form']
    form['name'] = 'Bad Name'
    form['role'] = 'central_editor'
    form['password'] = 'a long enough one'
    page = form.submit(status=422)
    error = page.html.find(id='name-error')
    assert 'pieniä kirjaimia' in error.text
    assert error.parent.find('input')['value'] == 'Bad Name'
    assert page.html.find(id='name')['aria-describedby'] == 'name-error'
    assert page.forms['user-form']['role'].value == 'central_editor'
    assert 'Bad Name' not in admin.get('/admin/users').html.find(
        'table').text


def test_a_role_without_its_provider_is_refused(admin):
    form = admin.get('/admin/users').forms['user-form']
    form['name'] = 'no-provider'
    form['role'] = 'provider_editor'
    form['password'] = 'a long enough one'
    page = form.submit(status=422)
    assert 'Valitse tälle roolille palveluntuottaja.' in page.html.find(
        id='provider-error').text


def test_an_existing_user_name_is_a_conflict(admin):
    form = admin.get('/admin/users').forms['user-form']
    form['name'] = 'central'
    form['role'] = 'central_editor'
    form['password'] = 'a long enough one'
    page = form.submit(status=409)
    assert 'on jo käytössä' in page.html.find(id='name-error').text


@pytest.mark.parametrize('path', ['/admin/users', '/admin/prices'])
def test_other_roles_are_forbidden(testapp, tokens, path):
    log_in(testapp, 'central')
    testapp.get(path, status=403)
    nav = testapp.get('/reports/monthly').html.find('nav', class_='account')
    assert nav.find('a', href='/admin') is None


def test_the_public_is_sent_to_log_in(testapp):
    assert '/login' in testapp.get('/admin/users', status=303).location


def test_forms_without_csrf_are_refused(admin):
    admin.post('/admin/users', {'name': 'sneaky', 'role': 'admin',
                                'password': 'a long enough one'},
               status=400)
    admin.post('/admin/prices', {'effective': '2016-01-01',
                                 'minute_price': '9'}, status=400)
    assert admin.get('/admin/users').html.find('th', string='sneaky') is None


def price_form(admin, **values):
    form = admin.get('/admin/prices').forms['price-form']
    for key, value in values.items():
        form[key] = value
    return form


def test_prices_name_performance_types_in_the_interface_language(admin):
    admin.set_cookie('_LOCALE_', 'sv')
    page = admin.get('/admin/prices')
    option = page.html.find('option', value='neuvonta_lyhyt')
    assert (option.text, option['lang']) == ('Kort rådgivning (2 min)', 'sv')
    names = {(cell.text, cell['lang']) for cell in page.html.find(
        id='prices').select('td[lang]')}
    assert ('Lång rådgivning (5 min)', 'sv') in names
    # names, not codes ("ajanvaraus_puhelinpalveluun Ajanvaraus ...")
    assert '_' not in page.html.find(id='prices').text
    assert '_' not in page.html.find(id='suorite').text


def test_service_points_are_named_not_coded(admin):
    """Issue 15: point codes in admin; opening hours as written."""
    admin.set_cookie('_LOCALE_', 'sv')
    users = admin.get('/admin/users')
    option = users.html.find(id='point').find('option', value='parainen')
    assert (option.text, option['lang']) == ('Servicepunkten i Pargas', 'sv')
    points = admin.get('/admin/points').html.find(id='points')
    link = points.find('a', href='/admin/points/mikkeli')
    assert link.text == 'Servicepunkten i S:t Michel'
    row = link.find_parent('tr')
    assert 'mikkeli' not in row.text
    assert 'mån–fre 09:00–16:00' in row.text and 'Mon' not in row.text
    page = admin.get('/admin/points/mikkeli')
    assert page.html.h1.text == 'Servicepunkten i S:t Michel'


def test_new_minutes_from_a_date_show_in_the_list_and_the_api(admin):
    page = price_form(admin, effective='2016-01-01', provider='kela',
                      suorite='neuvonta_lyhyt', minutes='30').submit(
                          status=303).follow()
    assert 'Hinnat muutettu 1.1.2016 alkaen: 1 hintariviä.' in page.text
    rows = [[cell.text for cell in row.find_all('td')]
            for row in page.html.find(id='prices').tbody.find_all('tr')]
    kela = [row for row in rows if row[1] == 'Neuvonta lyhyt 2 min'
            and 'Kela' in row[0] and row[2] == '1.1.2016']
    assert kela and kela[0][3] == '30'
    api = admin.get('/api/v1/suoritteet', {'date': '2016-01-02'}).json
    entry = next(item for item in api['items']
                 if item['code'] == 'neuvonta_lyhyt')
    assert entry['prices']['kela']['minutes'] == 30
    before = admin.get('/api/v1/suoritteet', {'date': '2015-12-31'}).json
    entry = next(item for item in before['items']
                 if item['code'] == 'neuvonta_lyhyt')
    assert entry['prices']['kela']['minutes'] != 30


def test_a_new_minute_price_for_all(admin):
    price_form(admin, effective='2016-01-01',
               minute_price='0.62').submit(status=303)
    api = admin.get('/api/v1/suoritteet', {'date': '2016-06-01'}).json
    prices = [price for item in api['items']
              for price in item['prices'].values()]
    assert prices
    for price in prices:
        assert Decimal(price['price_eur']) == (
            Decimal('0.62') * price['minutes']).quantize(Decimal('0.01'))
    page = admin.get('/admin/prices')
    assert '0,62\xa0€' in page.html.find(id='prices').text


def test_bad_price_input_is_shown_beside_the_fields(admin):
    page = price_form(admin, effective='1.1.2016', provider='kela',
                      minutes='many').submit(status=422)
    assert 'VVVV-KK-PP' in page.html.find(id='effective-error').text
    assert 'jätä molemmat pois' in page.html.find(id='provider-error').text
    assert 'kokonaislukuna' in page.html.find(id='minutes-error').text
    assert page.forms['price-form']['minutes'].value == 'many'


@pytest.mark.parametrize('minute_price', ['cheap', '101'])
def test_a_bad_minute_price_is_refused(admin, minute_price):
    page = price_form(admin, effective='2016-01-01',
                      minute_price=minute_price).submit(status=422)
    assert 'desimaalilukuna' in page.html.find(id='minute_price-error').text
    assert '0,62' not in admin.get('/admin/prices').text


def test_a_change_needs_minutes_or_a_minute_price(admin):
    page = price_form(admin, effective='2016-01-01').submit(status=422)
    assert page.html.find(id='minutes-error').text == (
        'Anna uusi minuuttimäärä tai uusi minuuttihinta.')


def user_form(admin, name, **values):
    form = admin.get(f'/admin/users/{name}').forms['user-edit-form']
    for key, value in values.items():
        form[key] = value
    return form


def test_a_user_gets_a_new_role_with_its_provider(admin):
    listed = admin.get('/admin/users')
    page = listed.click(href='/admin/users/advisor$')
    assert page.html.h1.text == 'Käyttäjä advisor'
    page = user_form(admin, 'advisor', role='provider_reviewer',
                     provider='vero', point='').submit(status=303).follow()
    assert 'Käyttäjän "advisor" tiedot muutettiin.' in page.text
    form = page.forms['user-edit-form']
    assert form['role'].value == 'provider_reviewer'
    assert form['provider'].value == 'vero'
    assert form['point'].value == ''


def test_a_role_without_its_point_is_shown_beside_the_field(admin):
    page = user_form(admin, 'central', role='advisor').submit(status=422)
    assert page.html.find(id='point-error').text
    assert page.html.find(id='point')['aria-describedby'] == 'point-error'
    assert page.forms['user-edit-form']['role'].value == 'advisor'
    assert admin.get('/api/v1/users/central').json['role'] == (
        'central_editor')


def test_a_deactivated_user_cannot_log_in(admin, app):
    form = user_form(admin, 'kela-editor')
    form['active'] = False
    page = form.submit(status=303).follow()
    assert 'ei voi kirjautua' in page.text
    assert page.forms['user-edit-form']['active'].checked is False
    browser = webtest.TestApp(app)
    log_in(browser, 'kela-editor', status=401)
    form = user_form(admin, 'kela-editor')
    form['active'] = True
    form.submit(status=303)
    log_in(browser, 'kela-editor')


def test_an_administrator_cannot_lock_themselves_out(admin):
    form = user_form(admin, 'admin')
    form['active'] = False
    page = form.submit(status=409)
    assert page.html.find(id='active-error').text
    page = user_form(admin, 'admin', role='central_editor').submit(
        status=409)
    assert 'viimeinen' in page.html.find(id='role-error').text
    assert admin.get('/admin/users').status_int == 200


def test_an_administrator_sets_a_new_password(admin, app):
    form = admin.get('/admin/users/advisor').forms['password-form']
    form['password'] = 'short'
    page = form.submit(status=422)
    assert page.html.find(id='password-error').text
    form = page.forms['password-form']
    form['password'] = 'a fresh long password'
    page = form.submit(status=303).follow()
    assert 'advisor' in page.html.find(class_='notice').text
    browser = webtest.TestApp(app)
    log_in(browser, 'advisor', status=401)
    log_in(browser, 'advisor', 'a fresh long password')


def test_user_forms_need_csrf_and_an_administrator(admin, testapp, tokens):
    admin.post('/admin/users/advisor', {'role': 'admin'}, status=400)
    admin.post('/admin/users/advisor/password',
               {'password': 'a long enough one'}, status=400)
    admin.get('/admin/users/nobody', status=404)
    browser = webtest.TestApp(admin.app)
    log_in(browser, 'manager')
    browser.get('/admin/users/advisor', status=403)


def test_an_administrator_keeps_their_session_after_their_own_reset(admin):
    form = admin.get('/admin/users/admin').forms['password-form']
    form['password'] = 'my own new password'
    page = form.submit(status=303).follow()
    assert page.html.h1.text == 'Käyttäjä admin'
    admin.get('/admin/users')


def test_a_user_at_a_closed_point_keeps_it_on_their_page(admin):
    for name in ('advisor', 'manager'):
        form = user_form(admin, name)
        form['active'] = False
        form.submit(status=303)
    form = admin.get('/admin/points/mikkeli').forms['point-form']
    form['active'] = False
    form.submit(status=303)
    page = admin.get('/admin/users/advisor')
    assert page.forms['user-edit-form']['point'].value == 'mikkeli'
    form = page.forms['user-edit-form']
    form['active'] = True
    page = form.submit(status=422)
    assert page.html.find(id='point-error').text == (
        'Tämä asiointipiste on suljettu.')


def test_a_user_is_given_further_points_on_their_page(admin, database):
    form = user_form(admin, 'advisor')
    boxes = {box._value: box for box in form.fields['points']}
    boxes['parainen'].checked = True
    boxes['mikkeli'].checked = True  # the home point: no further point
    form.submit(status=303)
    with database as root:
        assert root['users']['advisor'].points == ('mikkeli', 'parainen')
    row = admin.get('/admin/users').html.find('th', string='advisor').parent
    assert row.find_all('td')[2].text == (
        'Mikkelin Asiointipiste, Paraisten Asiointipiste')
    form = user_form(admin, 'advisor', point='parainen')
    assert [box._value for box in form.fields['points'] if box.checked] == [
        'parainen']
    form.submit(status=303)
    with database as root:
        assert root['users']['advisor'].points == ('parainen',)
