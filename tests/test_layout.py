"""Landing pages after login and the account navigation, by role."""
import pytest

from tests.views.helpers import log_in


def links(page):
    """The account navigation's workplace links (the notifications'
    link is every user's: tests/views/test_notifications.py)."""
    nav = page.html.find('nav', attrs={'aria-label': 'Käyttäjätili'})
    return [(a.text, a['href']) for a in nav.find_all('a')
            if 'notifications' not in a.get('class', ())]


@pytest.mark.parametrize('name, landing', [
    ('advisor', '/intranet/'),
    ('manager', '/intranet/'),
    ('kela-editor', '/editor/'),
    ('kela-reviewer', '/editor/'),
    ('central', '/editor/'),
    ('admin', '/admin'),
])
def test_each_role_lands_on_its_own_page(testapp, tokens, name, landing):
    assert log_in(testapp, name).location == f'http://localhost{landing}'


def test_came_from_wins_over_the_landing_page(testapp, tokens):
    response = log_in(testapp, 'advisor', came_from='/reports/billing')
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
    log_in(testapp, name)
    assert links(testapp.get('/')) == expected


def test_account_navigation_marks_the_current_page(testapp, tokens):
    assert links(testapp.get('/')) == [('Kirjaudu sisään', '/login')]
    log_in(testapp, 'manager')
    page = testapp.get('/reports/monthly?month=2015-03')
    assert links(page) == [('Intranet', '/intranet/'),
                           ('Raportit', '/reports/monthly')]
    current = page.html.find('a', attrs={'aria-current': 'page'})
    assert current['href'] == '/reports/monthly'
