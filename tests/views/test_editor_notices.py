"""Notice pages: create, list, edit, end; provider confinement."""
from tests.views.helpers import browser


def new_notice(client, title='Kela suljettu'):
    form = client.get('/editor/notices/new').forms['notice-form']
    form['content.fi.title'] = title
    form['content.fi.body'] = 'Palvelu on suljettu koulutuksen vuoksi.'
    form['valid_from'] = '2026-01-01T08:00'
    form['valid_until'] = '2999-01-01T16:00'
    form['point'] = 'mikkeli'
    return form


def test_editor_creates_edits_and_ends_a_notice(app, tokens, as_user):
    client = browser(app, 'kela-editor')
    listing = new_notice(client).submit(status=303).follow()
    assert 'Kela suljettu' in listing.text
    notices = as_user('advisor').get('/api/v1/notices').json['items']
    assert [(n['provider'], n['point']) for n in notices] == [
        ('kela', 'mikkeli')]
    notice_id = notices[0]['id']

    edit = client.get(f'/editor/notices/kela/{notice_id}/edit')
    form = edit.forms['notice-form']
    assert form['content.fi.title'].value == 'Kela suljettu'
    assert form['valid_from'].value == '2026-01-01T08:00'
    form['content.sv.title'] = 'FPA stängd'
    form['content.sv.body'] = 'Tjänsten är stängd.'
    form.submit(status=303)
    notice = as_user('advisor').get(f'/api/v1/notices/kela/{notice_id}').json
    assert notice['content']['sv']['title'] == 'FPA stängd'

    listing = client.get('/editor/notices')
    end = next(f for f in listing.forms.values()
               if f.action.endswith(f'{notice_id}/end'))
    end.submit(status=303)
    assert as_user('advisor').get('/api/v1/notices').json['items'] == []


def test_notice_errors_are_shown_beside_the_fields(app, tokens):
    client = browser(app, 'kela-editor')
    form = new_notice(client, title='')
    form['valid_until'] = '2025-01-01T00:00'
    refused = form.submit(status=422)
    assert refused.html.find(id='error-content.fi.title') is not None
    assert refused.html.find(id='error-valid_until') is not None
    assert refused.forms['notice-form']['content.fi.body'].value.startswith(
        'Palvelu')


def test_notices_stay_within_the_provider(app, tokens):
    browser(app, 'kela-editor')
    kela = browser(app, 'kela-editor')
    new_notice(kela).submit(status=303)
    vero = browser(app, 'vero-editor')
    assert 'Kela suljettu' not in vero.get('/editor/notices').text
    form = vero.get('/editor/notices/new').forms['notice-form']
    assert [o[0] for o in form['provider'].options] == ['vero']
    token = form['csrf_token'].value
    vero.post('/editor/notices/new', {
        'csrf_token': token, 'provider': 'kela', 'kind': 'change',
        'content.fi.title': 'x', 'content.fi.body': 'y',
        'valid_from': '2026-01-01', 'valid_until': '2999-01-01'},
        status=422)


def test_editing_a_notice_keeps_the_input_on_errors(app, tokens, as_user):
    client = browser(app, 'kela-editor')
    new_notice(client).submit(status=303)
    notice_id = as_user('advisor').get('/api/v1/notices').json[
        'items'][0]['id']
    form = client.get(f'/editor/notices/kela/{notice_id}/edit').forms[
        'notice-form']
    form['content.fi.body'] = 'x' * 2001
    refused = form.submit(status=422)
    assert refused.html.find(id='error-content.fi.body') is not None
    assert refused.forms['notice-form']['content.fi.body'].value == \
        'x' * 2001
    browser(app, 'vero-editor').get(
        f'/editor/notices/kela/{notice_id}/edit', status=403)


def test_points_are_named_in_the_interface_language(app, tokens):
    client = browser(app, 'kela-editor')
    client.set_cookie('_LOCALE_', 'sv')
    page = client.get('/editor/notices/new')
    select = page.html.find('select', id='point')
    option = select.find('option', value='mikkeli')
    assert (option.text, option['lang']) == ('Servicepunkten i S:t Michel',
                                             'sv')


def test_notice_errors_name_the_fields_in_the_readers_language(app, tokens):
    """Issue 15: "valid_until:" and an English date error on the form."""
    client = browser(app, 'kela-editor')
    client.set_cookie('_LOCALE_', 'sv')
    form = new_notice(client)
    form['valid_from'] = '1.1.2026'
    form['valid_until'] = 'i morgon'
    refused = form.submit(status=422)
    summary = refused.html.find(id='error-summary').find('ul').text
    assert 'valid_' not in summary
    assert 'Gäller från: Ange ett datum' in summary
    beside = refused.html.find(id='error-valid_until').text
    assert 'Give a date' not in beside and 'datum' in beside
