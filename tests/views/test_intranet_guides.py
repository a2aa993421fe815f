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


def titles(section):
    return [a.get_text() for a in section.select('li > a')]


def test_guides_come_a_page_at_a_time_by_title(testapp, tokens, as_user,
                                               monkeypatch):
    from kb.views.intranet import guides

    monkeypatch.setattr(guides, 'PAGE_SIZE', 2)
    for card_id, title in (('ohje-c', 'Cee'), ('ohje-a', 'Aa'),
                           ('ohje-b', 'Bee')):
        central_card(as_user, card_id, title, kind='procedure')
    central_card(as_user, 'paketti', 'Paketti', kind='package',
                 cards=['ohje-a'])
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/guides?package_page=7')
    procedures, packages = page.html.select('main section')
    assert titles(procedures) == ['Aa', 'Bee']
    assert titles(packages) == ['Paketti']
    assert packages.find('nav') is None
    pages = procedures.find('nav', class_='pages')
    assert pages.span.get_text() == 'Sivu 1/2'
    assert pages.find('a', rel='prev') is None
    following = pages.find('a', rel='next')['href']
    assert following == '/intranet/guides?procedure_page=2#guides-procedure'
    second = testapp.get(following)
    procedures = second.html.select('main section')[0]
    assert titles(procedures) == ['Cee']
    assert procedures.find('a', rel='next') is None
    assert procedures.find('a', rel='prev')['href'] == (
        '/intranet/guides#guides-procedure')
    # a guide published later is on the page at once
    central_card(as_user, 'ohje-d', 'Dee', kind='procedure')
    procedures = testapp.get(following).html.select('main section')[0]
    assert titles(procedures) == ['Cee', 'Dee']
