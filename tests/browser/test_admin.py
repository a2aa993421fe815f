"""The administrator's user, provider and service point pages in a real
browser: accessible and free of script or CSP errors (read only, the
demo database is shared by the browser tests)."""
from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, watch_errors

PAGES = [
    ('/admin/users/mikkeli-manager', 'Käyttäjä mikkeli-manager'),
    ('/admin/providers', 'Palveluntuottajat'),
    ('/admin/providers/kela', 'Palveluntuottaja kela'),
    ('/admin/points', 'Asiointipisteet'),
    ('/admin/points/mikkeli', 'Asiointipiste mikkeli'),
]


def test_directory_and_user_pages_are_accessible(page):
    errors = watch_errors(page)
    login(page, 'admin')
    for path, heading in PAGES:
        page.goto(path)
        expect(page.locator('h1')).to_have_text(heading)
        axe_check(page)
    assert errors == []
