"""Service packages on the public site: a life event's page lists its
published packages with their published member services in the
package's order; drafts, retired packages and advisor texts never
show."""
from urllib.parse import quote

import pytest

from tests.conftest import card_body
from tests.views.test_public import ADVISOR_MARKER, assert_no_secrets, get


def titled(card_id, provider, fi, sv, **changes):
    body = card_body(card_id, provider, **changes)
    body['content']['fi']['title'], body['content']['sv']['title'] = fi, sv
    return body


@pytest.fixture
def package(published_card, as_user):
    """A published package (life event ``family``) of a published Vero
    card, a Kela draft and a published Kela card, in that order, and an
    unpublished package of the same life event."""
    for card_id, provider, fi, sv in (
            ('vero-verokortti', 'vero', 'Verokortti', 'Skattekort'),
            ('kela-lapsilisa', 'kela', 'Lapsilisä', 'Barnbidrag')):
        body = titled(card_id, provider, fi, sv)
        published_card(card_id, provider, content=body['content'])
    as_user('kela-editor').post('/api/v1/cards', titled(
        'kela-luonnos', 'kela', 'Luonnospalvelu', 'Utkast'), status=201)
    central = as_user('central')
    body = titled('paketti-perhe', 'central', 'Perheen palvelut',
                  'Familjens tjänster', kind='package', suoritteet=[],
                  channels=[], cards=['vero-verokortti', 'kela-luonnos',
                                      'kela-lapsilisa'])
    body['content']['fi']['advisor_instructions'] = ADVISOR_MARKER
    central.post('/api/v1/cards', body, status=201)
    central.post('/api/v1/cards/paketti-perhe/transitions',
                 {'transition': 'publish'})
    central.post('/api/v1/cards', titled(
        'paketti-luonnos', 'central', 'Keskeneräinen paketti', 'Utkast',
        kind='package', suoritteet=[], channels=[],
        cards=['kela-lapsilisa']), status=201)
    return 'paketti-perhe'


def listed(page):
    section = page.html.find('section', attrs={'aria-labelledby':
                                               'packages'})
    return [(item.h3.get_text(), [a.get_text() for a in item.select(
        'ol a')]) for item in section.select('ul.packages > li')]


def test_life_event_lists_published_packages_with_members_in_order(
        testapp, package, as_user):
    page = get(testapp, '/life-events/family')
    assert listed(page) == [('Perheen palvelut',
                             ['Verokortti', 'Lapsilisä'])]
    assert [a.get_text() for a in page.html.select(
        'ul.services:not(.packages) h2 a')] == ['Lapsilisä', 'Verokortti']
    assert 'Luonnospalvelu' not in page.text
    assert 'Keskeneräinen' not in page.text
    assert_no_secrets(page)
    swedish = get(testapp, '/life-events/family', lang='sv')
    assert listed(swedish) == [('Familjens tjänster',
                                ['Skattekort', 'Barnbidrag'])]
    shown = get(testapp, '/services/paketti-perhe', lang='sv')
    assert [a.get_text() for a in shown.html.select(
        'section[aria-labelledby=related] a')] == ['Skattekort',
                                                   'Barnbidrag']
    assert_no_secrets(shown)
    get(testapp, '/services/paketti-luonnos', status=404)
    as_user('central').post('/api/v1/cards/paketti-perhe/transitions', {
        'transition': 'retire', 'comment': 'Paketti päättyy.'})
    get(testapp, '/services/paketti-perhe', status=404)
    assert not get(testapp, '/life-events/family').html.find(
        'section', attrs={'aria-labelledby': 'packages'})


def test_public_search_finds_published_packages_only(testapp, package,
                                                     as_user):
    def found(text):
        results = get(testapp, f'/search?q={quote(text)}').html.find(
            class_='results')
        return [] if results is None else [
            item.find('a')['href'] for item in results.find_all('li')]

    assert '/services/paketti-perhe' in found('perheen palvelut')
    assert found('keskeneräinen') == []
    assert found(ADVISOR_MARKER) == []
    as_user('central').post('/api/v1/cards/paketti-perhe/transitions', {
        'transition': 'retire', 'comment': 'Paketti päättyy.'})
    assert '/services/paketti-perhe' not in found('perheen palvelut')
