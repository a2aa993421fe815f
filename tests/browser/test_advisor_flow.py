"""An advisor at the counter: find a card with an inflected Finnish
word, open it, and log the customer's ticket with the keyboard only."""
import re

from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, screenshot

#: A Police card no other browser test uses: its tickets are the
#: advisor's own, so the test does not depend on the others' order.
CARD = 'poliisi-ajokorttihakemus'
CARD_PATH = f'/intranet/cards/{CARD}'
QUERY = 'ajokorttihakemus'


#: Keys the advisor may press from the query to the closed ticket.
MAX_KEYS = 8


class Keys:
    """The keyboard of ``page``, counting every key pressed."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)


def test_advisor_goes_from_query_to_closed_ticket_in_eight_keys(page):
    """Search, results, card and ticket on one screen; the card's
    default performance type is key 1 (it used to be "document
    reception", alphabetically first, which the card allows only under a
    local agreement); at most 8 keys after the query (it took 33)."""
    login(page, 'mikkeli-advisor', came_from='/intranet/')
    expect(page).to_have_url(re.compile(r'/intranet/$'))
    expect(page.locator('#q')).to_be_focused()
    keys = Keys(page)

    page.keyboard.type(QUERY)
    with page.expect_navigation():
        keys.press('Enter')
    hits = page.locator('ol.hits > li h3 a')
    assert CARD_PATH in (hits.first.get_attribute('href') or '')
    axe_check(page)
    screenshot(page, 'intranet-search')
    keys.press('ArrowDown')
    expect(hits.first).to_be_focused()
    keys.press('Enter')
    card = page.locator('#card-pane')
    expect(card.locator('h1')).to_have_text(
        'Ajokorttihakemus ja liikenteen luvat')
    expect(page.locator('#card-title')).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(CARD_PATH)))
    expect(page.locator('#q')).to_have_value(QUERY)  # the search stays
    expect(hits.first).to_be_visible()
    advisor = card.locator('section[aria-labelledby="advisor-title"]')
    expect(advisor).to_contain_text('poliisille ei enää lähetetä')
    screenshot(page, 'intranet-card')

    keys.press('t')
    panel = page.locator('#ticket-pane #ticket-panel')
    expect(panel.locator('#ticket-state')).to_have_text('Avoin')
    expect(panel.locator('label[for="suorite-neuvonta_lyhyt"] kbd')
           ).to_have_text('1')
    ticket = panel.get_attribute('data-url')
    axe_check(page)
    screenshot(page, 'intranet-ticket')
    keys.press('1')
    expect(page.locator('#suorite-neuvonta_lyhyt')).to_be_checked()
    expect(page.locator('#outcome-group input').first).to_be_focused()
    keys.press('Enter')
    expect(panel.locator('#ticket-state')).to_have_text(
        re.compile(r'^Ratkaistu'))
    expect(page.locator('#close-button')).to_be_focused()
    # the customer's rating (issue 17): digits there choose the rating,
    # not the performance type
    page.locator('#rating-none').focus()
    page.keyboard.press('4')
    expect(page.locator('#rating-4')).to_be_checked()
    expect(page.locator('#suorite-neuvonta_lyhyt')).to_be_checked()
    page.locator('#close-button').focus()
    keys.press('Enter')
    expect(page.locator('#ticket-pane #after-title')).to_have_text(
        'Tiketti on suljettu.')
    expect(page.locator('#q')).to_be_focused()
    assert keys.count <= MAX_KEYS, f'{keys.count} keys'

    recorded = page.request.get('/api/v1/tickets/' + ticket.rsplit('/')[-1])
    assert recorded.ok
    assert (recorded.json()['state'], recorded.json()['suorite'],
            recorded.json()['rating']) == ('closed', 'neuvonta_lyhyt', 4)

    page.go_back()  # the search without the card
    expect(page).to_have_url(re.compile(r'/intranet/\?q='))
    expect(card.locator('h1')).to_have_count(0)

    page.set_viewport_size({'width': 375, 'height': 800})
    hits.first.click()
    expect(card.locator('h1')).to_be_visible()
    widths = page.evaluate("""() => [document.querySelector('.workspace')
        .scrollWidth, document.documentElement.clientWidth]""")
    assert widths[0] <= widths[1], f'the workspace is {widths[0]} px wide'


def test_ticket_form_in_swedish_names_the_performance_types(page):
    """Parainen's advisor works in Swedish: the performance types are
    named in Swedish; the ticket is then cancelled (opened for the
    picture only). Without the workspace's script the ticket is a page
    of its own."""
    login(page, 'parainen-advisor',
          came_from='/intranet/cards/te-verkkoasioinnin-opastus')
    page.route('**/intranet.js', lambda route: route.abort())
    page.reload()
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


def test_suggestions_understand_inflection_and_typos_and_escape_keeps(
        page):
    """Inflected and misspelt words are suggested for (they found
    nothing: only title prefixes were); Escape closes the list and keeps
    the query."""
    login(page, 'mikkeli-advisor', came_from='/intranet/')
    suggestions = page.locator('#q-suggestions')
    for typed, title in (('ajokorttiin', 'Ajokorttihakemus'),
                         ('passsi', 'Passi- ja henkilökorttihakemus')):
        page.keyboard.type(typed)
        expect(suggestions.locator('[role=option]').first).to_contain_text(
            title)
        page.locator('#q').fill('')
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


def test_a_package_offers_its_cards_tickets_and_the_panel_stays(page):
    """"Use this card" on a package gave an empty channel list, then a
    422; now each card of the package has its own start-ticket button.
    The ticket panel stays while the advisor opens another card, O lists
    the open tickets, and a reload keeps the panel. What's new is a
    page."""
    login(page, 'mikkeli-advisor',
          came_from='/intranet/cards/paketti-muutto')
    expect(page.locator('#open-form')).to_have_count(0)
    page.locator('section.package form.member button').first.click()
    panel = page.locator('#ticket-pane #ticket-panel')
    expect(panel.locator('#ticket-state')).to_have_text('Avoin')
    ticket = panel.get_attribute('data-url')

    page.locator('section.package a[href*="kela-neuvonta"]').click()
    expect(page).to_have_url(re.compile(r'/intranet/cards/kela-neuvonta'))
    expect(page.locator('#card-title')).to_be_focused()
    expect(page.locator('#open-form')).to_be_visible()
    expect(panel).to_have_attribute('data-url', ticket)
    # a stray key while reading the card changes nothing on the ticket
    page.keyboard.press('2')
    expect(panel.locator('#suorite-group [data-key="2"]')).not_to_be_checked()
    page.keyboard.press('o')
    mine = page.locator(f'#ticket-pane section.tickets a[href="{ticket}"]')
    expect(mine).to_be_visible()
    page.reload()
    expect(panel).to_have_attribute('data-url', ticket)
    panel.locator('#cancel-form button').click()
    expect(page.locator('#ticket-pane #after-title')).to_have_text(
        'Tiketti on peruttu.')

    # "What's new" is a page now (it opened the raw Atom feed)
    with page.expect_navigation():
        page.locator('nav.intranet a', has_text='Mitä uutta').click()
    expect(page.locator('h1')).to_have_text('Mitä uutta')
    expect(page.locator('ol.changes > li h2 a').first).to_be_visible()
    expect(page.locator('main a[type="application/atom+xml"]')
           ).to_have_attribute('href', '/intranet/changes.atom')
    axe_check(page)
