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


@pytest.mark.parametrize('lang, heading', [
    ('fi', 'Sivua ei löytynyt'), ('sv', 'Sidan hittades inte'),
    ('se', 'Siidu ii gávdnon')])
def test_error_pages_speak_the_readers_language(testapp, lang, heading):
    """Issue 15: "Error 404" on every language's error page."""
    testapp.set_cookie('_LOCALE_', lang)
    page = testapp.get('/intranet/ei/ole/olemassa', status=404)
    assert page.html.h1.text == page.html.title.text == heading
    assert 'Error' not in page.text


def test_other_error_pages_say_error_and_the_status(testapp):
    testapp.set_cookie('_LOCALE_', 'sv')
    page = testapp.get('/search?q=%ff', status=400)
    assert page.html.h1.text == 'Fel 400'
