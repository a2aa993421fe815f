"""Error views: bad input is a 4xx with a JSON body or a page."""
import pytest


@pytest.mark.parametrize('url', ['/search?q=%ff%fe', '/search?q=ok&page=%c3'])
def test_a_query_that_is_not_utf8_is_a_readable_400_page(testapp, url):
    page = testapp.get(url, status=400)
    assert page.content_type == 'text/html'
    assert 'UTF-8' in page.text


def test_a_query_that_is_not_utf8_is_a_json_400_from_the_api(testapp):
    response = testapp.get('/api/v1/search?q=%ff', status=400)
    assert response.json['error'] == 'bad_encoding'
