"""The intranet's Atom feed of changes, ``/intranet/changes.atom``."""
from xml.etree import ElementTree

from tests.views.helpers import log_in

ATOM = '{http://www.w3.org/2005/Atom}'
FEED = '/intranet/changes.atom'


def parse(response):
    assert response.content_type == 'application/atom+xml'
    return ElementTree.fromstring(response.body)


def test_feed_lists_changes_newest_first_and_no_draft(
    testapp, tokens, mixed_cards
):
    log_in(testapp, 'advisor')
    feed = parse(testapp.get(FEED))
    assert feed.tag == f'{ATOM}feed'
    for tag in ('id', 'title', 'updated'):
        assert feed.find(f'{ATOM}{tag}').text
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get('href') == 'http://localhost' + FEED
    entries = feed.findall(f'{ATOM}entry')
    updated = [entry.find(f'{ATOM}updated').text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    summaries = [(entry.find(f'{ATOM}title').text,
                  entry.find(f'{ATOM}summary').text) for entry in entries]
    # newest first: the procedure guide (titled as the test cards are),
    # the future card, the retirement
    assert summaries[0] == ('Lapsilisä', 'Julkaistu.')
    assert summaries[1][0] == 'Kortti tulevamerkki'
    assert summaries[1][1].startswith('Julkaistaan ')
    assert summaries[2] == ('Kortti poistunutmerkki',
                            'Poistettu intranetistä.')
    for entry in entries:
        assert entry.find(f'{ATOM}id').text
        assert entry.find(f'{ATOM}author/{ATOM}name').text
    links = [entry.find(f'{ATOM}link').get('href') for entry in entries]
    assert links[:2] == ['http://localhost/intranet/cards/ohje-etapalvelu',
                         'http://localhost/intranet/cards/kela-tuleva']
    assert links[2] == 'http://localhost/intranet/'  # withdrawn: no page
    # the drafts (a working copy, a new card) are never in the feed; the
    # future and retired versions were approved, so their titles are
    text = testapp.get(FEED).text.lower()
    assert 'luonnosmerkki' not in text
    assert 'keskeneräinenmerkki' not in text


def test_titles_follow_the_readers_language(testapp, tokens,
                                            published_card):
    published_card()
    feed = parse(testapp.get(FEED, headers={
        'Authorization': f"Bearer {tokens['advisor']}",
        'Accept-Language': 'sv'}))
    entry = feed.find(f'{ATOM}entry')
    assert entry.find(f'{ATOM}title').text == 'Barnbidrag'
    assert entry.find(f'{ATOM}summary').text == 'Publicerat.'


def test_notices_in_force_at_the_point_are_entries(testapp, tokens, clock,
                                                   published_card, as_user):
    published_card()
    clock.advance(1)  # stored instants have whole seconds
    for title, point in (('Katko Mikkelissä', 'mikkeli'),
                         ('Katko muualla', 'parainen')):
        as_user('kela-editor').post('/api/v1/notices', {
            'provider': 'kela', 'kind': 'disruption', 'point': point,
            'cards': ['kela-testikortti'],
            'content': {'fi': {'title': title, 'body': 'Ei yhteyttä.'}},
            'valid_from': '2020-01-01', 'valid_until': '2099-01-01'},
            status=201)
    feed = parse(testapp.get(FEED, headers={
        'Authorization': f"Bearer {tokens['advisor']}"}))
    titles = [entry.find(f'{ATOM}title').text
              for entry in feed.findall(f'{ATOM}entry')]
    assert titles[0] == 'Kela: Katko Mikkelissä'
    assert 'Kela: Katko muualla' not in titles


def test_feed_is_refused_to_the_public_and_to_editors(testapp, tokens,
                                                      published_card):
    published_card()
    response = testapp.get(FEED, status=303)
    assert '/login' in response.location
    testapp.get(FEED, headers={'Authorization': 'Bearer kb_wrong'},
                status=401)
    testapp.get(FEED, headers={
        'Authorization': f"Bearer {tokens['kela-editor']}"}, status=403)


def test_intranet_pages_link_the_page_and_the_feed(testapp, tokens):
    """The navigation's "What's new" is a page (it opened the raw feed);
    the feed stays as an alternative, linked from the page too."""
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/')
    assert page.html.find('link', type='application/atom+xml')['href'] \
        == FEED
    page = page.click(href='^/intranet/changes$')
    assert page.html.find('nav', class_='intranet').find(
        'a', href='/intranet/changes')['aria-current'] == 'page'
    assert page.html.find('main').find('a', href=FEED)
    assert page.html.select_one('main p').get_text()  # nothing yet


def test_whats_new_shows_title_word_diff_and_comment(testapp, tokens,
                                                     published_card,
                                                     as_user):
    """Each change with the card's title (linked), what changed word by
    word in the public and advisor texts, and the editor's comment; the
    feed's entries carry the comment too (they said only "Published.")."""
    from tests.conftest import card_body

    published_card()
    body = card_body(base_version=1, comment='Tulorajat päivitetty.')
    body['content']['fi']['summary'] = 'Lapsilisää maksetaan jokaisesta ' \
        'Suomessa asuvasta alle 18-vuotiaasta lapsesta.'
    body['content']['fi']['advisor_instructions'] = 'Ota hakemus vastaan.'
    as_user('kela-editor').put('/api/v1/cards/kela-testikortti', body)
    url = '/api/v1/cards/kela-testikortti/transitions'
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    as_user('central').post(url, {'transition': 'approve'})
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/changes').html
    newest, first = page.select('ol.changes > li')
    link = newest.select_one('h2 a')
    assert (link.get_text(), link['href']) == (
        'Lapsilisä', 'http://localhost/intranet/cards/kela-testikortti')
    assert newest.select_one('time')['datetime']
    assert 'Tulorajat päivitetty.' in newest.select_one('.comment').get_text()
    words = {dt.get_text(): dd for dt, dd in zip(newest.select('dl dt'),
                                                 newest.select('dl dd'))}
    assert set(words) == {'Tiivistelmä', 'Ohjeet neuvojalle'}
    assert [tag.get_text() for tag in words['Tiivistelmä'].select(
        'del, ins')] == ['17-vuotiaasta', '18-vuotiaasta']
    assert [tag.get_text() for tag in words['Ohjeet neuvojalle'].select(
        'del, ins')] == ['vastaan ja lähetä se Kelaan.', 'vastaan.']
    assert first.select_one('dl') is None  # a new card
    feed = parse(testapp.get(FEED))
    assert feed.find(f'{ATOM}entry/{ATOM}summary').text == \
        'Julkaistu. Tulorajat päivitetty.'


def test_a_cancelled_publication_is_not_called_published(
        testapp, tokens, published_card, as_user):
    from tests.conftest import card_body

    published_card()
    url = '/api/v1/cards/kela-testikortti'
    body = card_body(base_version=1)
    body['content']['fi']['summary'] = 'Tuleva tiivistelmä.'
    as_user('kela-editor').put(url, body)
    for user, step in (('kela-editor', 'submit'),
                       ('kela-reviewer', 'accept'),
                       ('central', 'approve')):
        as_user(user).post(f'{url}/transitions', {
            'transition': step, 'effective': '2999-01-01'} if step ==
            'approve' else {'transition': step})
    as_user('central').post(f'{url}/unschedule', {})
    log_in(testapp, 'advisor')
    newest = parse(testapp.get(FEED)).find(f'{ATOM}entry')
    assert newest.find(f'{ATOM}title').text == 'Lapsilisä'
    assert newest.find(f'{ATOM}summary').text == \
        'Ajastettu julkaisu peruttiin.'
    page = testapp.get('/intranet/changes').html
    cancelled, scheduled = page.select('ol.changes > li')[:2]
    # NB: texts that are not in force (yet, or ever) are not shown
    assert cancelled.select_one('dl') is None
    assert scheduled.select_one('dl') is None
