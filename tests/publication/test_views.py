"""The publication log and Suomi.fi status: API and the editor page."""
from tests.conftest import CARD
from tests.views.editor_helpers import section
from tests.views.helpers import browser


def fail_suomifi(database, card_id=CARD):
    """Mark a card's Suomi.fi publication as refused by PTV."""
    with database as root:
        outbox = root['suomifi']
        status = outbox.statuses[card_id]
        status.details = {'messages': [
            {'field': 'ServiceNames[0].Value', 'message': 'Liian pitkä.'}]}
        outbox.settle(status, 'failed')


def test_log_api_is_scoped_to_the_provider(published_card, as_user, tokens):
    published_card()
    items = as_user('central').get('/api/v1/publication').json['items']
    assert {i['channel'] for i in items} == {'intranet', 'public', 'suomifi'}
    assert as_user('kela-editor').get(
        '/api/v1/publication').json['items'] == items
    assert as_user('vero-editor').get(
        '/api/v1/publication').json['items'] == []
    as_user('advisor').get('/api/v1/publication', status=403)
    as_user(None).get('/api/v1/publication', status=401)
    suomifi = as_user('central').get('/api/v1/publication',
                                     channel='suomifi').json['items']
    assert [i['outcome'] for i in suomifi] == ['pending']
    as_user('central').get('/api/v1/publication', channel='fax', status=422)


def test_card_publication_api(published_card, as_user):
    published_card()
    answer = as_user('kela-editor').get(
        f'/api/v1/cards/{CARD}/publication').json
    assert len(answer['items']) == 3
    assert answer['suomifi']['state'] == 'pending'
    as_user('vero-editor').get(f'/api/v1/cards/{CARD}/publication',
                               status=404)


def test_status_and_retry_api(published_card, as_user, database):
    published_card()
    fail_suomifi(database)
    status = as_user('central').get('/api/v1/suomifi/status').json
    assert status['push'] is False
    assert [(i['card'], i['state']) for i in status['items']] == [
        (CARD, 'failed')]
    assert as_user('vero-editor').get(
        '/api/v1/suomifi/status').json['items'] == []
    as_user('kela-editor').post(f'/api/v1/suomifi/{CARD}/retry', {},
                                status=403)
    again = as_user('central').post(f'/api/v1/suomifi/{CARD}/retry', {}).json
    assert again['state'] == 'pending'
    as_user('central').post('/api/v1/suomifi/nothing/retry', {}, status=404)


def test_editor_page_shows_failures_and_retries(published_card, app,
                                                database):
    published_card()
    fail_suomifi(database)
    central = browser(app, 'central')
    page = central.get('/editor/publication')
    troubled = section(page, 'suomifi')
    assert CARD in troubled and 'Liian pitkä.' in troubled
    log = section(page, 'log')
    assert log.count(CARD) >= 3
    form, = [f for f in page.forms.values()
             if f.action.endswith('/publication/retry')]
    assert form['card'].value == CARD
    done = form.submit(status=303).follow()
    assert 'will be sent to Suomi.fi again' in done.text or (
        'lähetetään Suomi.fi' in done.text)
    with database as root:
        assert root['suomifi'].statuses[CARD].state == 'pending'


def test_editor_page_for_provider_staff(published_card, app, database):
    published_card()
    fail_suomifi(database)
    kela = browser(app, 'kela-editor').get('/editor/publication')
    assert CARD in section(kela, 'suomifi')
    assert 'csrf_token' not in section(kela, 'suomifi')  # no retry
    vero = browser(app, 'vero-editor').get('/editor/publication')
    assert CARD not in vero.text
    bad = browser(app, 'central').get('/editor/publication?outcome=odd',
                                      status=422)
    assert 'error-filter' in bad.text
    browser(app, 'advisor').get('/editor/publication', status=403)


def test_card_history_shows_its_publication(published_card, app, database):
    published_card()
    fail_suomifi(database)
    with database as root:
        root['suomifi'].statuses[CARD].error = 'ServiceNames: Liian pitkä.'
    page = browser(app, 'kela-editor').get(f'/editor/cards/{CARD}/history')
    publication = section(page, 'publication')
    assert publication.count('<tr>') == 4  # heading + three channels
    assert 'ServiceNames: Liian pitkä.' in publication
