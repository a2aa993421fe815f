"""Logging in and out, and the language switch, in a real browser."""
from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, logout, screenshot


def test_skip_link_is_the_first_tab_stop_and_leads_to_main(page):
    page.goto('/')
    axe_check(page)
    screenshot(page, 'home')
    page.keyboard.press('Tab')
    skip = page.locator('a.skip')
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate('e => getComputedStyle(e).outlineStyle')
    assert outline == 'solid'
    page.keyboard.press('Enter')
    assert page.url.endswith('#main')


def test_login_with_the_keyboard_only(page):
    page.goto('/login')
    expect(page.locator('html')).to_have_attribute('lang', 'fi')
    axe_check(page)
    screenshot(page, 'login')
    expect(page.locator('#username')).to_be_focused()
    page.keyboard.type('central')
    page.keyboard.press('Tab')
    expect(page.locator('#password')).to_be_focused()
    page.keyboard.type('kb-demo-2026')
    page.keyboard.press('Tab')
    expect(page.locator('#login-form button')).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page.locator('header nav.account')).to_contain_text('central')
    expect(page.locator('#logout-form')).to_be_visible()


def test_failed_login_says_so_and_keeps_the_user_name(page):
    login(page, 'mikkeli-advisor', password='not the password')
    alert = page.get_by_role('alert')
    expect(alert).to_have_text('Käyttäjätunnus tai salasana on väärä.')
    expect(page.locator('#username')).to_have_value('mikkeli-advisor')
    expect(page.locator('#password')).to_have_value('')
    expect(page.locator('#logout-form')).to_have_count(0)
    axe_check(page)
    screenshot(page, 'login-failed')


def test_language_switch_to_swedish_and_sami(page):
    page.goto('/login')
    page.get_by_role('button', name='På svenska').click()
    expect(page.locator('html')).to_have_attribute('lang', 'sv')
    expect(page.locator('h1')).to_have_text('Logga in')
    expect(page.get_by_role('button', name='På svenska')).to_have_attribute(
        'aria-pressed', 'true')
    axe_check(page)
    screenshot(page, 'login-sv')
    page.get_by_role('button', name='Sámegillii').click()
    expect(page.locator('html')).to_have_attribute('lang', 'se')
    expect(page.locator('h1')).to_have_text('Čálit sisa')
    axe_check(page)
    screenshot(page, 'login-se')
    # the cookie keeps the choice on the next page
    page.goto('/')
    expect(page.locator('html')).to_have_attribute('lang', 'se')


def test_language_choice_persists_for_the_logged_in_user(page, browser,
                                                         live_server):
    login(page, 'mikkeli-manager')
    try:
        page.get_by_role('button', name='På svenska').click()
        expect(page.locator('html')).to_have_attribute('lang', 'sv')
        logout(page)
        # another browser, Finnish and without the cookie: the user's
        # own setting wins once logged in
        other = browser.new_context(base_url=live_server, locale='fi-FI')
        try:
            elsewhere = other.new_page()
            elsewhere.goto('/')
            expect(elsewhere.locator('html')).to_have_attribute('lang', 'fi')
            login(elsewhere, 'mikkeli-manager')
            expect(elsewhere.locator('html')).to_have_attribute('lang', 'sv')
            expect(elsewhere.locator('#logout-form button')).to_have_text(
                'Logga ut')
        finally:
            other.close()
    finally:
        login(page, 'mikkeli-manager')
        page.get_by_role('button', name='Suomeksi').click()
        expect(page.locator('html')).to_have_attribute('lang', 'fi')
