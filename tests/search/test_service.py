"""Searching for a request's user (:mod:`kb.search.service`)."""
import pytest


def seed():
    from kb.directory.tables import seed_directory
    return seed_directory()


def test_search_filters_keep_known_codes_and_leave_the_rest_open():
    from kb.search.service import search_filters
    assert search_filters({'provider': 'kela', 'kind': 'service',
                           'q': 'ignored'}, seed()) == {
        'provider': 'kela', 'channel': None, 'life_event': None,
        'kind': 'service'}


@pytest.mark.parametrize('name', ['provider', 'channel', 'life_event',
                                  'kind'])
def test_an_unknown_filter_code_is_refused(name):
    from kb.errors import ValidationError
    from kb.search.service import search_filters
    with pytest.raises(ValidationError) as raised:
        search_filters({name: 'no-such-code'}, seed())
    assert raised.value.details[0]['field'] == name


def test_check_filters_also_knows_the_language():
    from kb.errors import ValidationError
    from kb.search.service import check_filters
    assert check_filters({'lang': 'sv'}, seed()) == {'lang': 'sv'}
    with pytest.raises(ValidationError):
        check_filters({'lang': 'xx'}, seed())


def test_run_search_finds_and_logs_the_query(app, database,
                                             published_card):
    from pyramid import testing

    from kb.search.query import Search, audience_for
    from kb.search.service import run_search
    published_card()
    with database as root:
        request = testing.DummyRequest(root=root)
        request.registry = app.registry
        result = run_search(request, Search('lapsilisä', limit=5),
                            audience_for(None, '2099-01-01T00:00:00Z'))
        logged = dict(root['search_log'].entries)
    assert [hit['id'] for hit in result['results']] == ['kela-testikortti']
    assert (result['q'], result['lang'], result['limit']) == (
        'lapsilisä', 'fi', 5)
    text, lang, audience = logged[result['query_id']][:3]
    assert (text, lang, audience) == ('lapsilisä', 'fi', 'public')


def test_search_knows_everyday_words_and_situations(as_user,
                                                    published_card):
    """The shipped vocabulary (``sotu`` → henkilötunnus) and life-event
    words (``vauva`` → family: the card's life event) through the search
    API; the card has neither word."""
    from tests.conftest import card_body
    content = card_body()['content']
    content['fi'].update(title='Henkilötunnus', keywords=['hetu'])
    published_card(content=content)
    public = as_user(None)
    for text in ('sotun', 'vauva syntyi'):
        found = public.get('/api/v1/search', q=text).json['results']
        assert [hit['id'] for hit in found] == ['kela-testikortti'], text
