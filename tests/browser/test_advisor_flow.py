"""An advisor at the counter: find a card with an inflected Finnish
word, open it, and log the customer's ticket with the keyboard only."""
import re

from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, screenshot

#: A Police card no other browser test uses: its tickets are the
#: advisor's own, so the test does not depend on the others' order.
CARD = 'poliisi-ajokorttihakemus'
CARD_PATH = f'/intranet/cards/{CARD}'
#: "into the driving licence": the illative of "ajokortti".
QUERY = 'ajokorttiin'
MAX_TABS = 40


def tab_to(page, selector):
    """Press Tab until the element matching ``selector`` has focus."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        page.keyboard.press('Tab')
        if target.evaluate('e => e === document.activeElement'):
            return target
    raise AssertionError(f'{selector} not reached in {MAX_TABS} Tab presses')


def test_advisor_finds_a_card_and_logs_a_ticket_by_keyboard(page):
    login(page, 'mikkeli-advisor', came_from='/intranet/')
    expect(page).to_have_url(re.compile(r'/intranet/$'))
    expect(page.locator('#q')).to_be_focused()

    page.keyboard.type(QUERY)
    with page.expect_navigation():
        page.keyboard.press('Enter')
    first_hits = page.locator('ol.hits > li h3 a').all()[:3]
    assert any(CARD in (hit.get_attribute('href') or '')
               for hit in first_hits), 'card not among the first 3 results'
    axe_check(page)
    screenshot(page, 'intranet-search')

    link = tab_to(page, f'ol.hits a[href*="{CARD_PATH}"]')
    expect(link).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page).to_have_url(re.compile(re.escape(CARD_PATH)))
    expect(page.locator('h1')).to_have_text(
        'Ajokorttihakemus ja liikenteen luvat')
    advisor = page.locator('section[aria-labelledby="advisor-title"]')
    expect(advisor.locator('h2')).to_have_text('Ohjeet neuvojalle')
    expect(advisor).to_contain_text('poliisille ei enää lähetetä')
    axe_check(page)
    screenshot(page, 'intranet-card')

    tab_to(page, '#open-form button[type=submit]')
    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page).to_have_url(re.compile(r'/intranet/tickets/[^/]+$'))
    expect(page.locator('#ticket-state')).to_have_text('Avoin')
    axe_check(page)
    screenshot(page, 'intranet-ticket')

    page.keyboard.press('1')
    expect(page.locator('#suorite-group input[data-key="1"]')).to_be_checked()
    expect(page.locator('#outcome-group input').first).to_be_focused()
    page.keyboard.press('1')
    expect(page.locator('#outcome-group input[data-key="1"]')).to_be_checked()
    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page.locator('#ticket-state')).to_have_text(
        re.compile(r'^Ratkaistu'))
    expect(page.locator('#close-button')).to_be_focused()

    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page.locator('#after-title')).to_have_text('Tiketti on suljettu.')
    expect(page.locator('#q')).to_be_focused()


def test_ticket_form_in_swedish_names_the_performance_types(page):
    """Parainen's advisor works in Swedish: the performance types are
    named in Swedish; the ticket is then cancelled (opened for the
    picture only)."""
    login(page, 'parainen-advisor',
          came_from='/intranet/cards/te-verkkoasioinnin-opastus')
    with page.expect_navigation():
        page.locator('#open-form button[type=submit]').click()
    expect(page.locator('html')).to_have_attribute('lang', 'sv')
    expect(page.locator('#ticket-state')).to_have_text('Öppen')
    name = page.locator('label[for="suorite-neuvonta_lyhyt"] span')
    expect(name).to_have_text('Kort rådgivning (2 min)')
    expect(name).to_have_attribute('lang', 'sv')
    axe_check(page)
    screenshot(page, 'intranet-ticket-sv')
    with page.expect_navigation():
        page.locator('#cancel-form button').click()


def test_escape_closes_the_suggestions_and_keeps_the_query(page):
    login(page, 'mikkeli-advisor', came_from='/intranet/')
    suggestions = page.locator('#q-suggestions')
    page.keyboard.type('ajokortti')
    expect(suggestions).to_be_visible()
    page.keyboard.press('Escape')
    expect(suggestions).to_be_hidden()
    expect(page.locator('#q')).to_have_value('ajokortti')
    page.keyboard.press('Escape')  # NB: with the list closed, too
    expect(page.locator('#q')).to_have_value('ajokortti')
    with page.expect_navigation():
        page.keyboard.press('Enter')
    expect(page).to_have_url(re.compile(r'[?&]q=ajokortti'))
