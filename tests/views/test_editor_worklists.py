"""The dashboard's lists a page at a time, and that no list leaks
another provider's cards."""
import re

import pytest

from tests.conftest import card_body
from tests.views.helpers import browser

LIST_PAGES = ('returned', 'drafts', 'in_review', 'past_review_by',
              'outdated', 'published')


@pytest.fixture
def kela_in_every_list(as_user, published_card):
    """Kela cards in every list, and one Vero card past its review-by
    date, published and with an open flag."""
    editor = as_user('kela-editor')
    published_card('kela-vanha', review_by='2020-01-01')
    changed = card_body('kela-vanha', review_by='2020-01-01')
    changed['content']['fi']['summary'] = 'Uusi tiivistelmä lapsilisästä.'
    editor.put('/api/v1/cards/kela-vanha', dict(changed, base_version=1))
    as_user('advisor').post('/api/v1/cards/kela-vanha/flags', {
        'reason': 'wrong', 'comment': 'Väärin'}, status=201)
    for name in ('kela-palautettu', 'kela-tarkastus'):
        editor.post('/api/v1/cards', card_body(name), status=201)
        editor.post(f'/api/v1/cards/{name}/transitions',
                    {'transition': 'submit'})
    as_user('kela-reviewer').post(
        '/api/v1/cards/kela-palautettu/transitions',
        {'transition': 'reject', 'comment': 'Tarkista.'})
    published_card('vero-oma', 'vero', suoritteet=[],
                   review_by='2020-01-01')
    as_user('advisor').post('/api/v1/cards/vero-oma/flags', {
        'reason': 'unclear', 'comment': 'Epäselvä'}, status=201)


def card_links(page):
    return set(re.findall(r'/editor/cards/([\w-]+)/edit', page.text))


def test_no_list_of_a_provider_editor_holds_another_providers_card(
        app, as_user, kela_in_every_list):
    vero = browser(app, 'vero-editor')
    assert card_links(vero.get('/editor/')) == {'vero-oma'}
    for name in LIST_PAGES:
        assert card_links(vero.get(f'/editor/lists/{name}')) <= {'vero-oma'}
    due = as_user('vero-editor').get('/api/v1/review-due').json
    assert [item['id'] for item in due['items']] == ['vero-oma']
    kela = card_links(browser(app, 'kela-editor').get('/editor/'))
    assert {'kela-vanha', 'kela-palautettu', 'kela-tarkastus'} <= kela
    assert 'vero-oma' not in kela
    central = card_links(browser(app, 'central').get('/editor/'))
    assert {'kela-vanha', 'kela-tarkastus', 'vero-oma'} <= central


def test_every_list_has_a_page_of_its_own(app, kela_in_every_list):
    kela = browser(app, 'kela-editor')
    expected = {'returned': 'kela-palautettu', 'in_review': 'kela-tarkastus',
                'past_review_by': 'kela-vanha', 'outdated': 'kela-vanha',
                'published': 'kela-vanha', 'drafts': 'kela-vanha'}
    for name, card_id in expected.items():
        page = kela.get(f'/editor/lists/{name}')
        assert card_id in card_links(page), name
        assert page.html.find('h1').text.strip()
    kela.get('/editor/lists/everything', status=404)


def test_list_pages_go_forward_and_back(app, published_card, monkeypatch):
    from kb.views.editor import dashboard

    for name in ('kela-eka', 'kela-toka', 'kela-kolmas'):
        published_card(name)
    monkeypatch.setattr(dashboard, 'PAGE_SIZE', 2)
    kela = browser(app, 'kela-editor')
    first = kela.get('/editor/lists/published?page=nonsense')
    assert card_links(first) == {'kela-kolmas', 'kela-toka'}
    pages = first.html.find('nav', class_='pages')
    assert pages.find('a', rel='prev') is None
    second = kela.get(pages.find('a', rel='next')['href'])
    assert card_links(second) == {'kela-eka'}
    pages = second.html.find('nav', class_='pages')
    assert pages.find('a', rel='next') is None
    assert pages.find('a', rel='prev')['href'] == (
        '/editor/lists/published?page=1')
    assert card_links(kela.get('/editor/lists/published?page=9')) == set()


def test_list_pages_need_an_editing_role(app, testapp, tokens):
    assert '/login' in testapp.get('/editor/lists/published',
                                   status=303).location
    browser(app, 'advisor').get('/editor/lists/published', status=403)
