"""End to end: an accepted keyword suggestion makes the search find the
card at once. Needs the engine side (``engine_for(registry, synonyms,
learned)`` in kb.search.service, the other half of issue 16 item 3)."""
from tests.views.api.test_search_suggestions import LIST, arrange


def test_an_accepted_keyword_finds_the_card(as_user, published_card,
                                            database):
    published_card()
    arrange(database)
    advisor = as_user('advisor')
    assert advisor.get('/api/v1/search', q='skidiraha').json['total'] == 0
    keyword = next(item for item in as_user('central').get(LIST).json[
        'items'] if item['kind'] == 'keyword')
    as_user('central').post(f"{LIST}/{keyword['id']}/accept", {})
    found = advisor.get('/api/v1/search', q='skidiraha').json
    assert [hit['id'] for hit in found['results']] == ['kela-testikortti']
