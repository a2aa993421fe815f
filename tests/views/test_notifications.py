"""Each user's notifications and settings: the header's count, the list
page and its read marks, the API, and the "my settings" page."""
from tests.conftest import CARD, card_body
from tests.views.helpers import browser


def submit(as_user):
    """A Kela card submitted: the Kela reviewer is told."""
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    as_user('kela-editor').post(f'/api/v1/cards/{CARD}/transitions',
                                {'transition': 'submit'})


def test_the_list_page_counts_links_and_marks_read(app, as_user):
    submit(as_user)
    url = f'/api/v1/cards/{CARD}/transitions'
    for name in ('withdraw', 'submit'):  # a second notification
        as_user('kela-editor').post(url, {'transition': name})
    reviewer = browser(app, 'kela-reviewer')
    page = reviewer.get('/editor/')
    count = page.html.select_one('header a.notifications .count')
    assert count.text.startswith('2')
    page = reviewer.get('/notifications')
    items = page.html.select('#notifications li.unread')
    assert len(items) == 2
    assert 'Lapsilisä' in items[0].text and CARD in items[0].text
    assert items[0].a['href'] == f'/editor/cards/{CARD}/edit'
    form = page.forms['read-all-form']
    form['csrf_token'] = 'forged'
    form.submit(status=400)
    page = reviewer.get('/notifications')
    newest = items[0].form['id']
    page = page.forms[newest].submit(status=303).follow()  # that one
    assert len(page.html.select('#notifications li.unread')) == 1
    assert newest not in page.forms
    assert page.html.select_one('header a.notifications .count').text \
        .startswith('1')
    page = page.forms['read-all-form'].submit(status=303).follow()
    assert len(page.html.select('#notifications li')) == 2
    assert page.html.select_one('#notifications li.unread') is None
    assert page.html.select_one('header a.notifications .count') is None
    assert 'read-all-form' not in page.forms
    # another user has none of them
    other = browser(app, 'vero-reviewer').get('/notifications')
    assert other.html.select_one('#no-notifications') is not None


def test_the_api_lists_only_the_callers_own_in_their_language(
        as_user, database, testapp):
    submit(as_user)
    with database as root:
        root['users']['kela-reviewer'].locale = 'sv'
    reviewer = as_user('kela-reviewer')
    answer = reviewer.get('/api/v1/notifications').json
    assert answer['unread'] == 1
    [item] = answer['items']
    assert item['kind'] == 'submitted' and item['read'] is False
    assert item['text'] == ('"Barnbidrag" (kela-testikortti) väntar på '
                            'dig: Granskning hos tjänsteproducenten.')
    assert item['link'] == f'/editor/cards/{CARD}/edit'
    assert as_user('vero-reviewer').get('/api/v1/notifications').json == {
        'items': [], 'unread': 0}
    testapp.get('/api/v1/notifications', status=401)
    reviewer.post('/api/v1/notifications/read', {'ids': ['x1']},
                  status=422)
    reviewer.post('/api/v1/notifications/read', {}, status=422)
    # somebody else's id marks nothing
    assert as_user('central').post('/api/v1/notifications/read', {
        'ids': [item['id']]}).json == {'marked': 0, 'unread': 0}
    assert reviewer.post('/api/v1/notifications/read', {
        'ids': [item['id']]}).json == {'marked': 1, 'unread': 0}
    assert reviewer.get('/api/v1/notifications',
                        unread='true').json['items'] == []
    assert reviewer.post('/api/v1/notifications/read', {
        'all': True}).json == {'marked': 0, 'unread': 0}


def saved_by_form(client, url, form_id, email):
    """Fill the mail fields of a page's form: a malformed address is
    refused beside the field, then ``email`` and the digest are saved."""
    form = client.get(url).forms[form_id]
    assert form['mail'].value == 'immediately'
    form['email'] = 'ei osoite'
    page = form.submit(status=422)
    assert page.html.select_one('#email-error') is not None
    form = page.forms[form_id]
    form['email'] = f' {email} '
    form['mail'] = 'digest'
    page = form.submit(status=303).follow()
    assert page.forms[form_id]['email'].value == email


def test_a_user_sets_their_own_address_and_an_admin_anyones(
        app, as_user):
    saved_by_form(browser(app, 'advisor'), '/settings', 'settings-form',
                  'neuvoja@mikkeli.fi')
    advisor = as_user('advisor').get('/api/v1/users/advisor').json
    assert (advisor['email'], advisor['mail']) == ('neuvoja@mikkeli.fi',
                                                   'digest')
    as_user('advisor').put('/api/v1/users/advisor/mail', {'mail': 'off'})
    as_user('advisor').put('/api/v1/users/manager/mail', {'mail': 'off'},
                           status=404)
    as_user('advisor').put('/api/v1/users/advisor/mail', {'mail': 'often'},
                           status=422)
    changed = as_user('admin').put('/api/v1/users/advisor/mail', {
        'email': None}).json
    assert (changed['email'], changed['mail']) == (None, 'off')
    # audited by the fields' names, never the address
    entries = as_user('admin').get('/api/v1/audit', object='advisor').json[
        'items']
    assert [(e['actor'], e['details']['fields']) for e in entries
            if e['action'] == 'mail_settings'] == [
        ('admin', ['email']), ('advisor', ['mail']),
        ('advisor', ['email', 'mail'])]
    assert 'neuvoja@' not in repr(entries)
    admin = browser(app, 'admin')
    saved_by_form(admin, '/admin/users/kela-editor', 'mail-form',
                  'toimittaja@kela.fi')
    editor = as_user('kela-editor').get('/api/v1/users/kela-editor').json
    assert (editor['email'], editor['mail']) == ('toimittaja@kela.fi',
                                                 'digest')
    admin.post('/admin/users/kela-editor/mail', {'mail': 'off'}, status=400)
