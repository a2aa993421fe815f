"""The evolve step that redacts personal data stored before screening
was complete, run on data written as the old screening let it in."""
from tests.views.api.test_notices import notice

CODE = 'id131052\u2013308t'


def test_redact_stored_personal_data(app, as_user, database, published_card,
                                     monkeypatch):
    from kb.evolve import privacy
    from kb.tickets import desk

    published_card()
    # what the old screening let in
    monkeypatch.setattr(desk, 'refuse_personal_data', lambda *a, **k: None)
    advisor = as_user('advisor')
    ticket = advisor.post('/api/v1/tickets', {
        'card': 'kela-testikortti', 'channel': 'counter', 'lang': 'fi',
        'visit': '131052-308t', 'note': f'hetu {CODE}, kesto 1-2 vk'},
        status=201).json
    clean = advisor.post('/api/v1/tickets', {
        'card': 'kela-testikortti', 'channel': 'counter', 'lang': 'fi',
        'visit': 'v-1', 'note': 'Lomake 2015\u20132016'},
        status=201).json
    url = '/api/v1/cards/kela-testikortti/flags'
    flag = advisor.post(url, {'reason': 'wrong', 'comment': f'Asiakas {CODE}'},
                        status=201).json
    as_user('kela-editor').post(
        f"/api/v1/flags/kela/{flag['id']}/resolve",
        {'resolution': 'Soitin 040 123 4567'})
    as_user('poliisi-editor').post('/api/v1/notices', notice(content={
        'fi': {'title': 'Katko', 'body': 'Palvelu on poissa.'}}),
        status=201)
    with database as root:
        [stored] = root['providers']['poliisi']['notices'].values()
        stored.texts['fi'] = {'title': 'Katko',
                              'body': f'Asiakas {CODE}, puh. 029 541 6000'}
        log = root['search_log']
        log.entries[1] = (CODE, 'fi', 'public', None, None, 0)
        log.entries[2] = ('lapsilisä', 'fi', 'public', None, None, 3)

    with database as root:
        assert privacy.redact_stored(root, database.registry) == {
            'search_log': 1, 'tickets': 1, 'flags': 1, 'notices': 1}
    with database as root:
        log = root['search_log']
        assert [entry[0] for entry in log.entries.values()] == [
            'id[identity_code]', 'lapsilisä']
        assert log.entries[2] == ('lapsilisä', 'fi', 'public', None, None, 3)
    got = advisor.get(f"/api/v1/tickets/{ticket['id']}").json
    assert (got['note'], got['visit']) == (
        'hetu id[identity_code], kesto 1-2 vk', ticket['id'])
    got = advisor.get(f"/api/v1/tickets/{clean['id']}").json
    assert (got['note'], got['visit']) == ('Lomake 2015\u20132016', 'v-1')
    [closed] = as_user('kela-editor').get('/api/v1/flags', state='all'
                                          ).json['items']
    assert (closed['comment'], closed['resolution']) == (
        'Asiakas id[identity_code]', 'Soitin [phone]')
    [shown] = as_user('poliisi-editor').get('/api/v1/notices').json['items']
    # a notice keeps its service number: only identity codes go
    assert shown['content']['fi'] == {
        'title': 'Katko',
        'body': 'Asiakas id[identity_code], puh. 029 541 6000'}
    with database as root:
        # a second run finds nothing
        assert privacy.redact_stored(root, database.registry) == {
            'search_log': 0, 'tickets': 0, 'flags': 0, 'notices': 0}
        assert root['audit'].query(actor='kb upgrade')[0]['details'] == {
            'change': 'redact'}
