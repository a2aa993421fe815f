"""A published card's new text goes from the provider's editor through
the central editor's approval to the public site."""
import re

from playwright.sync_api import expect

from tests.browser.harness import (
    axe_check,
    login,
    logout,
    screenshot,
    watch_errors,
)

#: A Tax Administration card (default workflow: the provider's editor
#: submits, the central editor approves) no other browser test edits.
CARD = 'vero-todistukset'
EDIT = f'/editor/cards/{CARD}/edit'
#: A made-up word that is in no demo card, so the public search can
#: only find it in the new text.
WORD = 'kuunsiltatodistuksen'
SUMMARY = ('Palveluneuvoja opastaa tilaamaan Verohallinnon todistuksia, '
           f'myös uuden {WORD}.')


def fire(page, transition):
    """Press the button of a workflow transition and wait for the page."""
    with page.expect_navigation():
        page.locator(f'#transition-{transition} button').click()


def test_new_summary_is_approved_and_reaches_the_public(page, browser,
                                                        live_server):
    public_context = browser.new_context(base_url=live_server,
                                         locale='fi-FI')
    try:
        public = public_context.new_page()
        errors = watch_errors(public)
        edit_submit_and_approve(page, public)
        public.goto('/')
        expect(public.locator('#logout-form')).to_have_count(0)
        axe_check(public)
        screenshot(public, 'public-home')
        public.goto(f'/services/{CARD}')
        expect(public.locator('main')).to_contain_text(SUMMARY)
        axe_check(public)
        screenshot(public, 'public-service')
        public.goto(f'/search?q={WORD}')
        expect(public.locator(f'main a[href$="/services/{CARD}"]')
               ).to_have_count(1)
        assert not errors, 'errors in the browser:\n' + '\n'.join(errors)
    finally:
        public_context.close()


def edit_submit_and_approve(page, public):
    """The provider's editor changes the summary and submits; the public
    still reads the published text; the central editor approves."""
    login(page, 'vero-editor')
    expect(page).to_have_url(re.compile(r'/editor/$'))
    expect(page.locator('h1')).to_have_count(1)
    axe_check(page)
    screenshot(page, 'editor-dashboard')

    page.goto(EDIT)
    summary = page.locator('[name="content.fi.summary"]')
    expect(summary).not_to_have_value(re.compile(WORD))
    summary.fill(SUMMARY)
    axe_check(page)
    screenshot(page, 'editor-edit')
    with page.expect_navigation():
        page.locator('#card-form button[type=submit]').first.click()
    expect(page.locator('[name="content.fi.summary"]')).to_have_value(SUMMARY)
    fire(page, 'submit')
    expect(page.locator('#transition-submit')).to_have_count(0)
    expect(page.locator('#transition-withdraw')).to_have_count(1)

    page.goto(f'/editor/cards/{CARD}/history')
    expect(page.locator('h1')).to_have_count(1)
    axe_check(page)
    logout(page)

    public.goto(f'/services/{CARD}')
    expect(public.locator('main')).to_contain_text('Verohallinnon')
    expect(public.locator('main')).not_to_contain_text(WORD)

    login(page, 'central')
    page.goto('/editor/review')
    queued = page.locator(f'#queue a[href*="/{CARD}/"]')
    expect(queued).to_have_count(1)
    axe_check(page)
    screenshot(page, 'editor-review')
    with page.expect_navigation():
        queued.click()
    fire(page, 'approve')
    expect(page.locator('#transition-approve')).to_have_count(0)
    page.goto('/editor/review')
    expect(page.locator(f'#queue a[href*="/{CARD}/"]')).to_have_count(0)


def test_central_editor_publication_page(page):
    login(page, 'central')
    page.goto('/editor/publication')
    expect(page.locator('h1')).to_have_text('Julkaisu')
    axe_check(page)
    screenshot(page, 'editor-publication')
