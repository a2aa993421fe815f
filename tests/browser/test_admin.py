"""The administrator's user, provider and service point pages in a real
browser: accessible and free of script or CSP errors (read only, the
demo database is shared by the browser tests)."""
from playwright.sync_api import expect

from tests.browser.harness import (
    axe_check,
    login,
    screenshot,
    watch_errors,
)

#: (path, its heading, the screenshot's name or None)
PAGES = [
    ('/admin/users/mikkeli-manager', 'Käyttäjä mikkeli-manager',
     'admin-user'),
    ('/admin/providers', 'Palveluntuottajat', 'admin-providers'),
    ('/admin/providers/kela', 'Kela', None),
    ('/admin/points', 'Asiointipisteet', 'admin-points'),
    ('/admin/points/mikkeli', 'Mikkelin Asiointipiste', None),
]


def test_directory_and_user_pages_are_accessible(page):
    errors = watch_errors(page)
    login(page, 'admin')
    for path, heading, shot in PAGES:
        page.goto(path)
        expect(page.locator('h1')).to_have_text(heading)
        axe_check(page)
        if shot:
            screenshot(page, shot)
    assert errors == []
