"""The search suggestions API: list in scope, accept, dismiss, and the
refusals (404, 403, 409)."""
import pytest

CARD = 'kela-testikortti'
LIST = '/api/v1/search/suggestions'


def arrange(database, text='skidiraha', follow_up='lapsilisä', card=CARD,
            times=2):
    """``times`` staff searches for ``text`` that missed ``card``, each
    followed by one for ``follow_up`` that found it."""
    with database as root:
        log = root['search_log']
        for _ in range(times):
            miss = log.log(text, 'fi', 'advisor', 'mikkeli', None, 0)
            hit = log.log(follow_up, 'fi', 'advisor', 'mikkeli', 'kela', 1)
            log.show(hit, [card])
            log.pair(miss, card, 'opened', False, hit)
            log.pair(hit, card, 'opened', True)


@pytest.fixture
def suggested(published_card, database):
    published_card()
    arrange(database)


def by_kind(client):
    return {item['kind']: item for item in client.get(LIST).json['items']}


def test_editors_see_their_providers_suggestions(as_user, suggested):
    items = by_kind(as_user('kela-reviewer'))
    assert items['keyword']['everyday'] == 'skidiraha'
    assert items['keyword']['target'] == f'card:{CARD}'
    assert items['synonym']['target'] == 'lapsilisä'
    assert items['synonym']['count'] == 2
    assert by_kind(as_user('central')).keys() == {'keyword', 'synonym'}
    assert as_user('vero-editor').get(LIST).json['items'] == []
    as_user('advisor').get(LIST, status=403)
    as_user(None).get(LIST, status=401)


def test_accept_and_dismiss_once_each_in_scope(as_user, suggested,
                                               database):
    kela = as_user('kela-editor')
    items = by_kind(kela)
    synonym = f"{LIST}/{items['synonym']['id']}"
    keyword = f"{LIST}/{items['keyword']['id']}"
    refused = as_user('vero-editor').post(f'{synonym}/accept', {},
                                          status=403)
    assert refused.json['error']
    as_user('kela-reviewer').post(f'{synonym}/accept', {}, status=403)
    as_user('kela-editor').post(f'{LIST}/0123456789abcdef/accept', {},
                                status=404)
    accepted = kela.post(f'{synonym}/accept', {}).json
    assert (accepted['decision'], accepted['everyday'],
            accepted['target']) == ('accept', 'skidiraha', 'lapsilisä')
    again = kela.post(f'{synonym}/dismiss', {}, status=409)
    assert again.json['error'] == 'decided'
    as_user('vero-editor').post(f'{synonym}/dismiss', {}, status=403)
    as_user('central').post(f'{keyword}/dismiss', {})
    assert kela.get(LIST).json['items'] == []
    with database as root:
        rules = root['search_rules']
        assert rules.rows() == (('fi', 'skidiraha', 'lapsilisä'),)
        entries = root['audit'].query(obj='search_rules')
    assert [(e['actor'], e['action'], e['details']['everyday'],
             e['details']['target']) for e in entries] == [
        ('central', 'dismiss_suggestion', 'skidiraha', f'card:{CARD}'),
        ('kela-editor', 'accept_suggestion', 'skidiraha', 'lapsilisä')]
