"""Pairs of a staff search and the card its session then opened or
used (kb.search.pairs), through the real app."""
import base64

from tests.views.helpers import browser

MISS = 'qwxzvbn'
HIT = 'lapsilisä'
CARD_PAGE = '/intranet/cards/kela-testikortti'


def pairs_of(database):
    """(query text, pairs) of the search log, oldest first."""
    with database as root:
        log = root['search_log']
        return [(log.entries[key][0], pairs)
                for key, pairs in log.pairs.items()]


def test_a_missed_search_pairs_with_the_card_a_later_search_found(
        app, published_card, database):
    published_card()
    advisor = browser(app, 'advisor')
    # the same words searched again count once, for the newest search
    advisor.get('/intranet/', params={'q': MISS.upper()})
    advisor.get('/intranet/', params={'q': MISS})
    advisor.get('/intranet/', params={'q': HIT}).click(href=CARD_PAGE)
    with database as root:
        log = root['search_log']
        hit_key = list(log.entries.keys())[2]
    assert pairs_of(database) == [
        (MISS, (('kela-testikortti', 'opened', False, hit_key),)),
        (HIT, (('kela-testikortti', 'opened', True, None),))]
    # the session holds query ids and times only, no text
    cookie = base64.urlsafe_b64decode(advisor.cookies['session'] + '==')
    assert b'kb.recent_queries' in cookie
    assert MISS.encode() not in cookie and HIT.encode() not in cookie

    # using the card pairs again, once per query and how
    form = advisor.get(CARD_PAGE).forms['open-form']
    form.submit(status=303)
    assert [len(pairs) for _text, pairs in pairs_of(database)] == [2, 2]
    assert pairs_of(database)[0][1][1] == (
        'kela-testikortti', 'used', False, hit_key)


def test_no_pairs_after_the_window_or_without_a_session(
        app, clock, as_user, published_card, database):
    published_card()
    advisor = browser(app, 'advisor')
    advisor.get('/intranet/', params={'q': MISS})
    clock.advance(5 * 60 + 1)
    advisor.get(CARD_PAGE)
    # an API token has no session to follow; the public is not staff
    as_user('advisor').get('/api/v1/search', q=MISS)
    as_user('advisor').post('/api/v1/tickets', {
        'card': 'kela-testikortti', 'channel': 'counter', 'lang': 'fi'},
        status=201)
    as_user(None).get('/api/v1/search', q=HIT)
    assert pairs_of(database) == []
    with database as root:
        assert len(root['search_log'].shown) == 1


def test_api_searches_and_openings_of_a_session_pair(
        app, published_card, database):
    """The intranet's scripts search and record through the API with
    the session cookie."""
    published_card()
    advisor = browser(app, 'advisor')
    csrf = advisor.get('/api/v1/session').json['csrf_token']
    found = advisor.get('/api/v1/search', params={'q': HIT}).json
    advisor.post_json('/api/v1/search/opened', {
        'query_id': found['query_id'], 'card': 'kela-testikortti'},
        headers={'X-CSRF-Token': csrf})
    advisor.post_json('/api/v1/tickets', {
        'card': 'kela-testikortti', 'channel': 'counter', 'lang': 'fi'},
        headers={'X-CSRF-Token': csrf}, status=201)
    assert pairs_of(database) == [(HIT, (
        ('kela-testikortti', 'opened', True, None),
        ('kela-testikortti', 'used', True, None)))]


def test_pruning_forgets_pairs_and_shown_cards():
    from kb.search.analytics import PAIRS_MAX, SearchLog

    log = SearchLog()
    key = log.log('sotu', 'fi', 'advisor', 'mikkeli', 'kela', 0)
    log.show(key, ['a'])
    log.show(key + 1, ['b'])
    assert log.found(key, 'a') and not log.found(key, 'b')
    assert key + 1 not in log.shown
    assert not log.pair(key + 1, 'a', 'opened', True)
    for number in range(PAIRS_MAX + 1):
        log.pair(key, f'card-{number}', 'opened', False)
    assert len(log.pairs[key]) == PAIRS_MAX
    assert [pair[0] for pair in log.paired()] == [key]
    log.pairs[key + 1] = (('a', 'opened', False, None),)
    assert [pair[0] for pair in log.paired()] == [key]
    assert log.prune(key + 1, 100) == 1
    assert not log.shown and not log.pairs
