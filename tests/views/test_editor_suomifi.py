"""The central editor cannot approve a card Suomi.fi would refuse; the
problems show beside the card's fields."""
from tests.conftest import card_body
from tests.views.helpers import browser

URL = '/api/v1/cards/{}/transitions'


def submitted(as_user, body):
    """Create ``body`` as Kela's editor and bring it to central review."""
    as_user('kela-editor').post('/api/v1/cards', body, status=201)
    url = URL.format(body['id'])
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})


def test_approval_is_refused_with_the_problem_beside_the_field(
        app, tokens, as_user):
    body = card_body('kela-ruotsi')
    del body['content']['sv']['description']
    submitted(as_user, body)
    central = browser(app, 'central')
    page = central.get('/editor/cards/kela-ruotsi/edit')
    refused = page.forms['transition-approve'].submit(status=422)
    error = refused.html.find(id='error-content.sv.description')
    assert 'Suomi.fi' in error.text
    field = refused.html.find(id='content.sv.description')
    assert field['aria-invalid'] == 'true'
    listed = refused.html.find(id='transition-error').text
    assert 'content.sv.description' in listed
    card = as_user('central').get('/api/v1/cards/kela-ruotsi').json
    assert card['state'] == 'central_review'


def test_approval_passes_once_the_text_is_there(app, tokens, as_user):
    submitted(as_user, card_body('kela-valmis'))
    central = browser(app, 'central')
    page = central.get('/editor/cards/kela-valmis/edit')
    page.forms['transition-approve'].submit(status=303)
    card = as_user('central').get('/api/v1/cards/kela-valmis').json
    assert card['state'] == 'published'


def test_api_approval_names_the_suomifi_problem(app, tokens, as_user):
    body = card_body('kela-kuvaukseton')
    del body['content']['fi']['description']
    submitted(as_user, body)
    refused = as_user('central').post(URL.format('kela-kuvaukseton'),
                                      {'transition': 'approve'},
                                      status=422).json
    assert [d['field'] for d in refused['details']] == [
        'content.fi.description']


def test_central_procedure_guides_are_not_suomifi_content(
        app, tokens, as_user):
    body = card_body('ohje-ruotsi', 'central', kind='procedure',
                     suoritteet=[])
    del body['content']['sv']['description']
    central = as_user('central')
    central.post('/api/v1/cards', body, status=201)
    central.post(URL.format('ohje-ruotsi'), {'transition': 'publish'})
    card = central.get('/api/v1/cards/ohje-ruotsi').json
    assert card['state'] == 'published'
