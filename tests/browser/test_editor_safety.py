"""Editors never lose work, and readers learn of outdated translations
(issue 15): the unsaved-changes guard, "save, then" in one step, the
notice card picker, the approval warning, the freshness note on the
intranet and the public site, cancelling a scheduled publication."""
import re

from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, watch_errors

#: Maistraatti cards (default workflow: the provider's editor submits,
#: the central editor approves) no other browser test uses.
GUARDED = 'maistraatti-julkinen-notaari'
FRESHNESS = 'maistraatti-kaupanvahvistaja'


def edit(page, card):
    page.goto(f'/editor/cards/{card}/edit')


def save_then_submit(page, summary):
    """Change the Finnish summary and save and send it in one step."""
    page.locator('[name="content.fi.summary"]').fill(summary)
    with page.expect_navigation():
        page.locator('#save-then-submit').click()
    expect(page.locator('#transition-withdraw')).to_have_count(1)


def test_unsaved_text_is_guarded_and_saved_with_the_step(page):
    login(page, 'maistraatti-editor')
    edit(page, GUARDED)
    summary = page.locator('[name="content.fi.summary"]')
    summary.fill('Julkinen notaari vahvistaa allekirjoituksia.')
    with page.expect_navigation():  # a draft: now it may be sent
        page.locator('#card-form button[type=submit]').first.click()
    expect(page.locator('#unsaved-warning')).to_be_hidden()
    summary.fill('Julkinen notaari vahvistaa allekirjoituksia ja '
                 'asiakirjojen jäljennöksiä.')

    # a workflow step would go without the text: held back
    page.locator('#transition-submit button').click()
    expect(page.locator('#unsaved-warning')).to_be_visible()
    expect(page.locator('#unsaved-warning')).to_be_focused()
    expect(page.locator('#transition-submit')).to_have_count(1)
    axe_check(page)

    # leaving asks first; staying keeps the text
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()
    page.on('dialog', stay)
    page.get_by_role('link', name='Versiohistoria').click()
    expect(page).to_have_url(re.compile(r'/edit$'))
    assert dialogs == ['beforeunload']
    page.remove_listener('dialog', stay)

    with page.expect_navigation():
        page.locator('#save-then-submit').click()
    expect(page.locator('#state')).to_have_text('Keskitetty tarkastus')
    expect(summary).to_have_count(0)  # no longer editable by its editor
    expect(page.locator('#card-form')).to_have_count(0)

    # the notice form picks cards by title (filtered as one types)
    page.goto('/editor/notices/new')
    page.locator('#content\\.fi\\.title').fill('Notaarin vastaanotto muuttuu')
    page.locator('#content\\.fi\\.body').fill(
        'Vastaanotto on keskiviikkoisin.')
    page.locator('#valid_from').fill('2998-01-01T08:00')
    page.locator('#valid_until').fill('2999-01-01T16:00')
    page.locator('#cards-filter').fill('notaari')
    choices = page.locator('.card-picker .choice:visible')
    expect(choices).to_have_count(1)
    axe_check(page)
    page.get_by_label('Julkisen notaarin palvelut').check()
    page.locator('#cards-filter').fill('')
    expect(page.locator('.card-picker .choice:visible')).not_to_have_count(1)
    with page.expect_navigation():
        page.locator('#notice-form button[type=submit]').click()
    expect(page).to_have_url(re.compile(r'/editor/notices$'))
    expect(page.locator('main')).to_contain_text(
        'Notaarin vastaanotto muuttuu')


def test_outdated_translations_are_told_and_a_schedule_cancelled(
        page, browser, live_server):
    editor_context = browser.new_context(base_url=live_server,
                                         locale='fi-FI')
    public_context = browser.new_context(base_url=live_server,
                                         locale='sv-SE')
    try:
        editor = editor_context.new_page()
        errors = watch_errors(editor)
        login(editor, 'maistraatti-editor')
        edit(editor, FRESHNESS)
        save_then_submit(editor, 'Kaupanvahvistaja vahvistaa kiinteistön '
                                 'kaupan maistraatin toimipisteessä.')

        # the central editor is warned before approving
        login(page, 'central')
        edit(page, FRESHNESS)
        warning = page.locator('#outdated-warning')
        expect(warning).to_contain_text('ruotsi')
        expect(page.locator('#transition-approve button')).to_have_attribute(
            'aria-describedby', 'outdated-warning')
        axe_check(page)
        with page.expect_navigation():
            page.locator('#transition-approve button').click()

        # readers of the Swedish text see when the Finnish changed
        public = public_context.new_page()
        errors += watch_errors(public)
        public.goto(f'/services/{FRESHNESS}')
        expect(public.locator('#outdated-translation')).to_contain_text(
            'finska texten ändrades')
        login(public, 'parainen-advisor')
        public.goto(f'/intranet/cards/{FRESHNESS}?lang=sv')
        expect(public.locator('#outdated-translation time')
               ).to_have_attribute('datetime',
                                   re.compile(r'^\d{4}-\d\d-\d\d$'))
        public.goto(f'/intranet/cards/{FRESHNESS}?lang=fi')
        expect(public.locator('#outdated-translation')).to_have_count(0)

        # approved for a later date, then cancelled by the central editor
        edit(editor, FRESHNESS)
        save_then_submit(editor, 'Kaupanvahvistaja vahvistaa kiinteistön '
                                 'kaupan ajanvarauksella.')
        edit(page, FRESHNESS)
        page.locator('#effective-approve').fill('2999-01-01')
        with page.expect_navigation():
            page.locator('#transition-approve button').click()
        expect(page.locator('#scheduled')).to_contain_text('2999')
        with page.expect_navigation():
            page.locator('#unschedule button').click()
        expect(page.locator('#scheduled')).to_have_count(0)
        page.goto(f'/editor/cards/{FRESHNESS}/history')
        expect(page.locator('#versions')).to_contain_text('Julkaisu peruttu')
        expect(page.locator('#publication')).to_contain_text(
            'Ajastettu julkaisu peruttu')
        assert not errors, 'errors in the browser:\n' + '\n'.join(errors)
    finally:
        editor_context.close()
        public_context.close()
