"""Closing an advisor's flag from the card's editor page."""
from tests.views.helpers import browser


def test_the_provider_closes_a_flag_with_what_was_done(app, as_user,
                                                       published_card):
    published_card('kela-liputettu')
    url = '/api/v1/cards/kela-liputettu'
    flag = as_user('advisor').post(f'{url}/flags', {
        'reason': 'outdated', 'comment': 'Summa on vanha'}, status=201).json
    editor = browser(app, 'kela-editor')
    page = editor.get('/editor/cards/kela-liputettu/edit')
    assert 'Summa on vanha' in page.text
    form = page.forms[f"close-flag-{flag['id']}"]
    form['resolution'] = ''
    form.submit(status=422)
    form['resolution'] = 'Summa päivitetty.'
    back = form.submit(status=303)
    assert back.location.endswith('/editor/cards/kela-liputettu/edit#h-flags')
    # a second click (the same form again) changes nothing, and goes back
    assert form.submit(status=303).location == back.location
    assert f"close-flag-{flag['id']}" not in back.follow().forms
    assert as_user('kela-editor').get(f'{url}/flags').json['items'] == []


def test_another_provider_cannot_close_the_flag(app, as_user,
                                                published_card):
    published_card('kela-liputettu')
    flag = as_user('advisor').post('/api/v1/cards/kela-liputettu/flags', {
        'reason': 'wrong'}, status=201).json
    editor = browser(app, 'kela-editor')
    token = editor.get('/editor/cards/kela-liputettu/edit').forms[
        f"close-flag-{flag['id']}"]['csrf_token'].value
    vero = browser(app, 'vero-editor')
    vero.post(f"/editor/flags/kela/{flag['id']}/close",
              {'resolution': 'x', 'csrf_token': token}, status=400)
    vero_token = vero.get('/api/v1/session').json['csrf_token']
    vero.post(f"/editor/flags/kela/{flag['id']}/close",
              {'resolution': 'x', 'csrf_token': vero_token}, status=404)
    assert len(as_user('kela-editor').get(
        '/api/v1/cards/kela-liputettu/flags').json['items']) == 1
