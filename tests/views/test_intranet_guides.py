"""Advisor intranet: procedure guides and service packages."""
from tests.conftest import card_body
from tests.views.helpers import log_in


def central_card(as_user, card_id, title, **changes):
    """Publish a piece of central content (central workflow)."""
    body = card_body(card_id, 'central', suoritteet=[], **changes)
    body['content']['fi']['title'] = title
    central = as_user('central')
    central.post('/api/v1/cards', body, status=201)
    central.post(f'/api/v1/cards/{card_id}/transitions',
                 {'transition': 'publish'})


def test_guides_and_package_with_its_cards_in_order(testapp, tokens,
                                                    published_card,
                                                    as_user):
    published_card('kela-tyottomyysturva')
    published_card('vero-verokortti', 'vero')
    central_card(as_user, 'ohje-vastaanotto', 'Hakemuksen vastaanotto',
                 kind='procedure')
    central_card(as_user, 'tyottomaksi', 'Työttömäksi jääminen',
                 kind='package',
                 cards=['vero-verokortti', 'kela-tyottomyysturva'])
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/guides')
    guides, packages = page.html.select('main section')
    assert [a.get_text() for a in guides.select('li > a')] == [
        'Hakemuksen vastaanotto']
    assert [a.get_text() for a in packages.select('li > a')] == [
        'Työttömäksi jääminen']
    card = page.click(description='Työttömäksi jääminen')
    assert [a['href'].split('?')[0] for a in card.html.select(
        'section.package li a')] == ['/intranet/cards/vero-verokortti',
                                     '/intranet/cards/kela-tyottomyysturva']
    assert card.html.select_one('nav.intranet a[href="/intranet/guides"]')


def test_guides_page_without_any(testapp, tokens):
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/guides')
    assert len(page.html.select('main section p')) == 2
