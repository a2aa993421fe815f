"""Version history pages: list, diff with ins/del, restore."""
from tests.conftest import card_body
from tests.views.helpers import browser


def two_versions(as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    changed = card_body()
    changed['content']['fi']['summary'] = (
        'Lapsilisää maksetaan jokaisesta Suomessa asuvasta alle '
        '18-vuotiaasta lapsesta.')
    changed['channels'] = ['counter', 'electronic']
    changed['support'] = {'phone': '0295 000 200'}
    editor.put('/api/v1/cards/kela-testikortti',
               dict(changed, base_version=1, comment='Ikäraja'))


def test_history_lists_versions_and_marks_changes(app, tokens, as_user):
    two_versions(as_user)
    page = browser(app, 'kela-editor').get(
        '/editor/cards/kela-testikortti/history?from=1&to=2')
    rows = page.html.find(id='versions').find('tbody').find_all('tr')
    assert [r.find('td').text for r in rows] == ['2', '1']
    assert 'Ikäraja' in rows[0].text and 'kela-editor' in rows[0].text
    diff = page.html.find(id='diff')
    assert diff.find('del').text == '17-vuotiaasta'
    assert diff.find('ins').text == '18-vuotiaasta'
    fields = diff.find(class_='diff-fields')
    changes = {dt.text: dd for dt, dd in zip(fields.find_all('dt'),
                                             fields.find_all('dd'))}
    assert changes['channels'].find('ins').text == 'counter, electronic'
    assert changes['support'].find('del').text == \
        'note: Demo; phone: 0295 000 100'
    assert changes['support'].find('ins').text == 'phone: 0295 000 200'


def test_restore_saves_the_old_content_as_a_new_version(app, tokens,
                                                        as_user):
    two_versions(as_user)
    client = browser(app, 'kela-editor')
    page = client.get('/editor/cards/kela-testikortti/history')
    form = next(f for f in page.forms.values()
                if f.get('version', default=None) is not None
                and f['version'].value == '1')
    form['comment'] = 'Väärä ikäraja'
    stale = client.post(form.action, dict(form.submit_fields(),
                                          base_version='1'), status=409)
    assert stale.html.find(id='history-error') is not None
    page = form.submit(status=303).follow()
    card = as_user('kela-editor').get('/api/v1/cards/kela-testikortti').json
    assert card['head_version'] == 3
    assert '17-vuotiaasta' in card['content']['fi']['summary']
    assert 'Palautettu versio 1: Väärä ikäraja' in page.text


def test_history_is_hidden_from_other_providers_and_bad_numbers_refused(
        app, tokens, as_user):
    two_versions(as_user)
    browser(app, 'vero-editor').get(
        '/editor/cards/kela-testikortti/history', status=404)
    browser(app, 'kela-editor').get(
        '/editor/cards/kela-testikortti/history?from=9', status=422)
