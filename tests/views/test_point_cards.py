"""Point-aware cards: the point manager keeps, per card, whether the
service is offered at the point and a local addendum; the advisor's card
page shows them."""
import json

from tests.conftest import CARD
from tests.views.helpers import log_in

URL = f'/api/v1/points/mikkeli/cards/{CARD}'


def test_point_manager_keeps_own_point_only(as_user, published_card):
    published_card()
    manager = as_user('manager')
    assert manager.get(URL).json == {'point': 'mikkeli', 'card': CARD,
                                     'offered': True, 'onsite': False,
                                     'addendum': ''}
    changed = manager.put(URL, {'offered': False,
                                'addendum': ' Ajanvaraus tiistaisin. '})
    assert changed.json['offered'] is False
    assert changed.json['addendum'] == 'Ajanvaraus tiistaisin.'
    assert as_user('advisor').get(URL).json['offered'] is False
    audit = as_user('admin').get('/api/v1/audit', object='mikkeli').json
    assert any(entry['details'].get('change') == 'point_card_changed'
               for entry in audit['items'])
    # other points, advisors and providers may not; the admin may
    other = f'/api/v1/points/parainen/cards/{CARD}'
    body = {'offered': True, 'addendum': ''}
    manager.put(other, body, status=403)
    as_user('advisor').put(URL, body, status=403)
    as_user('kela-editor').put(URL, body, status=403)
    as_user('admin').put(other, {'offered': False, 'addendum': ''})
    manager.get('/api/v1/points/mikkeli/cards/no-such-card', status=404)
    # back to the default: the entry goes
    assert manager.put(URL, body).json['offered'] is True
    audit = as_user('admin').get('/api/v1/audit', object='mikkeli').json
    assert audit['items'][0]['details']['changes'] == {
        'offered': [False, True], 'addendum': ['Ajanvaraus tiistaisin.', '']}


def test_bad_addendum_is_422_beside_the_field(as_user, published_card):
    published_card()
    manager = as_user('manager')
    too_long = manager.put(URL, {'offered': True, 'addendum': 'x' * 501},
                           status=422)
    assert too_long.json['details'][0]['field'] == 'addendum'
    personal = manager.put(URL, {'offered': True,
                                 'addendum': 'Soita 040 1234567'},
                           status=422)
    assert personal.json['details'][0]['field'] == 'addendum'
    wrong = manager.put(URL, {'offered': 'no', 'addendum': ''}, status=422)
    assert wrong.json['details'][0]['field'] == 'offered'
    assert manager.get(URL).json['addendum'] == ''


def test_card_page_shows_addendum_and_not_offered(testapp, as_user,
                                                  published_card):
    published_card()
    log_in(testapp, 'advisor')
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert not page.html.select('.not-offered, section.local')
    as_user('manager').put(URL, {'offered': False,
                                 'addendum': 'Vain ajanvarauksella.'})
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert page.html.select_one('.not-offered')
    assert page.html.select_one('section.local .addendum').get_text() == \
        'Vain ajanvarauksella.'


def test_advisor_search_ranks_cards_not_offered_at_the_point_last(
        as_user, published_card):
    for card_id in ('kela-kortti-a', 'kela-kortti-b', 'kela-kortti-c'):
        published_card(card_id)
    advisor, public = as_user('advisor'), as_user(None)

    def found(client):
        return [hit['id'] for hit in client.get(
            '/api/v1/search', q='lapsilisä').json['results']]

    before, public_before = found(advisor), found(public)
    first = before[0]
    as_user('manager').put(f'/api/v1/points/mikkeli/cards/{first}',
                           {'offered': False, 'addendum': ''})
    assert found(advisor) == before[1:] + [first]
    assert found(public) == public_before
    page = advisor.get('/intranet/', q='lapsilisä')
    assert [p.get_text() for p in page.html.select('.hits .not-offered')] \
        == ['Ei tarjota asiointipisteessäsi tänään.']


def test_point_manager_form_on_the_card_page(testapp, published_card):
    published_card()
    log_in(testapp, 'manager')
    page = testapp.get(f'/intranet/cards/{CARD}')
    form = page.forms['local-form']
    form['offered'] = False
    form['addendum'] = 'Soita 040 1234567'
    refused = form.submit(status=422)
    assert refused.html.select_one('#addendum-error')
    refused.forms['local-form']['addendum'] = 'Ajanvarauksella.'
    refused.forms['local-form'].submit(status=303)
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert page.html.select_one('.not-offered')
    assert page.html.select_one('.addendum').get_text() == 'Ajanvarauksella.'
    testapp.post(f'/intranet/cards/{CARD}/local', {'addendum': ''},
                 status=400)  # no CSRF token


def test_advisor_has_no_form_and_may_not_post(testapp, published_card):
    published_card()
    log_in(testapp, 'advisor')
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert 'local-form' not in page.forms
    csrf = page.html.select_one('input[name=csrf_token]')['value']
    testapp.post(f'/intranet/cards/{CARD}/local',
                 {'csrf_token': csrf, 'addendum': ''}, status=403)


ONSITE = '/api/v1/points/mikkeli/onsite'


def test_point_manager_keeps_providers_onsite_days(as_user):
    manager, advisor = as_user('manager'), as_user('advisor')
    listed = advisor.get(ONSITE).json
    assert {'point': 'mikkeli', 'provider': 'poliisi', 'days': [],
            'hours': ''} in listed['items']
    assert 'central' not in {item['provider'] for item in listed['items']}
    kept = manager.put(f'{ONSITE}/poliisi', {'days': ['Thu', 'Tue'],
                                             'hours': ' klo 9-12 '}).json
    assert kept == {'point': 'mikkeli', 'provider': 'poliisi',
                    'days': ['Tue', 'Thu'], 'hours': 'klo 9-12'}
    assert advisor.get(f'{ONSITE}/poliisi').json == kept
    audit = as_user('admin').get('/api/v1/audit', object='mikkeli').json
    assert audit['items'][0]['details']['change'] == 'point_onsite_changed'
    assert audit['items'][0]['details']['provider'] == 'poliisi'
    body = {'days': ['Mon'], 'hours': ''}
    advisor.put(f'{ONSITE}/poliisi', body, status=403)
    manager.put('/api/v1/points/parainen/onsite/poliisi', body, status=403)
    as_user('admin').put('/api/v1/points/parainen/onsite/poliisi', body)
    manager.put(f'{ONSITE}/central', body, status=404)
    manager.put(f'{ONSITE}/no-such', body, status=404)
    for wrong, field in (({'days': ['Maanantai']}, 'days'),
                         ({'days': 'Mon'}, 'days'),
                         ({'days': [], 'hours': 'x' * 101}, 'hours'),
                         ({'days': [], 'hours': 'Soita 040 1234567'},
                          'hours')):
        refused = manager.put(f'{ONSITE}/poliisi', wrong, status=422)
        assert refused.json['details'][0]['field'] == field
    assert manager.put(f'{ONSITE}/poliisi', {'days': []}).json['days'] == []
    assert advisor.get(f'{ONSITE}/poliisi').json['hours'] == ''


def test_onsite_only_is_kept_for_an_offered_service(as_user,
                                                    published_card):
    published_card()
    manager = as_user('manager')
    assert manager.put(URL, {'offered': False, 'onsite': True,
                             'addendum': ''}).json['onsite'] is False
    assert manager.put(URL, {'offered': True, 'onsite': True,
                             'addendum': ''}).json['onsite'] is True
    manager.put(URL, {'offered': True, 'onsite': 'yes', 'addendum': ''},
                status=422)
    assert as_user('advisor').get('/api/v1/points/mikkeli/cards').json == {
        'point': 'mikkeli', 'items': [{'card': CARD, 'offered': True,
                                       'onsite': True, 'addendum': ''}]}


def test_card_page_shows_onsite_days_and_the_clerks_absence(
        testapp, as_user, published_card, clock):
    published_card()
    manager = as_user('manager')
    manager.put(f'{ONSITE}/kela', {'days': ['Tue'], 'hours': 'klo 9-12'})
    manager.put(URL, {'offered': True, 'onsite': True, 'addendum': ''})
    clock.at('2026-11-24T18:00')  # a Tuesday
    log_in(testapp, 'advisor')
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert page.html.select_one('.onsite').get_text(' ', strip=True) == (
        'Palveluntuottajan oma virkailija asiointipisteessäsi: tiistai '
        'klo 9-12')
    assert not page.html.select('.onsite-absent, .not-offered')
    clock.at('2026-11-25T01:00')  # Wednesday in Helsinki, Tuesday in UTC
    page = testapp.get(f'/intranet/cards/{CARD}')
    assert page.html.select_one('.onsite-absent')


def test_advisor_search_ranks_onsite_only_cards_last_when_clerk_is_away(
        as_user, published_card, clock):
    for card_id in ('kela-kortti-a', 'kela-kortti-b', 'kela-kortti-c'):
        published_card(card_id)
    advisor, manager = as_user('advisor'), as_user('manager')

    def found():
        return [hit['id'] for hit in advisor.get(
            '/api/v1/search', q='lapsilisä').json['results']]

    before = found()
    first = before[0]
    manager.put(f'/api/v1/points/mikkeli/cards/{first}',
                {'offered': True, 'onsite': True, 'addendum': ''})
    manager.put(f'{ONSITE}/kela', {'days': ['Tue']})
    clock.at('2026-11-24T23:30')  # a Tuesday
    assert found() == before
    clock.at('2026-11-25T00:30')  # Wednesday in Helsinki
    assert found() == before[1:] + [first]
    # and each result says whether the point offers it today
    hits = advisor.get('/api/v1/search', q='lapsilisä').json['results']
    assert [hit['offered_here'] for hit in hits] == [True, True, False]


def test_public_page_names_the_points_offering_the_service(
        testapp, as_user, published_card):
    published_card()
    page = testapp.get(f'/services/{CARD}')
    assert page.html.select_one('p.points').get_text() == \
        'Palvelu on saatavilla kaikissa asiointipisteissä.'
    as_user('manager').put(URL, {'offered': False,
                                 'addendum': 'Sisäinen ohje.'})
    admin = as_user('admin')
    admin.put(f'/api/v1/points/parainen/cards/{CARD}',
              {'offered': True, 'onsite': True, 'addendum': ''})
    admin.put('/api/v1/points/parainen/onsite/kela', {'days': ['Tue']})
    page = testapp.get(f'/services/{CARD}')
    names = [item.get_text() for item in page.html.select('ul.points li')]
    assert 'Mikkelin Asiointipiste' not in ' '.join(names)
    assert any(name.startswith('Paraisten') and name.endswith(
        '(vain kun palveluntuottajan oma virkailija on paikalla: '
        'tiistai)') for name in names)
    assert len(names) == len(as_user(None).get('/api/v1/points').json[
        'items']) - 1
    assert 'Sisäinen ohje' not in page.text
    data = json.loads(page.html.select_one(
        'script[type="application/ld+json"]').string)
    offices = {office['name'] for office in data['availableChannel'][0][
        'serviceLocation']}
    assert 'Paraisten Asiointipiste' in offices
    assert 'Mikkelin Asiointipiste' not in offices
    # no on-site days: not available there
    admin.put('/api/v1/points/parainen/onsite/kela', {'days': []})
    page = testapp.get(f'/services/{CARD}')
    assert not any(item.get_text().startswith('Paraisten')
                   for item in page.html.select('ul.points li'))


def test_an_e_service_is_at_no_service_point(testapp, published_card):
    """One rule with the Suomi.fi export: a service without a channel
    at a service location names no point, on the page or in JSON-LD."""
    published_card(channels=['electronic'])
    page = testapp.get(f'/services/{CARD}')
    assert not page.html.select('.points')
    data = json.loads(page.html.select_one(
        'script[type="application/ld+json"]').string)
    assert all('serviceLocation' not in channel
               for channel in data['availableChannel'])


LIST = '/intranet/points/mikkeli/cards'


def test_point_manager_keeps_the_points_cards_from_one_list(
        testapp, as_user, published_card):
    for card_id in ('kela-kortti-a', 'kela-kortti-b'):
        published_card(card_id)
    log_in(testapp, 'manager')
    home = testapp.get('/intranet/')
    page = home.click(href=LIST)
    ids = [item['id'] for item in page.html.select('li[id^=card-]')]
    assert {'card-kela-kortti-a', 'card-kela-kortti-b'} <= set(ids)
    # a row's form, kept with the list's filter
    page = testapp.get(LIST, {'provider': 'kela', 'q': 'lapsi'})
    form = page.forms['local-form-kela-kortti-a']
    form['onsite'] = True
    form['addendum'] = 'Soita 040 1234567'
    refused = form.submit(status=422)
    assert refused.html.select_one('#addendum-error-kela-kortti-a')
    form = refused.forms['local-form-kela-kortti-a']
    assert form['addendum'].value == 'Soita 040 1234567'
    form['addendum'] = 'Poliisin aselupa-asiat torstaisin.'
    saved = form.submit(status=303)
    assert saved.location.endswith(
        f'{LIST}?provider=kela&q=lapsi&page=1#card-kela-kortti-a')
    assert as_user('manager').get(
        '/api/v1/points/mikkeli/cards/kela-kortti-a').json == {
        'point': 'mikkeli', 'card': 'kela-kortti-a', 'offered': True,
        'onsite': True, 'addendum': 'Poliisin aselupa-asiat torstaisin.'}
    assert not testapp.get(LIST, {'provider': 'vero'}).html.select(
        'li[id^=card-]')
    csrf = page.html.select_one('input[name=csrf_token]')['value']
    testapp.post(f'{LIST}/no-such-card', {'csrf_token': csrf}, status=404)
    onsite_only = testapp.get(LIST, {'state': 'onsite'})
    assert [item['id'] for item in onsite_only.html.select(
        'li[id^=card-]')] == ['card-kela-kortti-a']
    # the on-site days: all checked before any is stored
    form = onsite_only.forms['onsite-form']
    form.set('days-kela', True, index=1)  # Tue
    form['hours-kela'] = 'klo 9-12'
    form['hours-vero'] = 'Soita 040 1234567'
    refused = form.submit(status=422)
    assert refused.html.select_one('#hours-vero-error')
    assert as_user('manager').get(f'{ONSITE}/kela').json['days'] == []
    form = refused.forms['onsite-form']
    form['hours-vero'] = ''
    form.submit(status=303)
    assert as_user('manager').get(f'{ONSITE}/kela').json == {
        'point': 'mikkeli', 'provider': 'kela', 'days': ['Tue'],
        'hours': 'klo 9-12'}


def test_only_the_points_manager_and_admins_see_its_list(testapp, app,
                                                         as_user):
    import webtest
    log_in(testapp, 'advisor')
    assert LIST not in testapp.get('/intranet/').text
    testapp.get(LIST, status=403)
    manager = webtest.TestApp(app)
    log_in(manager, 'manager')
    manager.get('/intranet/points/parainen/cards', status=403)
    manager.get('/intranet/points/no-such/cards', status=404)
    manager.post('/intranet/points/mikkeli/onsite', {'hours-kela': ''},
                 status=400)  # no CSRF token
    admin = webtest.TestApp(app)
    log_in(admin, 'admin')
    page = admin.get('/admin/points/parainen').click(
        href='/intranet/points/parainen/cards')
    assert page.html.select_one('#onsite-form')
