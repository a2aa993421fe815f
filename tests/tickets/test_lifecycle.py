"""The ticket lifecycle rules, privacy and flags through the API."""
import pytest

from tests.conftest import card_body
from tests.tickets.test_reports import lifecycle  # noqa: F401

OPEN = {'card': 'kela-testikortti', 'channel': 'counter', 'lang': 'fi'}


@pytest.fixture
def clock(clock):
    clock.at('2015-02-02T10:00:00')
    return clock


@pytest.fixture
def card(published_card):
    return published_card(suoritteet=['neuvonta_lyhyt',
                                      'asiakirjat_vastaanotto'])


def open_ticket(client, status=201, **changes):
    return client.post('/api/v1/tickets', dict(OPEN, **changes),
                       status=status).json


def test_lifecycle_records_card_version_and_server_times(as_user, card,
                                                         clock):
    advisor = as_user('advisor')
    ticket = open_ticket(advisor, note='Asiakas tarvitsi lomakkeen.')
    assert ticket['state'] == 'open'
    assert ticket['point'] == 'mikkeli'
    assert (ticket['card'], ticket['card_version']) == (
        'kela-testikortti', 1)
    assert ticket['opened'] == '2015-02-02T10:00:00+02:00'
    assert ticket['allowed_suoritteet'] == ['neuvonta_lyhyt',
                                            'asiakirjat_vastaanotto']
    url = f"/api/v1/tickets/{ticket['id']}"
    advisor.post(f'{url}/close', {}, status=409)  # not resolved yet
    clock.advance(60)
    advisor.post(f'{url}/resolve', {'suorite': 'neuvonta_lyhyt',
                                    'outcome': 'resolved'})
    clock.advance(60)
    # the performance type may still change before closing
    changed = advisor.post(f'{url}/resolve', {
        'suorite': 'asiakirjat_vastaanotto', 'outcome': 'referred'}).json
    assert changed['resolved'] == '2015-02-02T10:01:00+02:00'
    assert changed['suorite'] == 'asiakirjat_vastaanotto'
    closed = advisor.post(f'{url}/close', {}).json
    assert (closed['state'], closed['unit_price_eur']) == ('closed', '2.95')
    for step in ('resolve', 'close', 'cancel'):
        body = {'suorite': 'neuvonta_lyhyt', 'outcome': 'resolved'}
        error = advisor.post(f'{url}/{step}', body if step == 'resolve'
                             else {}, status=409).json
        assert error['error'] == 'invalid_state'


def test_performance_type_must_be_allowed_by_card_and_provider(as_user,
                                                               card):
    advisor = as_user('advisor')
    ticket = open_ticket(advisor)
    url = f"/api/v1/tickets/{ticket['id']}/resolve"
    for suorite in ('materiaalin_anto', 'x', None):
        advisor.post(url, {'suorite': suorite, 'outcome': 'resolved'},
                     status=422)
    advisor.post(url, {'suorite': 'neuvonta_lyhyt', 'outcome': 'won'},
                 status=422)


def test_no_personal_data_in_notes(as_user, card):
    advisor = as_user('advisor')
    for note, kind in (('hetu 131052-308T', 'identity_code'),
                       ('maija@example.fi', 'email'),
                       ('soita 040 123 4567', 'phone')):
        error = open_ticket(advisor, status=422, note=note)
        assert error['error'] == 'personal_data'
        assert error['details'] == [{'field': 'note', 'message': kind}]
    open_ticket(advisor, status=422, note='x' * 501)
    # a ticket has no field for a name or contact details at all
    error = open_ticket(advisor, status=422, customer='Maija')
    assert error['details'][0]['field'] == 'customer'


def test_only_advisors_at_their_own_point(as_user, card, testapp, database):
    from kb.accounts.users import add_user, issue_token

    open_ticket(as_user('advisor'), status=403, point='parainen')
    for name in ('kela-editor', 'central', 'manager', None):
        status = 401 if name is None else 403
        open_ticket(as_user(name), status=status)
    ticket = open_ticket(as_user('advisor'))
    with database as root:
        add_user(root, database.registry, 't', 'parainen-advisor',
                 'advisor', 'p' * 12, point='parainen')
        token = issue_token(root, database.registry, 't',
                            root['users']['parainen-advisor'])
    testapp.get(f"/api/v1/tickets/{ticket['id']}", status=404,
                headers={'Authorization': f'Bearer {token}'})
    # the point manager sees but does not act
    manager = as_user('manager')
    assert manager.get(f"/api/v1/tickets/{ticket['id']}").json['id'] == \
        ticket['id']
    manager.post(f"/api/v1/tickets/{ticket['id']}/cancel", {}, status=403)


def test_bad_open_requests(as_user, card):
    advisor = as_user('advisor')
    for changes, field in (({'card': 'ei-ole'}, 'card'),
                           ({'channel': 'remote'}, 'channel'),
                           ({'lang': 'de'}, 'lang'),
                           ({'visit': 'Not Valid!'}, 'visit')):
        error = open_ticket(advisor, status=422, **changes)
        assert error['details'][0]['field'] == field
    advisor.get('/api/v1/tickets/not-a-ticket', status=404)
    advisor.get('/api/v1/tickets/mikkeli-201502-abc', status=404)


def test_several_tickets_of_one_visit_and_cancelled_not_billed(as_user,
                                                               card,
                                                               clock):
    advisor = as_user('advisor')
    first = open_ticket(advisor, visit='kaynti-1')
    second = open_ticket(advisor, visit='kaynti-1')
    assert first['visit'] == second['visit'] == 'kaynti-1'
    assert first['id'] != second['id']
    lone = open_ticket(advisor)
    assert lone['visit'] == lone['id']
    advisor.post(f"/api/v1/tickets/{lone['id']}/cancel", {})
    open_ids = {t['id'] for t in advisor.get('/api/v1/tickets').json[
        'items']}
    assert open_ids == {first['id'], second['id']}


def test_tickets_left_open_past_the_day_are_listed(as_user, card, clock):
    advisor = as_user('advisor')
    old = open_ticket(advisor)
    clock.at('2015-02-03T09:00:00')
    open_ticket(advisor)
    stale = as_user('manager').get('/api/v1/tickets', stale=1).json
    assert [t['id'] for t in stale['items']] == [old['id']]
    as_user('manager').get('/api/v1/tickets', point='parainen', status=403)
    as_user('admin').get('/api/v1/tickets', point='atlantis', status=422)


def test_flags_reach_the_provider_and_signals_count_uses(
    as_user, card, clock
):
    advisor = as_user('advisor')
    ticket = lifecycle(advisor, clock, 'kela-testikortti', 'neuvonta_lyhyt',
                       '2015-02-02T11:00:00', 60, 90)
    url = '/api/v1/cards/kela-testikortti'
    flag = advisor.post(f'{url}/flags', {
        'reason': 'outdated', 'comment': 'Lomake on uusittu.',
        'ticket': ticket['id']}, status=201).json
    advisor.post(f'{url}/flags', {'reason': 'boring'}, status=422)
    advisor.post(f'{url}/flags', {'reason': 'wrong',
                                  'comment': '040 123 4567'}, status=422)
    as_user('kela-editor').post(f'{url}/flags', {'reason': 'wrong'},
                                status=403)
    queue = as_user('kela-editor').get('/api/v1/flags').json['items']
    assert [(f['card'], f['reason'], f['point']) for f in queue] == [
        ('kela-testikortti', 'outdated', 'mikkeli')]
    assert as_user('vero-editor').get('/api/v1/flags').json['items'] == []
    assert len(as_user('central').get('/api/v1/flags').json['items']) == 1
    signals = as_user('kela-editor').get(f'{url}/signals').json
    assert (signals['uses'], signals['outcomes'], signals['open_flags']) == (
        1, {'resolved': 1}, 1)
    assert signals['closed']['median'] == 90
    assert as_user('kela-editor').get(url).json['open_flags'] == 1
    as_user('advisor').get(f'{url}/signals', status=404)
    as_user('kela-editor').post(
        f"/api/v1/flags/kela/{flag['id']}/resolve",
        {'resolution': 'Päivitetty.'})
    assert as_user('kela-editor').get(f'{url}/flags').json['items'] == []
    as_user('vero-editor').post(f"/api/v1/flags/kela/{flag['id']}/resolve",
                                {'resolution': 'x'}, status=404)


EVASIONS = ('131052 308T', '131052308T', '131052\u2013308T', 'ID131052-308T',
            'hetu_131052-308T', '131052-\u200b308T', 'asiakas 131052-308t')


def test_identity_codes_in_any_disguise_are_refused(as_user, card, clock):
    advisor = as_user('advisor')
    for text in EVASIONS:
        error = open_ticket(advisor, status=422, note=text)
        assert error['details'] == [{'field': 'note',
                                     'message': 'identity_code'}]
    for visit in ('131052-308t', 'id131052-308t', '010594y9032'):
        error = open_ticket(advisor, status=422, visit=visit)
        assert (error['error'], error['details']) == ('personal_data', [
            {'field': 'visit', 'message': 'identity_code'}])
    # a visit id is screened for identity codes only: digits are common
    assert open_ticket(advisor, visit='v-2015-0001-0002')['visit'] == \
        'v-2015-0001-0002'
    assert open_ticket(advisor, note='Käsittely kestää 1-2 viikkoa, '
                       'vuodet 2015\u20132016.')['state'] == 'open'


def test_flag_comments_and_resolutions_hold_no_personal_data(
    as_user, card, clock
):
    advisor = as_user('advisor')
    url = '/api/v1/cards/kela-testikortti/flags'
    for text in EVASIONS + ('maija\u200b@example.fi', 'p. 040\u2013123 4567'):
        error = advisor.post(url, {'reason': 'wrong', 'comment': text},
                             status=422).json
        assert error['error'] == 'personal_data'
    flag = advisor.post(url, {'reason': 'wrong', 'comment': 'Vanha lomake.'},
                        status=201).json
    editor = as_user('kela-editor')
    resolve = f"/api/v1/flags/kela/{flag['id']}/resolve"
    for text, kind in (('Soitin 131052 308T', 'identity_code'),
                       ('Vastasin: maija@example.fi', 'email'),
                       ('Soitin 040 123 4567', 'phone')):
        error = editor.post(resolve, {'resolution': text}, status=422).json
        assert (error['error'], error['details']) == ('personal_data', [
            {'field': 'resolution', 'message': kind}])
    assert editor.post(resolve, {'resolution': 'Päivitetty 2015-02-02.'}
                       ).json['state'] == 'closed'


def test_flags_are_audited_without_their_text(as_user, card, clock):
    advisor = as_user('advisor')
    flag = advisor.post('/api/v1/cards/kela-testikortti/flags', {
        'reason': 'unclear', 'comment': 'Kohta 3 on epäselvä.'},
        status=201).json
    as_user('kela-editor').post(f"/api/v1/flags/kela/{flag['id']}/resolve",
                                {'resolution': 'Selkeytetty.'})
    entries = as_user('admin').get('/api/v1/audit',
                                   object=flag['id']).json['items']
    assert [(e['actor'], e['action'], e['type'], e['details'])
            for e in entries] == [
        ('kela-editor', 'resolve', 'flag',
         {'change': 'resolve', 'card': 'kela-testikortti',
          'provider': 'kela'}),
        ('advisor', 'add', 'flag',
         {'card': 'kela-testikortti', 'provider': 'kela',
          'reason': 'unclear'})]
    assert 'epäselvä' not in str(entries) and 'Selkeytetty' not in str(
        entries)


def close_with(advisor, suorite, channel='counter'):
    url = f"/api/v1/tickets/{open_ticket(advisor, channel=channel)['id']}"
    advisor.post(f'{url}/resolve', {'suorite': suorite,
                                    'outcome': 'resolved'})
    advisor.post(f'{url}/close', {})


def test_the_most_used_performance_type_of_the_channel_comes_first(
        as_user, published_card, clock):
    """Key 1 on the ticket panel is the likely type: usage per card and
    channel at the point decides (last month's counts too)."""
    published_card(channels=['counter', 'electronic'],
                   suoritteet=['asiakirjat_vastaanotto', 'neuvonta_lyhyt'])
    advisor = as_user('advisor')
    assert open_ticket(advisor)['allowed_suoritteet'] == [
        'asiakirjat_vastaanotto', 'neuvonta_lyhyt']  # the card's order
    close_with(advisor, 'neuvonta_lyhyt')
    clock.at('2015-03-01T10:00:00')  # a new month: February still counts
    assert open_ticket(advisor)['allowed_suoritteet'] == [
        'neuvonta_lyhyt', 'asiakirjat_vastaanotto']
    close_with(advisor, 'asiakirjat_vastaanotto', 'electronic')
    close_with(advisor, 'asiakirjat_vastaanotto', 'electronic')
    assert open_ticket(advisor)['allowed_suoritteet'][0] == \
        'neuvonta_lyhyt'  # the other channel's usage does not count
    assert open_ticket(advisor, channel='electronic')[
        'allowed_suoritteet'][0] == 'asiakirjat_vastaanotto'


def test_the_cards_default_performance_type_comes_first(
        as_user, published_card):
    published_card(suoritteet=['asiakirjat_vastaanotto', 'neuvonta_lyhyt'],
                   default_suorite='neuvonta_lyhyt')
    advisor = as_user('advisor')
    close_with(advisor, 'asiakirjat_vastaanotto')
    assert open_ticket(advisor)['allowed_suoritteet'] == [
        'neuvonta_lyhyt', 'asiakirjat_vastaanotto']
    published_card('kela-kanavaton', channels=[])
    error = open_ticket(advisor, status=422, card='kela-kanavaton')
    assert error['details'][0]['field'] == 'channel'
    error = as_user('kela-editor').post('/api/v1/cards', card_body(
        'kela-toinen', suoritteet=['neuvonta_lyhyt'],
        default_suorite='neuvonta_pitka'), status=422).json
    assert [item['field'] for item in error['details']] == [
        'default_suorite']


def test_an_advisor_of_several_points_opens_at_each(as_user, card, clock,
                                                    database):
    with database as root:
        root['users']['advisor'].points = ('mikkeli', 'parainen')
    advisor = as_user('advisor')
    assert open_ticket(advisor)['point'] == 'mikkeli'  # the home point
    ticket = open_ticket(advisor, point='parainen')
    assert ticket['point'] == 'parainen'
    listed = advisor.get('/api/v1/tickets', point='parainen').json
    assert [t['id'] for t in listed['items']] == [ticket['id']]
    open_ticket(advisor, status=403, point='saarijarvi')
    for point in ('nowhere', 7):
        error = open_ticket(advisor, status=422, point=point)
        assert error['details'][0]['field'] == 'point'
    url = f"/api/v1/tickets/{ticket['id']}"
    advisor.post(f'{url}/resolve', {'suorite': 'neuvonta_lyhyt',
                                    'outcome': 'resolved'})
    advisor.post(f'{url}/close', {})
    # a manager of both points reads each, the home point by default
    with database as root:
        root['users']['manager'].points = ('mikkeli', 'parainen')
    manager = as_user('manager')
    url = '/api/v1/reports/monthly'
    report = manager.get(url, month='2015-02', point='parainen').json
    assert [(row['point'], row['count'])
            for row in report['monthly']['by_type']] == [('parainen', 1)]
    assert manager.get(url, month='2015-02').json['monthly'][
        'by_type'] == []  # mikkeli's ticket is still open
    manager.get(url, month='2015-02', point='saarijarvi', status=403)
