"""Markup rules every editor page keeps (WCAG basics): one h1, unique
ids, a label for every field, language marked on every text field."""
import collections

import pytest

from tests.conftest import card_body
from tests.views.helpers import browser

PAGES = (
    '/editor/', '/editor/review', '/editor/cards/new',
    '/editor/cards/new?kind=package&lang=en',
    '/editor/cards/kela-testikortti/edit',
    '/editor/cards/kela-testikortti/history', '/editor/notices',
    '/editor/notices/new', '/editor/search-analytics', '/editor/synonyms',
    '/editor/lists/in_review',
)


@pytest.fixture
def central(app, as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = '/api/v1/cards/kela-testikortti/transitions'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    return browser(app, 'central')


@pytest.mark.parametrize('url', PAGES)
def test_editor_page_markup(central, url):
    html = central.get(url).html
    assert len(html.find_all('h1')) == 1
    ids = collections.Counter(tag['id'] for tag in html.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    labelled = {label['for'] for label in html.find_all('label')}
    for field in html.find_all(['input', 'textarea', 'select']):
        if field.get('type') in ('hidden', 'submit'):
            continue
        assert field.get('id') in labelled, field
        if field.get('name', '').startswith('content.'):
            assert field['lang'] == field['name'].split('.')[1]
    assert html.find('main') is not None
    assert html.find(style=True) is None
    assert all(script.get('src') for script in html.find_all('script'))
