"""Advisor intranet: tickets and flags through the forms."""
import datetime

from tests.views.helpers import log_in
from tests.views.intranet_helpers import housing_card


def ready(testapp, published_card):
    body = housing_card()
    published_card(body['id'], **{k: v for k, v in body.items()
                                  if k not in ('id', 'provider')})
    log_in(testapp, 'advisor')
    return testapp


def stored(database, ticket_id):
    with database as root:
        bucket = next(root['tickets'].months('mikkeli'))
        ticket = bucket.tickets[ticket_id]
        return ticket.state, ticket.suorite, ticket.outcome, ticket.visit


def open_ticket(testapp, **fields):
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['open-form']
    for name, value in fields.items():
        form[name] = value
    return form.submit()


def test_open_resolve_close_through_the_forms(testapp, tokens,
                                              published_card, database):
    ready(testapp, published_card)
    panel = open_ticket(testapp, channel='electronic').follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    assert stored(database, ticket_id)[0] == 'open'
    # the workspace's script reads the panel and the panes by their ids
    assert panel.html.select_one('#ticket-panel')['data-url'] == \
        f'/intranet/tickets/{ticket_id}'
    search = testapp.get('/intranet/')
    assert search.html.select_one(
        f'#ticket-pane a[href="/intranet/tickets/{ticket_id}"]')
    assert search.html.select_one('#card-pane[hidden]')
    form = panel.forms['resolve-form']
    assert form['suorite'].value == 'neuvonta_lyhyt'  # the only one
    form['outcome'] = 'referred'
    panel = form.submit().follow()
    assert stored(database, ticket_id)[:3] == (
        'resolved', 'neuvonta_lyhyt', 'referred')
    assert 'autofocus' in str(panel.html.select_one('#close-button'))
    after = panel.forms['close-form'].submit().follow()
    assert stored(database, ticket_id)[0] == 'closed'
    assert after.html.select_one('section.confirm')
    assert not after.html.select_one(
        f'section.tickets a[href="/intranet/tickets/{ticket_id}"]')


def test_another_card_for_the_customer_keeps_the_visit(
    testapp, tokens, published_card, database
):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    first = panel.request.path.rsplit('/', 1)[1]
    search = panel.click(href=r'/intranet/\?visit=')
    found = search.forms['search-form']
    found['q'] = 'asumistukea'
    card = found.submit().click(href='/intranet/cards/kela-asumistuki')
    second = card.forms['open-form'].submit().follow()
    second_id = second.request.path.rsplit('/', 1)[1]
    assert second_id != first
    assert stored(database, second_id)[3] == stored(database, first)[3]


def test_performance_type_not_allowed_is_refused_readably(
    testapp, tokens, published_card, database
):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    url = panel.forms['resolve-form'].action
    refused = testapp.post(url, {
        'csrf_token': panel.forms['resolve-form']['csrf_token'].value,
        'suorite': 'passihakemus', 'outcome': 'resolved'}, status=422)
    assert 'neuvonta_lyhyt' in refused.html.select_one(
        '#suorite-error').get_text()
    assert stored(database, ticket_id)[0] == 'open'


def test_close_before_resolve_is_a_readable_conflict(testapp, tokens,
                                                     published_card):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    token = panel.forms['resolve-form']['csrf_token'].value
    refused = testapp.post(f'/intranet/tickets/{ticket_id}/close',
                           {'csrf_token': token}, status=409)
    assert refused.html.select_one('p.error[role=alert]')


def test_cancel_a_ticket_opened_by_mistake(testapp, tokens,
                                           published_card, database):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    after = panel.forms['cancel-form'].submit().follow()
    assert stored(database, ticket_id)[0] == 'cancelled'
    assert after.html.select_one('section.confirm')


def test_note_with_identity_code_is_refused_beside_the_field(
    testapp, tokens, published_card, database
):
    ready(testapp, published_card)
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['open-form']
    form['note'] = 'Asiakas 131052-308T kävi'
    refused = form.submit(status=422)
    error = refused.html.select_one('#note-error').get_text()
    assert 'personal' in error or 'henkilötietoja' in error
    assert refused.html.select_one('#note')['aria-invalid'] == 'true'
    with database as root:
        assert list(root['tickets'].months('mikkeli')) == []


def test_forms_without_csrf_token_are_refused(testapp, tokens,
                                              published_card, database):
    ready(testapp, published_card)
    testapp.post('/intranet/tickets', {
        'card': 'kela-asumistuki', 'channel': 'counter', 'lang': 'fi'},
        status=400)
    testapp.post('/intranet/cards/kela-asumistuki/flag',
                 {'reason': 'wrong'}, status=400)
    with database as root:
        assert list(root['tickets'].months('mikkeli')) == []
        assert 'kela' not in root['tickets'].flags


def test_flag_from_card_and_ticket_lands_in_providers_queue(
    testapp, tokens, published_card, as_user
):
    ready(testapp, published_card)
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['flag-form']
    form['reason'] = 'outdated'
    form['comment'] = 'Tulorajat ovat vanhat.'
    page = form.submit().follow()
    assert page.html.select_one('p.message[role=status]')
    panel = open_ticket(testapp).follow()
    flag = panel.forms['flag-form']
    flag['reason'] = 'unclear'
    back = flag.submit().follow()
    assert back.request.path == panel.request.path
    queue = as_user('kela-editor').get('/api/v1/flags').json['items']
    assert sorted((f['reason'], bool(f['ticket'])) for f in queue) == [
        ('outdated', False), ('unclear', True)]
    assert as_user('vero-editor').get('/api/v1/flags').json['items'] == []


def test_flag_without_reason_is_shown_again_with_message(
    testapp, tokens, published_card
):
    ready(testapp, published_card)
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['flag-form']
    form['comment'] = 'Epäselvä'
    refused = form.submit(status=422)
    assert refused.html.select_one('#reason-error')
    assert refused.html.select_one('#flag-comment').get_text() == 'Epäselvä'


def notice(**changes):
    today = datetime.date.today()
    body = {
        'provider': 'kela', 'kind': 'disruption',
        'content': {'fi': {'title': 'Järjestelmäkatko',
                           'body': 'Hakemuksia ei voi lähettää.'}},
        'valid_from': (today - datetime.timedelta(days=1)).isoformat(),
        'valid_until': (today + datetime.timedelta(days=1)).isoformat(),
    }
    body.update(changes)
    return body


def test_notice_banner_only_while_in_force_and_for_the_point(
    testapp, tokens, published_card, as_user
):
    ready(testapp, published_card)
    editor = as_user('kela-editor')
    past = datetime.date.today() - datetime.timedelta(days=10)
    editor.post('/api/v1/notices', notice(
        valid_from=past.isoformat(),
        valid_until=(past + datetime.timedelta(days=2)).isoformat()),
        status=201)
    editor.post('/api/v1/notices', notice(point='parainen'), status=201)
    page = testapp.get('/intranet/cards/kela-asumistuki')
    assert not page.html.select_one('section.notices')
    editor.post('/api/v1/notices', notice(point='mikkeli'), status=201)
    banner = testapp.get('/intranet/cards/kela-asumistuki').html.select(
        'section.notices div.notice')
    assert len(banner) == 1
    assert 'Järjestelmäkatko' in banner[0].get_text()


def test_my_open_tickets_page_lists_todays_open_tickets(testapp, tokens,
                                                        published_card):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    mine = testapp.get('/intranet/tickets')
    assert [a['href'] for a in mine.html.select('section.tickets a')] == [
        panel.request.path]


def test_flag_from_ticket_refused_on_the_ticket_panel(testapp, tokens,
                                                      published_card):
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    flag = panel.forms['flag-form']
    flag['reason'] = 'wrong'
    flag['comment'] = 'Soita 040 123 4567'
    refused = flag.submit(status=422)
    assert refused.request.path.endswith('/flag')
    assert refused.html.select_one('#resolve-form')  # the panel again
    assert refused.html.select_one('#comment-error')


def test_flag_with_a_ticket_about_another_card_is_refused(
    testapp, tokens, published_card
):
    ready(testapp, published_card)
    published_card('kela-toinen')
    panel = open_ticket(testapp).follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    token = panel.forms['flag-form']['csrf_token'].value
    testapp.post('/intranet/cards/kela-toinen/flag', {
        'csrf_token': token, 'reason': 'wrong', 'ticket': ticket_id},
        status=422)


def suorite_label(page, code):
    """The name shown for a performance type on the resolve form."""
    return page.html.select_one(f'label[for="suorite-{code}"] span')


def test_performance_types_in_swedish_with_their_language(
    testapp, tokens, published_card
):
    ready(testapp, published_card)
    testapp.set_cookie('_LOCALE_', 'sv')
    panel = open_ticket(testapp).follow()
    label = suorite_label(panel, 'neuvonta_lyhyt')
    assert (label.text, label['lang']) == ('Kort rådgivning (2 min)', 'sv')
    assert panel.html.select_one(
        'label[for="suorite-neuvonta_lyhyt"] kbd').text == '1'
    form = panel.forms['resolve-form']
    form['outcome'] = 'resolved'
    resolved = form.submit().follow()
    shown = resolved.html.find('dt', string='Prestation').find_next('dd')
    assert (shown.text, shown['lang']) == ('Kort rådgivning (2 min)', 'sv')


def test_a_performance_type_without_a_name_falls_back_to_finnish(
    testapp, tokens, published_card, monkeypatch
):
    from kb import refdata

    monkeypatch.delitem(refdata.suoritteet()['neuvonta_lyhyt'], 'name_sv')
    ready(testapp, published_card)
    testapp.set_cookie('_LOCALE_', 'sv')
    panel = open_ticket(testapp).follow()
    label = suorite_label(panel, 'neuvonta_lyhyt')
    assert (label.text, label['lang']) == ('Neuvonta lyhyt 2 min', 'fi')


def test_packages_and_guides_offer_their_cards_tickets_not_a_broken_form(
        testapp, tokens, published_card, as_user, database):
    """A package lists its cards, each with its own start-ticket form; a
    guide has no ticket form; a ticket posted for either is refused with
    a message that says why (it used to say "the card offers the
    channels ." after an empty channel list)."""
    ready(testapp, published_card)
    for card_id, kind in (('kela-paketti', 'package'),
                          ('kela-ohje', 'procedure')):
        published_card(card_id, **{
            'kind': kind, 'channels': [], 'suoritteet': [],
            'cards': ['kela-asumistuki'] if kind == 'package' else None})
    package = testapp.get('/intranet/cards/kela-paketti')
    assert 'open-form' not in package.forms
    member, = {form for form in package.forms.values()
               if form.action == '/intranet/tickets'}
    assert (member['card'].value, member['channel'].value) == (
        'kela-asumistuki', 'counter')
    panel = member.submit().follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    assert stored(database, ticket_id)[0] == 'open'
    guide = testapp.get('/intranet/cards/kela-ohje')
    assert 'open-form' not in guide.forms
    assert guide.html.select_one('section.use p')
    token = member['csrf_token'].value
    for card_id in ('kela-paketti', 'kela-ohje'):
        refused = testapp.post('/intranet/tickets', {
            'csrf_token': token, 'card': card_id, 'channel': 'counter',
            'lang': 'fi'}, status=422)
        assert 'jota asiakkaan asia koskee' in refused.html.select_one(
            '[role=alert]').get_text()
        error = as_user('advisor').post('/api/v1/tickets', {
            'card': card_id, 'channel': '', 'lang': 'fi'}, status=422).json
        assert error['details'][0]['field'] == 'card'


def test_the_ticket_names_its_card_and_personal_data_in_the_language(
        testapp, tokens, published_card):
    """Issue 15: "Kortti: poliisi-ajokorttihakemus" on the ticket, and
    "(identity_code)" inside a Finnish message."""
    ready(testapp, published_card)
    panel = open_ticket(testapp, channel='counter').follow()
    card = panel.html.find('dt', string='Kortti').find_next('dd')
    assert card.a.text == 'Yleinen asumistuki' and card.a['lang'] == 'fi'
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['open-form']
    form['note'] = 'Asiakas 131052-308T kävi'
    error = form.submit(status=422).html.select_one('#note-error').text
    assert 'identity_code' not in error and 'poista henkilötunnus' in error
    testapp.set_cookie('_LOCALE_', 'sv')
    form = testapp.get('/intranet/cards/kela-asumistuki').forms['open-form']
    form['note'] = 'ring 040 123 4567 eller a@b.fi'
    error = form.submit(status=422).html.select_one('#note-error').text
    assert 'phone' not in error and 'telefonnumren' in error


def test_the_providers_remote_service_is_at_hand_with_its_channel(
        testapp, tokens, published_card, database):
    """The card shows how to reach the provider's expert remotely, and
    one click opens the ticket on the remote-service channel."""
    ready(testapp, published_card)
    assert not testapp.get('/intranet/cards/kela-asumistuki').html.select(
        'section.remote')
    with database as root:
        root['providers']['kela'].remote = {
            'room_url': 'https://huone.kela.fi/asumistuki',
            'hours': 'Ma-pe 9-15'}
    page = testapp.get('/intranet/cards/kela-asumistuki')
    assert page.html.select_one('.remote-room')['href'] == (
        'https://huone.kela.fi/asumistuki')
    assert page.html.find(id='remote-title').text == (
        'Etäpalvelu palveluntuottajan asiantuntijan kanssa')
    assert 'Ma-pe 9-15' in page.html.select_one('section.remote').text
    # the card offers no remote service: no button for it
    assert 'remote-form' not in page.forms
    published_card('kela-etapalvelu', **dict({
        key: value for key, value in housing_card().items()
        if key not in ('id', 'provider')}, channels=['counter', 'remote']))
    form = testapp.get('/intranet/cards/kela-etapalvelu').forms[
        'remote-form']
    panel = form.submit().follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    with database as root:
        bucket = next(root['tickets'].months('mikkeli'))
        assert bucket.tickets[ticket_id].channel == 'remote'
    # the ticket panel keeps the room at hand; a counter ticket has none
    assert panel.html.select_one('#ticket-panel .remote-room')['href'] == (
        'https://huone.kela.fi/asumistuki')
    counter = open_ticket(testapp).follow()
    assert not counter.html.select('#ticket-panel .remote-room')


def test_a_cards_own_expert_replaces_the_providers_for_advisors_only(
        testapp, tokens, published_card, database, as_user):
    """A card whose service has its own experts carries their contact;
    advisors see it in place of the provider's, the public never."""
    ready(testapp, published_card)
    with database as root:
        root['providers']['kela'].remote = {
            'room_url': 'https://huone.kela.fi/yleinen',
            'booking_url': 'https://varaa.kela.fi/yleinen'}
    body = dict(housing_card(), id='kela-oma-asiantuntija',
                channels=['counter', 'remote'],
                remote={'room_url': 'http://huone.kela.fi/oma'})
    bad = as_user('kela-editor').post('/api/v1/cards', body, status=422)
    assert [d['field'] for d in bad.json['details']] == ['remote.room_url']
    own = {'room_url': 'https://huone.kela.fi/oma', 'hours': 'Ti 10-12'}
    published_card('kela-oma-asiantuntija', **dict({
        key: value for key, value in body.items()
        if key not in ('id', 'provider')}, remote=own))
    page = testapp.get('/intranet/cards/kela-oma-asiantuntija')
    assert page.html.select_one('.remote-room')['href'] == own['room_url']
    # NB: never a mix of two experts' fields
    assert not page.html.select('.remote-booking')
    panel = page.forms['remote-form'].submit().follow()
    assert panel.html.select_one('#ticket-panel .remote-room')['href'] == (
        own['room_url'])
    assert as_user('advisor').get(
        '/api/v1/cards/kela-oma-asiantuntija').json['remote'] == own
    testapp.reset()  # NB: the public, without the advisor's session
    assert 'remote' not in as_user(None).get(
        '/api/v1/cards/kela-oma-asiantuntija').json
    assert 'huone.kela.fi/oma' not in testapp.get(
        '/services/kela-oma-asiantuntija').text
