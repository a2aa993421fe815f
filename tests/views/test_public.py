"""The public site: what the public sees, in which language, and what
it never sees (advisor instructions, the support line, working copies,
unpublished and retired cards)."""
import pytest

from tests.conftest import card_body

#: Marker words that must never reach a public page.
ADVISOR_MARKER = 'salasanaohjeistusxyz'
WORKING_MARKER = 'luonnostekstiqwv'
SUPPORT_MARKER = '0295999123'


def secret_body(card_id='kela-lapsilisa'):
    body = card_body(card_id, links=[{
        'url': 'https://www.kela.fi/lapsilisa',
        'label': {'fi': 'Hae lapsilisää', 'sv': 'Ansök om barnbidrag'}}])
    body['content']['fi']['advisor_instructions'] = (
        f'Lapsilisä: tarkista {ADVISOR_MARKER} ennen lähettämistä.')
    body['content']['sv']['advisor_instructions'] = (
        f'Barnbidrag {ADVISOR_MARKER}.')
    body['support'] = {'phone': SUPPORT_MARKER, 'note': 'Lapsilisä'}
    return body


@pytest.fixture
def public_cards(as_user, published_card):
    """A published Kela card with secrets, a working copy edit on it, a
    Finnish-only published Vero card, and a Kela draft."""
    body = secret_body()
    published_card(body['id'], **{k: v for k, v in body.items()
                                  if k not in ('id', 'provider')})
    editor = as_user('kela-editor')
    card = editor.get('/api/v1/cards/kela-lapsilisa').json
    edited = secret_body()
    edited['content']['fi']['summary'] = f'Lapsilisä {WORKING_MARKER}.'
    edited['base_version'] = card['version']
    editor.put('/api/v1/cards/kela-lapsilisa', edited)
    finnish = card_body('vero-verokortti', 'vero', suoritteet=[],
                        life_events=['taxation'])
    finnish['content'] = {'fi': {
        'title': 'Verokortti', 'summary': 'Verokortti ja lapsilisä.',
        'description': 'Tilaa *verokortti* OmaVerosta.'}}
    published_card('vero-verokortti', 'vero', **{
        k: v for k, v in finnish.items() if k not in ('id', 'provider')})
    editor.post('/api/v1/cards', card_body(
        'kela-luonnos', content={'fi': {
            'title': f'Luonnos {WORKING_MARKER}',
            'summary': 'Lapsilisä luonnos.'}}), status=201)


def get(testapp, url, lang='fi', status=200):
    testapp.set_cookie('_LOCALE_', lang)
    page = testapp.get(url, status=status)
    assert page.html.html['lang'] == lang
    return page


def assert_no_secrets(page):
    """No marker in the page, except where the page repeats the search
    text it was asked for (the search box and the language switch)."""
    text = page.text
    for marker in (ADVISOR_MARKER, WORKING_MARKER, SUPPORT_MARKER):
        text = text.replace(f'q={marker}', '').replace(
            f'value="{marker}"', '')
        assert marker not in text


def test_front_page_lists_providers_and_life_events_in_each_language(
        testapp):
    page = get(testapp, '/')
    assert page.html.find('h1') is not None
    assert page.html.find('a', href='/providers/kela').text == 'Kela'
    assert page.html.find('a', href='/life-events/moving').text == 'Muutto'
    assert page.html.find('form', role='search').find('label')['for'] == 'q'
    page = get(testapp, '/', 'sv')
    assert page.html.find('a', href='/providers/kela').text == 'FPA'
    assert page.html.find('a', href='/life-events/moving').text == 'Flytt'
    assert get(testapp, '/', 'se').html.find(
        'a', href='/life-events/moving').text == 'Fárren'


def test_published_card_is_listed_and_shown_in_finnish_and_swedish(
        testapp, public_cards):
    listing = get(testapp, '/providers/kela')
    assert listing.html.find('a', href='/services/kela-lapsilisa').text == (
        'Lapsilisä')
    assert 'kela-luonnos' not in listing.text
    page = get(testapp, '/services/kela-lapsilisa')
    assert page.html.find('h1').text == 'Lapsilisä'
    assert page.html.find('h1')['lang'] == 'fi'
    assert page.html.find('strong').text == 'verotonta'  # Markdown
    assert page.html.find('a', href='https://www.kela.fi/lapsilisa').text == (
        'Hae lapsilisää')
    assert page.html.find(class_='note') is None
    swedish = get(testapp, '/services/kela-lapsilisa', 'sv')
    assert swedish.html.find('h1').text == 'Barnbidrag'
    assert swedish.html.find('h1')['lang'] == 'sv'
    assert swedish.html.find('a', href='https://www.kela.fi/lapsilisa'
                             ).text == 'Ansök om barnbidrag'
    # approval needs a description in every language (Suomi.fi), so
    # the Swedish one is shown, not the Finnish one with a note
    assert swedish.html.find(class_='note') is None
    described = swedish.html.find('strong').find_parent('div')
    assert described['lang'] == 'sv'
    assert described.find('strong').text == 'skattefritt'
    by_event = get(testapp, '/life-events/family', 'sv')
    assert by_event.html.find('a', href='/services/kela-lapsilisa').text == (
        'Barnbidrag')


def test_card_without_swedish_is_shown_in_finnish_with_a_note(
        testapp, public_cards):
    page = get(testapp, '/services/vero-verokortti', 'sv')
    title = page.html.find('h1')
    assert (title.text, title['lang']) == ('Verokortti', 'fi')
    note = page.html.find(class_='note')
    assert 'finska' in note.text
    listing = get(testapp, '/life-events/taxation', 'sv')
    link = listing.html.find('a', href='/services/vero-verokortti')
    assert link['lang'] == 'fi'


def test_no_public_page_shows_advisor_texts_or_working_copies(
        testapp, public_cards, tokens):
    pages = ['/', '/services/kela-lapsilisa', '/providers/kela',
             '/life-events/family', '/search?q=lapsilis%C3%A4',
             f'/search?q={ADVISOR_MARKER}', f'/search?q={WORKING_MARKER}',
             '/search?q=lapsilis%C3%A4&provider=kela']
    for lang in ('fi', 'sv'):
        for url in pages:
            assert_no_secrets(get(testapp, url, lang))
    found = get(testapp, '/search?q=lapsilis%C3%A4')
    assert found.html.find('a', href='/services/kela-lapsilisa')
    assert found.html.find('mark') is not None
    assert get(testapp, f'/search?q={ADVISOR_MARKER}').html.find(
        'a', href='/services/kela-lapsilisa') is None
    # the public site is public even for a logged-in advisor
    headers = {'Authorization': f"Bearer {tokens['advisor']}"}
    for url in pages:
        assert_no_secrets(testapp.get(url, headers=headers))
    get(testapp, '/services/kela-luonnos', status=404)


def test_retired_card_disappears(testapp, public_cards, as_user):
    as_user('central').post('/api/v1/cards/vero-verokortti/transitions',
                            {'transition': 'retire', 'comment': 'Lakkautettu'})
    get(testapp, '/services/vero-verokortti', status=404)
    assert 'vero-verokortti' not in get(testapp, '/providers/vero').text


def test_search_facets_and_paging(testapp, public_cards, published_card):
    for number in range(11):
        published_card(f'kela-lapsilisa-{number}')
    page = get(testapp, '/search?q=lapsilis%C3%A4')
    assert len(page.html.find(class_='results').find_all('li')) == 10
    following = page.html.find('a', rel='next')
    page_two = get(testapp, following['href'])
    assert page_two.html.find(class_='results')['start'] == '11'
    facet = page.html.find('a', href='/search?q=lapsilis%C3%A4&provider=vero')
    narrowed = get(testapp, facet['href'])
    results = narrowed.html.find(class_='results').find_all('li')
    assert [r.find('a')['href'] for r in results] == [
        '/services/vero-verokortti']


def test_bad_search_input_is_a_readable_400(testapp):
    for query in ('q=x&page=0', 'q=x&provider=nobody', 'q=' + 'x' * 201):
        page = get(testapp, f'/search?{query}', status=400)
        assert page.html.find(id='q-error', role='alert') is not None
        assert page.html.find('input', id='q')['aria-invalid'] == 'true'
    assert get(testapp, '/search').html.find(class_='results') is None


def test_unknown_ids_are_a_readable_404(testapp):
    for url in ('/services/no-such-card', '/providers/nobody',
                '/life-events/no-such-event'):
        page = get(testapp, url, 'sv', status=404)
        assert page.content_type == 'text/html'
        assert page.html.find('h1') is not None
        assert page.html.find('form', role='search') is not None


def test_every_provider_has_a_sami_name_on_the_sami_front_page(testapp):
    """Issue 15: "Maistraatti" and "TE-toimisto" were left in Finnish."""
    links = get(testapp, '/', 'se').html.select('a[href^="/providers/"]')
    names = {a['href'].rsplit('/', 1)[1]: a.text for a in links}
    assert names['maistraatti'] == 'Maistráhtta'
    assert names['te'] == 'TE-doaimmahat'
    finnish = {a.text for a in get(testapp, '/').html.select(
        'a[href^="/providers/"]')}
    assert not finnish & set(names.values())
