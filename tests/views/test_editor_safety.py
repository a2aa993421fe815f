"""Editors never lose work, and readers learn of outdated translations
(issue 15): "save, then" in one step, cancelling a scheduled
publication, restore and language statuses, the notice card picker,
titles instead of ids, freshness notes for readers and approvers."""
from tests.conftest import card_body
from tests.views.helpers import browser

CARD = '/editor/cards/kela-testikortti'


def finnish_changed(as_user, base=1, submit=False):
    """Save a version whose Finnish summary changed (the Swedish text
    lags it) and, with ``submit``, take it to central review."""
    changed = card_body()
    changed['content']['fi']['summary'] = 'Uusi tiivistelmä lapsilisästä.'
    editor = as_user('kela-editor')
    editor.put('/api/v1/cards/kela-testikortti',
               dict(changed, base_version=base))
    if submit:
        url = '/api/v1/cards/kela-testikortti/transitions'
        editor.post(url, {'transition': 'submit'})
        as_user('kela-reviewer').post(url, {'transition': 'accept'})


def test_save_then_submit_is_one_step_with_every_check_of_both(
        app, tokens, as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    client = browser(app, 'kela-editor')
    page = client.get(f'{CARD}/edit')
    form = page.forms['card-form']
    assert form.html.find(id='save-then-submit') is not None

    # a step refused by a guard saves nothing and keeps the text
    form['content.fi.summary'] = 'Lapsilisä'
    refused = form.submit('then', value='submit', status=422)
    assert refused.forms['card-form']['content.fi.summary'].value == \
        'Lapsilisä'
    assert refused.html.find(id='card-form')['data-unsaved'] == 'true'
    listed = refused.html.find(id='error-summary').find('li').text
    assert 'content.' not in listed and '(suomi)' in listed
    card = as_user('kela-editor').get('/api/v1/cards/kela-testikortti').json
    assert (card['head_version'], card['state']) == (1, 'draft')

    # a step the form does not offer (here: the central editor's)
    forged = client.post(form.action, dict(
        form.submit_fields(), then='approve'), status=409)
    assert forged.html.find(id='form-error') is not None

    # a stale form neither overwrites the newer version nor sends it
    finnish_changed(as_user)
    form['content.fi.summary'] = 'Lapsilisää maksetaan alle 17-vuotiaista.'
    stale = form.submit('then', value='submit', status=409)
    assert stale.html.find(id='conflict') is not None
    card = as_user('kela-editor').get('/api/v1/cards/kela-testikortti').json
    assert (card['head_version'], card['state']) == (2, 'draft')

    # saved over knowingly, after the warning
    stale.forms['card-form'].submit('then', value='submit', status=303)
    card = as_user('kela-editor').get('/api/v1/cards/kela-testikortti').json
    assert (card['head_version'], card['state']) == (3, 'provider_review')
    assert card['content']['fi']['summary'].endswith('alle 17-vuotiaista.')


def test_central_editor_cancels_a_publication_a_restore_left_scheduled(
        app, tokens, as_user, published_card):
    published_card()
    finnish_changed(as_user, submit=True)
    as_user('central').post('/api/v1/cards/kela-testikortti/transitions', {
        'transition': 'approve', 'effective': '2999-01-01'})
    editor = browser(app, 'kela-editor')
    history = editor.get(f'{CARD}/history')
    assert history.html.find('h1').find('span').text == 'Lapsilisä'
    restore = next(f for f in history.forms.values()
                   if f.get('version', default=None) is not None
                   and f['version'].value == '1')
    history = restore.submit(status=303).follow()
    note = history.html.find(id='scheduled-note')
    assert note is not None and '2' in note.text
    assert editor.get(f'{CARD}/edit').html.find(id='unschedule') is None

    central = browser(app, 'central')
    page = central.get(f'{CARD}/edit')
    assert '2999' in page.html.find(id='scheduled').text
    token = editor.get(f'{CARD}/edit').forms['card-form']['csrf_token'].value
    editor.post(f'{CARD}/unschedule', {'csrf_token': token}, status=403)
    token = page.forms['unschedule']['csrf_token'].value
    page = page.forms['unschedule'].submit(status=303).follow()
    assert page.html.find(id='scheduled') is None
    card = as_user('central').get('/api/v1/cards/kela-testikortti').json
    assert card['scheduled'] is None and card['published_version'] == 1
    central.post(f'{CARD}/unschedule', {'csrf_token': token}, status=409)

    history = central.get(f'{CARD}/history')
    rows = history.html.find(id='versions').find('tbody').find_all('tr')
    assert 'Julkaisu peruttu' in rows[1].text  # version 2
    assert 'Palautettu versio 1' in rows[0].text  # version 3
    log = history.html.find(id='publication').text
    assert 'Ajastettu julkaisu peruttu' in log
    entries = as_user('central').get('/api/v1/audit?object=kela-testikortti'
                                     ).json['items']
    assert any(entry['details'].get('change') == 'cancel_scheduled'
               and entry['actor'] == 'central' for entry in entries)
    publication = central.get('/editor/publication')
    assert publication.html.find(
        'a', href=f'{CARD}/history').text == 'Lapsilisä'


def test_restore_keeps_the_statuses_of_the_restored_texts(
        app, tokens, as_user, published_card):
    published_card()
    finnish_changed(as_user)
    versions = as_user('kela-editor').get(
        '/api/v1/cards/kela-testikortti/versions').json['versions']
    assert versions[0]['languages']['sv'] == 'outdated'
    history = browser(app, 'kela-editor').get(f'{CARD}/history')
    restore = next(f for f in history.forms.values()
                   if f.get('version', default=None) is not None
                   and f['version'].value == '1')
    restore.submit(status=303)
    versions = as_user('kela-editor').get(
        '/api/v1/cards/kela-testikortti/versions').json['versions']
    assert versions[0]['languages'] == {'fi': 'current', 'sv': 'current'}
    assert versions[0]['restored'] == 1


def test_approval_warns_and_readers_see_when_the_finnish_changed(
        app, tokens, as_user, published_card, testapp, clock):
    published_card()
    clock.at('2026-03-02T10:00:00+02:00')
    finnish_changed(as_user, submit=True)
    page = browser(app, 'central').get(f'{CARD}/edit')
    warning = page.html.find(id='outdated-warning')
    assert warning is not None and 'ruotsi' in warning.text.lower()
    assert '2.3.2026' in warning.text
    approve = page.forms['transition-approve']
    assert approve.html.find('button')['aria-describedby'] == \
        'outdated-warning'
    approve.submit(status=303)

    advisor = browser(app, 'advisor')
    swedish = advisor.get('/intranet/cards/kela-testikortti?lang=sv')
    note = swedish.html.find(id='outdated-translation')
    assert note is not None
    assert note.find('time')['datetime'] == '2026-03-02'
    finnish = advisor.get('/intranet/cards/kela-testikortti?lang=fi')
    assert finnish.html.find(id='outdated-translation') is None

    testapp.set_cookie('_LOCALE_', 'sv')
    public = testapp.get('/services/kela-testikortti')
    note = public.html.find(id='outdated-translation')
    assert note is not None and note.find('time').text == '2 mars 2026'
    assert 'finska' in note.text
    testapp.set_cookie('_LOCALE_', 'fi')
    assert testapp.get('/services/kela-testikortti').html.find(
        id='outdated-translation') is None


def ticked(form):
    return [box._value for box in form.fields['cards'] if box.checked]


def test_notice_cards_are_chosen_by_title(app, tokens, as_user,
                                          published_card):
    published_card()
    client = browser(app, 'kela-editor')
    form = client.get('/editor/notices/new').forms['notice-form']
    label = form.html.find('label', attrs={'for': 'cards-kela-testikortti'})
    assert label.text == 'Lapsilisä'
    form['content.fi.title'] = 'Lapsilisän käsittely viivästyy'
    form['content.fi.body'] = 'Käsittely kestää kaksi viikkoa.'
    form['valid_until'] = '2999-01-01T16:00'
    for box in form.fields['cards']:
        box.checked = box._value == 'kela-testikortti'
    form.submit(status=303)
    notice = as_user('advisor').get('/api/v1/notices').json['items'][0]
    assert notice['cards'] == ['kela-testikortti']
    edit = client.get(f"/editor/notices/kela/{notice['id']}/edit")
    assert ticked(edit.forms['notice-form']) == ['kela-testikortti']

    token = edit.forms['notice-form']['csrf_token'].value
    refused = client.post('/editor/notices/new', {
        'csrf_token': token, 'provider': 'kela', 'kind': 'change',
        'content.fi.title': 'x', 'content.fi.body': 'y',
        'valid_from': '2026-01-01', 'valid_until': '2999-01-01',
        'cards': ['kela-testikortti', 'vero-ei-ole']}, status=422)
    assert 'vero-ei-ole' in refused.html.find(id='error-cards').text
    assert ticked(refused.forms['notice-form']) == ['kela-testikortti']


def test_error_summaries_name_fields_not_paths():
    from kb.views.editor.labels import field_name

    def named(path):
        return ''.join(str(part) for part in field_name(path))

    assert named('content.sv.summary') == 'Summary (Swedish)'
    assert named('content.fi.body') == 'Text (Finnish)'
    assert named('support.phone') == 'Phone'
    assert named('links.0.url') == 'E-services and forms'
    assert named('valid_until') == 'In force until'
    assert named('review_by') == 'Review by'
    assert named('base_version') == 'base_version'
