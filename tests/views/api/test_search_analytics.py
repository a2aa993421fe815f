"""Search analytics: logged without personal data; editors see their
provider's zero-result and unopened queries."""


def test_queries_are_logged_without_personal_data(as_user, database,
                                                  published_card):
    published_card()
    as_user('advisor').get('/api/v1/search', q='lapsilisä 131052-308T')
    with database as root:
        [entry] = list(root['search_log'].entries.values())
    text, lang, audience, point, provider, results = entry
    assert text == 'lapsilisä [identity_code]'
    assert (lang, audience, point, provider, results) == (
        'fi', 'advisor', 'mikkeli', 'kela', 1)


def test_zero_result_and_unopened_reports_per_provider(as_user,
                                                       published_card):
    published_card()
    advisor = as_user('advisor')
    for _ in range(2):
        advisor.get('/api/v1/search', q='qwxzvbn', provider='kela')
    advisor.get('/api/v1/search', q='qwxzvbn', provider='vero')
    opened = advisor.get('/api/v1/search', q='lapsilisä').json
    advisor.get('/api/v1/search', q='barnbidrag', lang='sv')
    advisor.post('/api/v1/search/opened', {
        'query_id': opened['query_id'], 'card': 'kela-testikortti'})

    zero = as_user('kela-editor').get('/api/v1/search/analytics',
                                      report='zero').json['items']
    assert [(z['query'], z['provider'], z['count']) for z in zero] == [
        ('qwxzvbn', 'kela', 2)]
    unopened = as_user('kela-editor').get(
        '/api/v1/search/analytics', report='unopened').json['items']
    assert [(u['query'], u['lang']) for u in unopened] == [
        ('barnbidrag', 'sv')]
    everything = as_user('central').get('/api/v1/search/analytics',
                                        report='zero').json['items']
    assert {(z['provider'], z['count']) for z in everything} == {
        ('kela', 2), ('vero', 1)}
    assert as_user('central').get('/api/v1/search/analytics', report='zero',
                                  lang='sv').json['items'] == []
    for name, status in ((None, 401), ('advisor', 403), ('admin', 403)):
        as_user(name).get('/api/v1/search/analytics', status=status)
    as_user('central').get('/api/v1/search/analytics', report='best',
                           status=422)


def test_opened_needs_a_real_query(as_user):
    advisor = as_user('advisor')
    advisor.post('/api/v1/search/opened', {'query_id': 1, 'card': 'x'},
                 status=404)
    advisor.post('/api/v1/search/opened', {'query_id': 'x', 'card': 'x'},
                 status=422)


def test_analytics_never_list_a_code_in_disguise(as_user, database):
    anonymous = as_user(None)
    for query in ('ID131052-308T', 'id131052-308t', 'hetu_131052\u2013308T',
                  '131052 308T', '131052-\u200b308T', 'qwxzvbn 040 123 4567'):
        anonymous.get('/api/v1/search', q=query)
    zero = as_user('central').get('/api/v1/search/analytics',
                                  report='zero').json['items']
    assert sorted((z['query'], z['count']) for z in zero) == [
        ('[identity_code]', 2), ('hetu_[identity_code]', 1),
        ('id[identity_code]', 2), ('qwxzvbn [phone]', 1)]
    with database as root:
        stored = ' '.join(entry[0] for entry in
                          root['search_log'].entries.values())
    assert '308' not in stored and '4567' not in stored


def test_opened_results_are_real_cards_and_bounded(as_user, database,
                                                   published_card):
    """Anyone may record an opened result: only a card that exists, and
    at most OPENED_MAX per query, is stored."""
    from kb.search.analytics import OPENED_MAX

    published_card()
    anonymous = as_user(None)
    query = anonymous.get('/api/v1/search', q='lapsilisä').json['query_id']
    anonymous.post('/api/v1/search/opened',
                   {'query_id': query, 'card': 'x' * 5000}, status=404)
    anonymous.post('/api/v1/search/opened',
                   {'query_id': query, 'card': 'kela-testikortti'})
    with database as root:
        log = root['search_log']
        assert log.opened[query] == ('kela-testikortti',)
        for number in range(OPENED_MAX + 5):
            log.open(query, f'card-{number}')
        assert len(log.opened[query]) == OPENED_MAX
