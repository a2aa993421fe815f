"""The editor pages through the real app: dashboard, card forms,
transitions, the review queue, preview and access rules."""
from tests.conftest import card_body
from tests.views.editor_helpers import section
from tests.views.helpers import browser


def check(form, name, value):
    next(f for f in form.fields[name] if f._value == value).checked = True


def checked(form, name):
    return [f._value for f in form.fields[name] if f.checked]


def fill_card(form, card_id='kela-uusi', title='Asumistuki'):
    form['id'] = card_id
    form['content.fi.title'] = title
    form['content.fi.summary'] = 'Asumistukea maksetaan pienituloisille.'
    form['content.fi.description'] = 'Tuki on **harkinnanvaraista**.'
    form['content.sv.title'] = 'Bostadsbidrag'
    form['content.sv.summary'] = (
        'Bostadsbidrag betalas till låginkomsttagare.')
    form['content.fi.keywords'] = 'asuminen\nvuokra'
    check(form, 'channels', 'counter')
    form['review_by'] = '2027-06-01'
    return form


def test_dashboard_lists_returned_past_review_flagged_and_outdated(
        app, as_user, published_card):
    editor = as_user('kela-editor')
    published_card('kela-vanha', review_by='2020-01-01')
    published_card('kela-liputettu')
    as_user('advisor').post('/api/v1/cards/kela-liputettu/flags', {
        'reason': 'outdated', 'comment': 'Summa on vanha'}, status=201)
    published_card('kela-kaannos')
    changed = card_body('kela-kaannos')
    changed['content']['fi']['summary'] = 'Uusi tiivistelmä lapsilisästä.'
    editor.put('/api/v1/cards/kela-kaannos',
               dict(changed, base_version=1))
    editor.post('/api/v1/cards', card_body('kela-palautettu'), status=201)
    url = '/api/v1/cards/kela-palautettu/transitions'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'reject',
                                        'comment': 'Tarkista summa.'})
    editor.post('/api/v1/cards', card_body('kela-luonnos'), status=201)
    editor.post('/api/v1/cards', card_body('kela-tarkastus'), status=201)
    editor.post('/api/v1/cards/kela-tarkastus/transitions',
                {'transition': 'submit'})

    page = browser(app, 'kela-editor').get('/editor/')

    returned = section(page, 'returned')
    assert '/editor/cards/kela-palautettu/edit' in returned
    assert 'Tarkista summa.' in returned and 'kela-reviewer' in returned
    assert 'kela-vanha' in section(page, 'past-review-by')
    assert 'kela-liputettu' not in section(page, 'past-review-by')
    flagged = section(page, 'flagged')
    assert 'kela-liputettu' in flagged and 'Summa on vanha' in flagged
    outdated = section(page, 'outdated')
    assert 'kela-kaannos' in outdated and 'ruotsi' in outdated
    assert 'kela-vanha' in section(page, 'published')
    drafts = section(page, 'drafts')
    assert 'kela-luonnos' in drafts and 'kela-palautettu' not in drafts
    assert 'kela-tarkastus' in section(page, 'in-review')
    assert 'kela-tarkastus' not in section(page, 'to-review')


def test_dashboard_of_another_provider_shows_none_of_kela(
        app, tokens, published_card):
    published_card('kela-vanha', review_by='2020-01-01')
    page = browser(app, 'vero-editor').get('/editor/')
    assert 'kela-vanha' not in page.text


def test_editor_creates_edits_and_submits_a_card(app, tokens):
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/new')
    assert 'At most' in page.text or 'Enintään' in page.text

    form = fill_card(page.forms['card-form'], title='x' * 101)
    invalid = form.submit(status=422)
    error = invalid.html.find(id='error-content.fi.title')
    assert error is not None and '101' in error.text
    assert '${' not in invalid.text  # every message is translated
    # the error summary names the field, not its path
    assert invalid.html.find(id='error-summary').find('a').text == \
        'Otsikko (suomi)'
    assert invalid.html.find(id='content.fi.title')['aria-invalid'] == 'true'
    kept = invalid.forms['card-form']
    assert kept['content.fi.title'].value == 'x' * 101
    assert kept['content.sv.title'].value == 'Bostadsbidrag'
    assert checked(kept, 'channels') == ['counter']

    kept['content.fi.title'] = 'Asumistuki'
    edit = kept.submit(status=303).follow()
    assert edit.html.find(id='state') is not None
    form = edit.forms['card-form']
    assert form['base_version'].value == '1'
    form['content.fi.summary'] = 'Asumistukea maksetaan vuokralaisille.'
    form['comment'] = 'Tarkennus'
    form.submit(status=303)

    stale = form  # still based on version 1
    stale['content.fi.summary'] = 'Minun tärkeä muutokseni.'
    conflict = stale.submit(status=409)
    assert conflict.html.find(id='conflict') is not None
    assert conflict.forms['card-form']['content.fi.summary'].value == \
        'Minun tärkeä muutokseni.'
    assert '/editor/cards/kela-uusi/history?from=1&amp;to=2' in \
        conflict.text
    # saving again after the warning replaces version 2 knowingly
    conflict.forms['card-form'].submit(status=303)

    page = client.get('/editor/cards/kela-uusi/edit')
    assert page.forms['transition-submit']['transition'].value == 'submit'
    page.forms['transition-submit'].submit(status=303)
    card = client.get('/api/v1/cards/kela-uusi').json
    assert card['state'] == 'provider_review' and card['head_version'] == 3
    assert card['content']['fi']['summary'] == 'Minun tärkeä muutokseni.'


def test_unchanged_save_says_so(app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/kela-testikortti/edit')
    again = page.forms['card-form'].submit(status=422)
    assert again.html.find(id='form-error') is not None


def transition_form(page, name):
    return page.forms[f'transition-{name}']


def test_reviewer_accepts_and_central_approves_oldest_first(
        app, tokens, as_user):
    editor = as_user('kela-editor')
    for card_id in ('kela-ensin', 'kela-toinen'):
        editor.post('/api/v1/cards', card_body(card_id), status=201)
        editor.post(f'/api/v1/cards/{card_id}/transitions',
                    {'transition': 'submit'})
    reviewer = browser(app, 'kela-reviewer')
    queue = reviewer.get('/editor/review')
    assert 'kela-ensin' in queue.text
    for card_id in ('kela-ensin', 'kela-toinen'):
        page = reviewer.get(f'/editor/cards/{card_id}/edit')
        names = {f['transition'].value for f in page.forms.values()
                 if f.get('transition', default=None) is not None}
        assert names == {'accept', 'reject'}
        transition_form(page, 'accept').submit(status=303)

    central = browser(app, 'central')
    queue = central.get('/editor/review')
    text = queue.text
    assert text.index('kela-ensin') < text.index('kela-toinen')
    page = central.get('/editor/cards/kela-toinen/edit')
    form = transition_form(page, 'approve')
    form['effective'] = '2999-01-01'
    form.submit(status=303)
    card = as_user('central').get('/api/v1/cards/kela-toinen').json
    assert card['scheduled'] == {'version': 1, 'effective': '2999-01-01'}
    assert 'kela-toinen' not in central.get('/editor/review').text


def test_transition_errors_are_readable(app, tokens, as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = '/api/v1/cards/kela-testikortti/transitions'
    editor.post(url, {'transition': 'submit'})
    reviewer = browser(app, 'kela-reviewer')
    page = reviewer.get('/editor/cards/kela-testikortti/edit')
    form = transition_form(page, 'reject')
    form['comment'] = '   '
    refused = form.submit(status=422)
    assert refused.html.find(id='transition-error') is not None
    # a stale page: the card has left the state meanwhile
    form['comment'] = 'Korjaa.'
    form.submit(status=303)
    again = form.submit(status=409)
    assert again.html.find(id='transition-error') is not None


def test_other_provider_gets_404_for_the_card_pages(app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    vero = browser(app, 'vero-editor')
    for page in ('edit', 'history'):
        vero.get(f'/editor/cards/kela-testikortti/{page}', status=404)
    token = vero.get('/editor/').html.find(
        'input', attrs={'name': 'csrf_token'})['value']
    vero.post('/editor/cards/kela-testikortti/edit',
              {'csrf_token': token, 'base_version': '1'}, status=404)
    vero.post('/editor/cards/kela-testikortti/transition',
              {'csrf_token': token, 'transition': 'submit'}, status=404)


def test_pages_need_login_and_an_editing_role(app, testapp, as_user):
    response = testapp.get('/editor/', status=303)
    assert '/login' in response.location
    testapp.get('/editor/cards/kela-x/edit', status=404)
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    response = testapp.get('/editor/cards/kela-testikortti/edit',
                           status=303)
    assert '/login' in response.location
    browser(app, 'advisor').get('/editor/', status=403)
    browser(app, 'kela-editor').get('/editor/review', status=403)
    browser(app, 'kela-reviewer').get('/editor/cards/new', status=403)


def test_post_without_csrf_token_is_refused(app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    client = browser(app, 'kela-editor')
    form = client.get('/editor/cards/kela-testikortti/edit').forms[
        'card-form']
    form['csrf_token'] = ''
    form['content.fi.title'] = 'Muutettu'
    form.submit(status=400)
    assert as_user('kela-editor').get(
        '/api/v1/cards/kela-testikortti').json['head_version'] == 1
    client.post('/editor/preview', {'text': 'x'}, status=400)


def test_preview_sanitises_markdown(app, tokens):
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/new')
    token = page.forms['card-form']['csrf_token'].value
    response = client.post(
        '/editor/preview',
        {'text': '<script>alert(1)</script> **lihava** '
                 '[x](javascript:alert(1))'},
        headers={'X-CSRF-Token': token})
    assert response.content_type == 'text/html'
    assert '<strong>lihava</strong>' in response.text
    assert '<script>' not in response.text
    assert 'javascript:' not in response.text
    # the performance types are named in the text's language, as on the
    # card pages (issue 15)
    text = {'text': 'Kirjaa `neuvonta_lyhyt`.'}
    named = client.post('/editor/preview', dict(text, lang='sv'),
                        headers={'X-CSRF-Token': token}).text
    assert '<strong>Kort rådgivning (2 min)</strong>' in named
    assert '<code>neuvonta_lyhyt</code>' in client.post(
        '/editor/preview', text, headers={'X-CSRF-Token': token}).text


def test_new_language_column_and_limits_without_javascript(app, tokens):
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/new?lang=smn')
    assert page.html.find(id='content.smn.title') is not None
    assert page.html.find(id='content.en.title') is None
    limit = page.html.find(id='limit-content.fi.summary')
    assert '150' in limit.text
    field = page.html.find(id='content.fi.summary')
    assert field['data-limit'] == '150'
    assert page.html.find(id='preview-content.fi.description') is not None


def test_package_form_keeps_the_chosen_order(app, as_user, published_card):
    published_card('kela-eka')
    published_card('vero-toka', provider='vero')
    client = browser(app, 'central')
    page = client.get('/editor/cards/new?kind=package')
    # the cards are chosen by title (the id is the option's value)
    options = [(o['value'], o.text) for o in page.html.find(
        id='cards.0.id').find_all('option')]
    assert options[0] == ('', '(ei mitään)')
    assert [value for value, _title in options[1:]] == \
        ['kela-eka', 'vero-toka']
    assert all(title and title != value for value, title in options[1:])
    form = page.forms['card-form']
    form['id'] = 'paketti-tyottomyys'
    form['content.fi.title'] = 'Työttömäksi jääminen'
    form['content.fi.summary'] = 'Näin toimit, kun jäät työttömäksi.'
    form['cards.0.id'] = 'kela-eka'
    form['cards.0.order'] = '2'
    form['cards.1.id'] = 'vero-toka'
    form['cards.1.order'] = '1'
    form.submit(status=303)
    card = as_user('central').get('/api/v1/cards/paketti-tyottomyys').json
    assert card['kind'] == 'package' and card['provider'] == 'central'
    assert card['cards'] == ['vero-toka', 'kela-eka']
    edit = client.get('/editor/cards/paketti-tyottomyys/edit')
    assert edit.forms['card-form']['cards.0.id'].value == 'vero-toka'

    form = edit.forms['card-form']
    form['cards.0.id'].force_value('ei-ole')
    refused = form.submit(status=422)
    assert refused.html.find(id='error-cards') is not None
    kept = refused.html.find(id='cards.0.id').find('option', selected=True)
    assert kept['value'] == 'ei-ole' and 'ei-ole' in kept.text


def test_new_card_id_taken_is_shown_beside_the_id(app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    client = browser(app, 'kela-editor')
    form = fill_card(client.get('/editor/cards/new').forms['card-form'],
                     card_id='kela-testikortti')
    refused = form.submit(status=409)
    assert refused.html.find(id='error-id') is not None
    form['id'] = 'Ei Kelpaa'
    assert form.submit(status=422).html.find(id='error-id') is not None


def test_outdated_translation_is_marked_up_to_date(app, as_user,
                                                   published_card):
    published_card()
    changed = card_body()
    changed['content']['fi']['summary'] = 'Uusi tiivistelmä lapsilisästä.'
    as_user('kela-editor').put('/api/v1/cards/kela-testikortti',
                               dict(changed, base_version=1))
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/kela-testikortti/edit')
    confirm = [f for f in page.forms.values()
               if f.action.endswith('/confirm')]
    assert [f['lang'].value for f in confirm] == ['sv']
    confirm[0].submit(status=303)
    card = as_user('kela-editor').get('/api/v1/cards/kela-testikortti').json
    assert card['languages']['sv'] == {'status': 'current'}
    token = confirm[0]['csrf_token'].value
    client.post('/editor/cards/kela-testikortti/confirm',
                {'csrf_token': token, 'lang': 'en'}, status=422)


def test_forged_transition_and_version_fields_are_refused_readably(
        app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/kela-testikortti/edit')
    token = page.forms['card-form']['csrf_token'].value
    refused = client.post('/editor/cards/kela-testikortti/transition',
                          {'csrf_token': token, 'transition': 'explode'},
                          status=422)
    assert refused.html.find(id='transition-error') is not None
    client.post('/editor/cards/kela-testikortti/transition',
                {'csrf_token': token, 'transition': 'approve'},
                status=409)
    form = page.forms['card-form']
    form['base_version'] = 'viisi'
    assert form.submit(status=422).html.find(id='form-error') is not None


def test_dashboard_lists_the_newest_published_cards_only(
        app, published_card, monkeypatch):
    from kb.views.editor import dashboard

    published_card('kela-eka')
    published_card('kela-toka')
    monkeypatch.setattr(dashboard, 'SHOWN', 1)
    page = browser(app, 'kela-editor').get('/editor/')
    published = section(page, 'published')
    assert 'kela-toka' in published and 'kela-eka' not in published
    assert '2' in page.html.find(id='published').find_all('p')[0].text
    link = page.html.find(id='published').find('p', class_='more').a
    assert link['href'] == '/editor/lists/published'


def test_performance_types_are_named_in_the_interface_language(app, tokens):
    client = browser(app, 'kela-editor')
    client.set_cookie('_LOCALE_', 'se')
    page = client.get('/editor/cards/new')
    name = page.html.select_one('label[for="suoritteet-neuvonta_lyhyt"] span')
    assert (name.text, name['lang']) == ('Oanehis rávven (2 min)', 'se')
