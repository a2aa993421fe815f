"""Notices in force, per provider and point."""
import datetime


def notice(**changes):
    today = datetime.date.today()
    body = {
        'provider': 'poliisi',
        'kind': 'disruption',
        'content': {'fi': {'title': 'Katko', 'body': 'Palvelu on poissa.'}},
        'valid_from': (today - datetime.timedelta(days=1)).isoformat(),
        'valid_until': (today + datetime.timedelta(days=1)).isoformat(),
    }
    body.update(changes)
    return body


def test_editor_adds_notice_advisors_see_it_public_only_if_public(as_user):
    editor = as_user('poliisi-editor')
    created = editor.post('/api/v1/notices', notice(point='mikkeli'),
                          status=201).json
    items = as_user('advisor').get('/api/v1/notices').json['items']
    assert [n['id'] for n in items] == [created['id']]
    assert as_user(None).get('/api/v1/notices').json['items'] == []
    as_user(None).get(f"/api/v1/notices/poliisi/{created['id']}",
                      status=404)
    assert as_user('advisor').get('/api/v1/notices', point='parainen'
                                  ).json['items'] == []
    assert as_user('advisor').get('/api/v1/notices', provider='kela'
                                  ).json['items'] == []
    public = editor.post('/api/v1/notices', notice(public=True),
                         status=201).json
    assert [n['id'] for n in as_user(None).get(
        '/api/v1/notices').json['items']] == [public['id']]


def test_notices_out_of_period_are_not_in_force(as_user):
    past = datetime.date.today() - datetime.timedelta(days=10)
    as_user('poliisi-editor').post('/api/v1/notices', notice(
        valid_from=past.isoformat(),
        valid_until=(past + datetime.timedelta(days=2)).isoformat()),
        status=201)
    assert as_user('advisor').get('/api/v1/notices').json['items'] == []


def test_other_provider_cannot_add_or_change_notices(as_user):
    as_user('kela-editor').post('/api/v1/notices', notice(), status=403)
    created = as_user('poliisi-editor').post('/api/v1/notices', notice(),
                                             status=201).json
    url = f"/api/v1/notices/poliisi/{created['id']}"
    as_user('kela-editor').put(url, notice(), status=403)
    changed = notice()
    changed['content']['fi']['title'] = 'Katko jatkuu'
    assert as_user('poliisi-editor').put(url, changed).json['content'][
        'fi']['title'] == 'Katko jatkuu'


def test_bad_notices_are_refused_with_every_problem(as_user, published_card):
    published_card()
    error = as_user('poliisi-editor').post('/api/v1/notices', {
        'provider': 'poliisi', 'kind': 'rumour',
        'content': {'fi': {'title': '', 'body': 'x' * 2001}, 'de': {}},
        'valid_from': 'tomorrow', 'valid_until': '2020-01-01',
        'point': 'helsinki', 'cards': ['kela-testikortti'], 'public': 'yes',
        'colour': 'red'}, status=422).json
    fields = {d['field'] for d in error['details']}
    assert fields == {'colour', 'kind', 'content.fi.title',
                      'content.fi.body', 'content.de', 'valid_from',
                      'point', 'cards', 'public'}
    as_user('poliisi-editor').post('/api/v1/notices', notice(
        valid_until='2000-01-01'), status=422)
    as_user('poliisi-editor').post('/api/v1/notices', notice(
        provider='nobody'), status=422)


def test_notice_times_are_finnish_days(as_user):
    created = as_user('poliisi-editor').post('/api/v1/notices', notice(
        valid_from='2026-06-01', valid_until='2026-06-01T12:00'),
        status=201).json
    # midnight in Finland (summer time, UTC+3) is 21:00 UTC the day before
    assert created['valid_from'] == '2026-05-31T21:00:00Z'
    assert created['valid_until'] == '2026-06-01T09:00:00Z'


def test_notice_body_shapes(as_user):
    editor = as_user('poliisi-editor')
    for body, field in (
        (notice(content='Katko'), 'content'),
        (notice(content={'fi': 'Katko'}), 'content.fi'),
        (notice(valid_until=None), 'valid_until'),
        (notice(valid_from=20260101), 'valid_from'),
        (notice(cards='poliisi-x'), 'cards'),
    ):
        error = editor.post('/api/v1/notices', body, status=422).json
        assert field in [d['field'] for d in error['details']], body
    error = editor.put('/api/v1/notices/poliisi/nothing', notice(),
                       status=404)
    created = editor.post('/api/v1/notices', notice(), status=201).json
    url = f"/api/v1/notices/poliisi/{created['id']}"
    assert editor.put(url, ['x'], status=422).json['error'] == (
        'malformed_json')
    assert editor.get(url).json['id'] == created['id']


def test_notices_hold_no_identity_code_but_service_numbers(as_user):
    editor = as_user('poliisi-editor')
    for title, body in (('Katko', 'Asiakas 131052\u2013308T: soita.'),
                        ('ID131052-308T', 'Palvelu on poissa.')):
        error = editor.post('/api/v1/notices', notice(content={'fi': {
            'title': title, 'body': body}}), status=422).json
        assert [d['field'] for d in error['details']] == [
            'content.fi.title' if title != 'Katko' else 'content.fi.body']
    # the service's own phone number and address are the notice's business
    editor.post('/api/v1/notices', notice(content={'fi': {
        'title': 'Katko', 'body': 'Soita 029 541 6000 tai kirjoita '
        'palvelu@poliisi.fi.'}}), status=201)
