"""Landing pages after login and the account navigation, by role."""
import pytest

from tests.conftest import PASSWORD


def form_login(testapp, name, came_from=None):
    url = '/login' if came_from is None else f'/login?came_from={came_from}'
    form = testapp.get(url).forms['login-form']
    form['username'] = name
    form['password'] = PASSWORD
    return form.submit(status=303)


def links(page):
    nav = page.html.find('nav', attrs={'aria-label': 'Käyttäjätili'})
    return [(a.text, a['href']) for a in nav.find_all('a')]


@pytest.mark.parametrize('name, landing', [
    ('advisor', '/intranet/'),
    ('manager', '/intranet/'),
    ('kela-editor', '/editor/'),
    ('kela-reviewer', '/editor/'),
    ('central', '/editor/'),
    ('admin', '/editor/'),
])
def test_each_role_lands_on_its_own_page(testapp, tokens, name, landing):
    assert form_login(testapp, name).location == f'http://localhost{landing}'


def test_came_from_wins_over_the_landing_page(testapp, tokens):
    response = form_login(testapp, 'advisor', came_from='/reports/billing')
    assert response.location == 'http://localhost/reports/billing'


@pytest.mark.parametrize('name, expected', [
    ('advisor', [('Intranet', '/intranet/')]),
    ('manager', [('Intranet', '/intranet/'),
                 ('Raportit', '/reports/monthly')]),
    ('kela-editor', [('Muokkaus', '/editor/')]),
    ('admin', [('Muokkaus', '/editor/'), ('Raportit', '/reports/monthly'),
               ('Ylläpito', '/admin')]),
])
def test_account_navigation_links_by_role(testapp, tokens, name, expected):
    form_login(testapp, name)
    assert links(testapp.get('/')) == expected


def test_account_navigation_marks_the_current_page(testapp, tokens):
    assert links(testapp.get('/')) == [('Kirjaudu sisään', '/login')]
    form_login(testapp, 'manager')
    page = testapp.get('/reports/monthly?month=2015-03')
    assert links(page) == [('Intranet', '/intranet/'),
                           ('Raportit', '/reports/monthly')]
    current = page.html.find('a', attrs={'aria-current': 'page'})
    assert current['href'] == '/reports/monthly'
