"""The public site for search engines: JSON-LD on service pages, the
sitemap with language alternates, robots.txt."""
import json
from xml.etree import ElementTree

from tests.conftest import HIDDEN_MARKERS, card_body

SITEMAP = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
XHTML = '{http://www.w3.org/1999/xhtml}'


def json_ld_of(page):
    scripts = page.html.find_all('script', type='application/ld+json')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_service_page_describes_the_service_as_json_ld(testapp,
                                                       published_card):
    published_card(links=[{'url': 'https://www.kela.fi/lapsilisa',
                           'label': {'fi': 'Hae lapsilisää'}}])
    page = testapp.get('/services/kela-testikortti')
    data = json_ld_of(page)
    assert data['@context'] == 'https://schema.org'
    assert data['@type'] == 'GovernmentService'
    assert data['name'] == 'Lapsilisä'
    assert data['inLanguage'] == 'fi'
    assert data['description'].startswith('Lapsilisää maksetaan')
    assert data['url'] == 'http://localhost/services/kela-testikortti' \
        '?lang=fi'
    assert data['provider'] == {'@type': 'GovernmentOrganization',
                                'name': 'Kela', 'url': 'https://www.kela.fi'}
    assert data['areaServed'] == {'@type': 'Country', 'name': 'Finland'}
    counter, link = data['availableChannel']
    assert (counter['@type'], counter['name']) == (
        'ServiceChannel', 'Palvelu asiointipisteen tiskillä')
    assert counter['serviceLocation'][0]['@type'] == 'GovernmentOffice'
    assert link == {'@type': 'ServiceChannel', 'name': 'Hae lapsilisää',
                    'serviceUrl': 'https://www.kela.fi/lapsilisa'}
    swedish = json_ld_of(testapp.get('/services/kela-testikortti?lang=sv'))
    assert (swedish['name'], swedish['inLanguage']) == ('Barnbidrag', 'sv')
    assert swedish['provider']['name'] == 'FPA'


def test_a_provider_address_with_its_scheme_is_kept(testapp, published_card,
                                                    as_user, tokens):
    published_card()
    admin = as_user('admin')
    admin.testapp.patch_json('/api/v1/providers/kela',
                             {'web': 'https://www.kela.fi/'},
                             headers=admin.headers)
    data = json_ld_of(testapp.get('/services/kela-testikortti'))
    assert data['provider']['url'] == 'https://www.kela.fi/'


def test_json_ld_holds_no_advisor_text_and_no_draft(testapp, mixed_cards):
    page = testapp.get('/services/kela-testikortti')
    text = json.dumps(json_ld_of(page), ensure_ascii=False)
    assert 'Ota hakemus vastaan' not in text  # advisor instructions
    assert '0295' not in text  # support line
    for marker in HIDDEN_MARKERS:
        assert marker not in text.lower()


def test_json_ld_cannot_end_its_script_element(testapp, published_card):
    body = card_body()
    body['content']['fi']['summary'] = ('Lapsilisä </script><script>'
                                        'alert(1)</script> & muuta.')
    published_card(content=body['content'])
    page = testapp.get('/services/kela-testikortti')
    script = page.text.split('type="application/ld+json">')[1]
    assert '</script>' not in script.split('</script>')[0]
    assert '<script>' not in script.split('</script>')[0]
    assert json_ld_of(page)['description'].startswith('Lapsilisä </script>')


def sitemap_urls(testapp):
    response = testapp.get('/sitemap.xml')
    assert response.content_type == 'application/xml'
    urlset = ElementTree.fromstring(response.body)
    assert urlset.tag == f'{SITEMAP}urlset'
    return {url.find(f'{SITEMAP}loc').text: url
            for url in urlset.findall(f'{SITEMAP}url')}


def test_sitemap_lists_public_pages_in_each_language(testapp, mixed_cards,
                                                     published_card):
    published_card('kela-ohje', kind='procedure', suoritteet=[])
    assert testapp.get('/services/kela-ohje').status_int == 200
    urls = sitemap_urls(testapp)
    base = 'http://localhost'
    for lang in ('fi', 'sv', 'se'):
        assert f'{base}/?lang={lang}' in urls
        assert f'{base}/providers/kela?lang={lang}' in urls
        assert f'{base}/life-events/family?lang={lang}' in urls
    services = sorted(url for url in urls if '/services/' in url)
    assert services == [f'{base}/services/kela-testikortti?lang=fi',
                        f'{base}/services/kela-testikortti?lang=sv']
    card = urls[f'{base}/services/kela-testikortti?lang=fi']
    assert len(card.find(f'{SITEMAP}lastmod').text) == 10
    alternates = {link.get('hreflang'): link.get('href')
                  for link in card.findall(f'{XHTML}link')}
    assert alternates == {
        'fi': f'{base}/services/kela-testikortti?lang=fi',
        'sv': f'{base}/services/kela-testikortti?lang=sv'}
    text = testapp.get('/sitemap.xml').text
    for hidden in ('kela-poistuva', 'kela-tuleva', 'kela-luonnos',
                   'ohje-etapalvelu', 'kela-ohje'):
        assert hidden not in text


def test_sitemap_languages_are_the_pages_languages(testapp, published_card):
    published_card()
    assert testapp.get('/?lang=sv').html.html['lang'] == 'sv'
    page = testapp.get('/services/kela-testikortti?lang=se')
    assert page.html.html['lang'] == 'se'
    # elsewhere ?lang= is a card's text language, not the interface's
    assert testapp.get('/login?lang=sv').html.html['lang'] == 'fi'


def test_the_sitemap_is_kept_until_something_is_published_or_withdrawn(
        testapp, published_card, as_user):
    published_card()
    first = testapp.get('/sitemap.xml')
    again = testapp.get('/sitemap.xml',
                        headers={'If-None-Match': first.headers['ETag']},
                        status=304)
    assert again.body == b''
    published_card('kela-toinen')
    second = testapp.get('/sitemap.xml',
                         headers={'If-None-Match': first.headers['ETag']})
    assert 'kela-toinen' in second.text
    as_user('central').post('/api/v1/cards/kela-toinen/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    assert 'kela-toinen' not in testapp.get('/sitemap.xml').text


def test_robots_txt_points_at_the_sitemap(testapp):
    text = testapp.get('/robots.txt').text
    assert 'Sitemap: http://localhost/sitemap.xml' in text
    assert 'Disallow: /intranet' in text
