"""The offline copy of the intranet (``kb export intranet``), opened
from the file system with no server: search with an inflected Finnish
word, open the card, read the advisor instructions."""
import re

from playwright.sync_api import expect
import pytest
import transaction

from tests.browser.harness import axe_check, screenshot, watch_errors

CARD = 'poliisi-ajokorttihakemus'
#: "into the driving licence": the illative of "ajokortti".
QUERY = 'ajokorttiin'


@pytest.fixture(scope='module')
def intranet_copy(live_app, tmp_path_factory):
    """The demo database exported in Finnish; yields the copy's folder."""
    from kb.offline.site import IntranetExport

    target = tmp_path_factory.mktemp('offline') / 'intranet'
    manager = transaction.TransactionManager()
    connection = live_app.registry._zodb_databases[''].open(
        transaction_manager=manager)
    try:
        IntranetExport(connection.root()['kb_root'],
                       live_app.registry).write(
            str(target), live_app.registry.settings['kb.themes_dir'])
    finally:
        manager.abort()
        connection.close()
    return target


@pytest.fixture
def file_page(browser):
    """A page with no server behind it; fails on script or CSP errors."""
    context = browser.new_context(locale='fi-FI',
                                  viewport={'width': 1280, 'height': 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    context.close()
    assert not errors, 'errors in the browser:\n' + '\n'.join(errors)


def test_offline_copy_finds_an_inflected_word_from_the_file_system(
    file_page, intranet_copy
):
    page = file_page
    page.goto((intranet_copy / 'index.html').as_uri())
    expect(page.locator('h1')).to_have_text('Hae palvelukortteja')
    expect(page.locator('#search-off')).to_be_hidden()  # the script ran
    axe_check(page)

    page.locator('#q').fill(QUERY)
    page.locator('#q').press('Enter')
    hits = page.locator('#hits > li h3 a')
    expect(hits.first).to_be_visible()
    first = [hit.get_attribute('href') for hit in hits.all()[:3]]
    assert f'cards/{CARD}.fi.html' in first, first
    expect(page.locator('#results-status')).to_have_text(
        re.compile(r'^Löytyi \d+ korttia$'))
    axe_check(page)
    screenshot(page, 'intranet-export-search')

    with page.expect_navigation():
        page.locator(f'#hits a[href="cards/{CARD}.fi.html"]').click()
    expect(page.locator('h1')).to_have_text(
        'Ajokorttihakemus ja liikenteen luvat')
    advisor = page.locator('section[aria-labelledby="advisor-title"]')
    expect(advisor.locator('h2')).to_have_text('Ohjeet neuvojalle')
    expect(advisor).to_contain_text('poliisille ei enää lähetetä')
    axe_check(page)
    screenshot(page, 'intranet-export-card')

    with page.expect_navigation():
        page.locator('nav.intranet a', has_text='Hae').click()
    expect(page.locator('#by-provider')).to_be_visible()
