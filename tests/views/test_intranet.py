"""Advisor intranet: search, card page, who may see it."""
from tests.views.helpers import log_in
from tests.views.intranet_helpers import housing_card


def publish(published_card, body):
    return published_card(body['id'], **{k: v for k, v in body.items()
                                         if k not in ('id', 'provider')})


def test_advisor_searches_inflected_finnish_and_sees_card_facts(
    testapp, tokens, published_card
):
    publish(published_card, housing_card())
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/')
    assert 'id="q"' in page.text and 'autofocus' in page.text
    found = testapp.get('/intranet/', params={'q': 'asumistukea'})
    hits = found.html.select('ol.hits > li')
    assert len(hits) == 1
    hit = hits[0]
    assert hit.h3.get_text(strip=True) == 'Yleinen asumistuki'
    assert 'Kela' in hit.select_one('dl.meta').get_text()
    text = hit.select_one('dl.meta').get_text()
    assert 'At the counter' in text or 'Asiointipisteessä' in text
    assert [s['lang'] for s in hit.select('dd span[lang]')] == ['fi', 'sv']
    # facets filter by provider; an unknown code is a readable 422
    assert found.html.select('nav.facets a')
    none = testapp.get('/intranet/', params={'q': 'asumistukea',
                                             'provider': 'vero'})
    assert not none.html.select('ol.hits > li')
    bad = testapp.get('/intranet/', params={'q': 'asumistukea',
                                            'provider': 'nobody'},
                      status=422)
    assert 'nobody' in bad.html.select_one('p.error').get_text()


def test_opening_a_result_is_recorded_for_analytics(
    testapp, tokens, published_card, database
):
    publish(published_card, housing_card())
    log_in(testapp, 'advisor')
    found = testapp.get('/intranet/', params={'q': 'asumistukea'})
    card = found.click(href='/intranet/cards/kela-asumistuki')
    assert 'Tarkista' in card.text
    with database as root:
        opened = list(root['search_log'].opened.values())
    assert opened == [('kela-asumistuki',)]


def test_card_page_shows_instructions_support_links_and_languages(
    testapp, tokens, published_card
):
    publish(published_card, housing_card())
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/cards/kela-asumistuki')
    html = page.html
    assert html.h1.get_text() == 'Yleinen asumistuki'
    assert html.h1['lang'] == 'fi'
    advisor = html.select_one('section.advisor div')
    assert advisor['lang'] == 'fi'
    assert advisor.strong.get_text() == 'vuokrasopimus'  # Markdown
    assert '0295 000 100' in html.select_one('section.support').get_text()
    labelled, bare = html.select('section.links a')
    assert (labelled['href'], labelled.get_text()) == (
        'https://www.kela.fi/asumistuki', 'Hae asumistukea')
    assert bare.get_text() == 'https://www.kela.fi/lomakkeet'
    swedish = testapp.get('/intranet/cards/kela-asumistuki',
                          params={'lang': 'sv'}).html
    assert swedish.h1.get_text() == 'Allmänt bostadsbidrag'
    assert swedish.h1['lang'] == 'sv'
    sami = testapp.get('/intranet/cards/kela-asumistuki',
                       params={'lang': 'se'}).html
    assert sami.h1['lang'] == 'fi'
    assert 'Kortilla ei ole tekstiä pohjoissaameksi; se näytetään ' \
        'suomeksi.' in [note.text for note in sami.select('p.note')]


def test_markup_in_card_text_is_never_executed(testapp, tokens,
                                               published_card):
    body = housing_card()
    body['content']['fi']['description'] = '<script>alert(1)</script>'
    publish(published_card, body)
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/cards/kela-asumistuki')
    assert '<script>alert' not in page.text


def test_public_is_sent_to_login_and_editor_is_refused(
    testapp, tokens, published_card
):
    publish(published_card, housing_card())
    for url in ('/intranet/', '/intranet/cards/kela-asumistuki',
                '/intranet/guides', '/intranet/tickets'):
        response = testapp.get(url, status=303)
        assert '/login?came_from=' in response.location
    log_in(testapp, 'kela-editor')
    page = testapp.get('/intranet/cards/kela-asumistuki', status=403)
    assert 'Tarkista' not in page.text
    testapp.get('/intranet/', params={'q': 'asumistukea'}, status=403)


def test_unknown_or_unpublished_card_is_not_found(testapp, tokens,
                                                  as_user):
    as_user('kela-editor').post('/api/v1/cards', housing_card(),
                                status=201)
    log_in(testapp, 'advisor')
    testapp.get('/intranet/cards/kela-asumistuki', status=404)
    testapp.get('/intranet/cards/no-such-card', status=404)


def test_paging_through_results(testapp, tokens, published_card):
    for number in range(12):
        publish(published_card, housing_card(f'kela-asumistuki-{number}'))
    log_in(testapp, 'advisor')
    first = testapp.get('/intranet/', params={'q': 'asumistuki'})
    assert len(first.html.select('ol.hits > li')) == 10
    second = testapp.get(first.html.select_one('a[rel=next]')['href'])
    assert len(second.html.select('ol.hits > li')) == 2
    assert second.html.select_one('a[rel=prev]')


def test_point_manager_reads_but_cannot_use_or_flag(testapp, tokens,
                                                    published_card):
    publish(published_card, housing_card())
    log_in(testapp, 'manager')
    page = testapp.get('/intranet/cards/kela-asumistuki')
    assert page.html.select_one('section.advisor')
    assert not page.html.select_one('#open-form')
    testapp.get('/intranet/tickets', status=403)


def test_pages_follow_the_language_switch(testapp, tokens, published_card):
    publish(published_card, housing_card())
    log_in(testapp, 'advisor')
    switch = testapp.get('/intranet/').forms['language-form']
    switch.submit('lang', value='sv').follow()
    found = testapp.get('/intranet/', params={'q': 'asumistukea'})
    assert found.html.select_one('#results-title').get_text() == 'Resultat'
    assert 'Vid servicepunkten' in found.html.select_one('dl.meta').get_text()
    card = testapp.get('/intranet/cards/kela-asumistuki').html
    assert card.h1['lang'] == 'sv'
    assert card.select_one('#use-title').get_text() == 'Använd kortet'


def test_search_page_refuses_overlong_text_beside_the_field(testapp,
                                                            tokens):
    log_in(testapp, 'advisor')
    assert testapp.get('/intranet', status=303).location.endswith(
        '/intranet/')
    refused = testapp.get('/intranet/', params={'q': 'a' * 201},
                          status=422)
    assert refused.html.select_one('#q-error')
    assert refused.html.select_one('#q')['aria-invalid'] == 'true'
    # a confirmation for an unknown ticket is simply left out
    page = testapp.get('/intranet/', params={'after': 'mikkeli-x'})
    assert not page.html.select_one('section.confirm')


def test_fallback_sentences_name_the_language_in_the_readers_grammar(
        testapp, tokens, published_card):
    """Issue 15: the Sámi sentence said "gillii suomi"; the language is
    named in the reader's language and case ("suomagillii")."""
    body = housing_card()
    del body['content']['sv']['advisor_instructions']
    body['content']['fi']['advisor_instructions'] = (
        'Kirjaa **Neuvonta lyhyt 2 min** (`neuvonta_lyhyt`).')
    publish(published_card, body)
    log_in(testapp, 'advisor')
    testapp.set_cookie('_LOCALE_', 'se')
    page = testapp.get('/intranet/cards/kela-asumistuki')
    notes = [p.text for p in page.html.select('p.note')]
    assert ('Koarttas ii leat teaksta davvisámegillii; dat čájehuvvo '
            'suomagillii.') in notes
    # the performance type is named, in the instructions' language
    instructions = page.html.find(string='Neuvonta lyhyt 2 min')
    assert instructions is not None and 'neuvonta_lyhyt' not in page.text
    testapp.set_cookie('_LOCALE_', 'sv')
    page = testapp.get('/intranet/cards/kela-asumistuki?lang=sv')
    assert 'Instruktionerna visas på finska.' in [
        p.text for p in page.html.select('p.note')]
