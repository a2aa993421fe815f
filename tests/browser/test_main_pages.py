"""Every main page of every role, in the role's interface language, in a
real browser, on a phone (375 px) and a laptop (1280 px): it answers,
has the expected language and one h1, runs no blocked script, does not
scroll sideways, its header's controls are large enough to touch, stay
on one line and do not overlap, no two header links share a name, and
axe-core finds nothing serious or critical. (The
flows test what the pages do; this sweep covers the pages they do not
pass through, such as the review queue, the card form and the reports.
Read only: the demo database is shared.)"""
from playwright.sync_api import expect
import pytest

from tests.browser.harness import (
    PHONE,
    WIDE,
    axe_check,
    header_faults,
    login,
    set_width,
    sideways_overflow,
    watch_errors,
)

GUIDE = 'opas-virhetilanteet'
PACKAGE = 'paketti-tyottomaksi-jaaminen'
CARD = 'kela-neuvonta'
#: user → (interface language, pages); demo users' languages are set in
#: ``kb.demo.DEMO_USERS``
PAGES = {
    'central': ('fi', [
        '/editor/', '/editor/lists/drafts',
        '/editor/cards/new', f'/editor/cards/{GUIDE}/edit',
        f'/editor/cards/{PACKAGE}/edit', f'/editor/cards/{CARD}/history',
        '/editor/notices', '/editor/notices/new',
        '/editor/search-analytics', '/editor/synonyms',
        '/editor/synonyms/1/edit', '/editor/synonyms/1/remove',
        '/editor/publication',
    ]),
    'kela-editor': ('fi', ['/editor/']),
    # the demo's card in review is in the reviewer's notifications
    'kela-reviewer': ('fi', ['/notifications', '/settings']),
    'admin': ('fi', ['/admin', '/admin/users', '/admin/prices',
                     '/admin/users/kela-editor']),
    'mikkeli-manager': ('fi', ['/reports', '/reports/monthly',
                               '/intranet/points/mikkeli/cards']),
    'parainen-advisor': ('sv', [
        '/intranet/', '/intranet/?q=bostadsbidrag', '/intranet/guides',
        f'/intranet/cards/{CARD}', f'/intranet/cards/{PACKAGE}',
        f'/intranet/cards/{GUIDE}', '/intranet/changes',
    ]),
    'pelkosenniemi-advisor': ('se', [
        '/intranet/', '/intranet/guides', f'/intranet/cards/{CARD}',
        '/notifications',
    ]),
}
PUBLIC = [('/?lang=se', 'se'), ('/providers/kela?lang=sv', 'sv'),
          ('/life-events/unemployment?lang=se', 'se'),
          ('/search?q=ajokortti', 'fi')]


def check_pages(page, pages):
    """Visit ``(path, lang)`` pages in turn and check each."""
    errors = watch_errors(page)
    for path, lang in pages:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator('html')).to_have_attribute('lang', lang)
        expect(page.locator('h1')).to_have_count(1)
        names = page.locator('header a').all_inner_texts()
        assert len(names) == len(set(names)), (path, names)
        for width in (PHONE, WIDE):
            set_width(page, width)
            assert sideways_overflow(page) <= 0, (path, width)
            faults = header_faults(page)
            assert faults == [], (path, width, faults)
            axe_check(page)
    assert errors == []


@pytest.mark.parametrize('user', sorted(PAGES))
def test_the_main_pages_of_each_role(page, user):
    lang, paths = PAGES[user]
    login(page, user)
    check_pages(page, [(path, lang) for path in paths])


def test_the_public_pages(page):
    check_pages(page, PUBLIC)
    # a phone: "log in" in sight, the languages in a menu
    set_width(page, PHONE)
    page.goto('/')
    login_link = page.get_by_role('link', name='Kirjaudu sisään')
    expect(login_link).to_be_in_viewport()
    swedish = page.get_by_role('button', name='På svenska')
    expect(swedish).to_be_hidden()
    page.locator('.languages summary').click()
    expect(swedish).to_be_in_viewport()
    with page.expect_navigation():
        swedish.click()
    expect(page.locator('html')).to_have_attribute('lang', 'sv')
    # a service page prints without the header
    page.goto('/services/kela-neuvonta')
    page.emulate_media(media='print')
    expect(page.locator('header')).to_be_hidden()
    expect(page.locator('h1')).to_be_visible()
    icon = page.request.get(
        page.locator('link[rel=icon]').get_attribute('href'))
    assert icon.ok and icon.headers['content-type'].startswith('image/svg')


def test_an_intranet_card_prints_alone(page):
    """Printed, the advisor's card page is the card: no search, results
    or ticket panel beside it."""
    login(page, 'mikkeli-advisor', came_from=f'/intranet/cards/{CARD}')
    expect(page.locator('#ticket-pane')).to_be_visible()
    page.emulate_media(media='print')
    for hidden in ('header', '#ticket-pane', '.ws-search'):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator('#card-pane h1')).to_be_visible()
