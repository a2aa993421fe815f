"""The central editor cannot approve a card Suomi.fi would refuse; the
problems show beside the card's fields."""
import contextlib
import tempfile

from tests.conftest import card_body
from tests.suomifi.conftest import mapping_without as without_life_event
from tests.views.helpers import browser

URL = '/api/v1/cards/{}/transitions'


@contextlib.contextmanager
def mapping_without(app, life_event):
    """The app's Suomi.fi mapping lacks ``life_event`` meanwhile."""
    from kb.suomifi.config import SETTING
    with tempfile.TemporaryDirectory() as folder:
        app.registry.settings[SETTING] = str(
            without_life_event(folder, life_event))
        try:
            yield
        finally:
            del app.registry.settings[SETTING]


def submitted(as_user, body):
    """Create ``body`` as Kela's editor and bring it to central review."""
    as_user('kela-editor').post('/api/v1/cards', body, status=201)
    url = URL.format(body['id'])
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})


def test_approval_is_refused_with_the_problem_beside_the_field(
        app, tokens, as_user):
    submitted(as_user, card_body('kela-ruotsi'))
    central = browser(app, 'central')
    page = central.get('/editor/cards/kela-ruotsi/edit')
    with mapping_without(app, 'family'):
        refused = page.forms['transition-approve'].submit(status=422)
    error = refused.html.find(id='error-life_events')
    assert 'life_events.family' in error.text
    listed = refused.html.find(id='transition-error').text
    assert 'life_events' in listed
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
    with mapping_without(app, 'family'):
        refused = as_user('central').post(URL.format('kela-kuvaukseton'),
                                          {'transition': 'approve'},
                                          status=422).json
    # a missing description is no problem: the summary stands in
    assert [d['field'] for d in refused['details']] == ['life_events']
    as_user('central').post(URL.format('kela-kuvaukseton'),
                            {'transition': 'approve'})


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
