"""The editors' suggestions page: one-click accept and dismiss, the
accepted rules and their removal, in each editor's scope."""
from tests.views.api.test_search_suggestions import arrange
from tests.views.helpers import browser

PAGE = '/editor/search-suggestions'
#: What the suggestions lead to, as the Finnish page says it.
KEYWORD = 'kortin Lapsilisä hakusana'
SYNONYM = 'synonyymi: lapsilisä'


def rows(page, section):
    """Cell texts of the rows of the table in ``section``, by row id."""
    body = page.html.find(id=section).find('tbody')
    return {row['id']: [cell.get_text(' ', strip=True)
                        for cell in row.find_all('td')]
            for row in body.find_all('tr')} if body else {}


def form_for(page, section, target, action):
    """The ``action`` form of the row of ``section`` leading to
    ``target``."""
    row_id = next(row_id for row_id, cells in rows(page, section).items()
                  if cells[1] == target)
    ident = row_id.partition('-')[2]
    return next(form for form in page.forms.values()
                if form.action.endswith(f'/{ident}/{action}'))


def test_editors_accept_dismiss_and_remove_in_one_click(
        app, published_card, database):
    published_card()
    arrange(database)
    kela = browser(app, 'kela-editor')
    page = kela.get('/editor/search-analytics').click(href=PAGE)
    assert sorted(cells[:5] for cells in rows(page, 'suggestions').values()
                  ) == [['skidiraha', KEYWORD, 'suomi', 'Kela', '2'],
                        ['skidiraha', SYNONYM, 'suomi', 'Kela', '2']]
    assert rows(browser(app, 'vero-editor').get(PAGE), 'suggestions') == {}
    reviewer = browser(app, 'kela-reviewer').get(PAGE)
    assert len(rows(reviewer, 'suggestions')) == 2
    assert not reviewer.html.find(id='suggestions').find('form')
    browser(app, 'advisor').get(PAGE, status=403)

    after = form_for(page, 'suggestions', KEYWORD, 'accept').submit(
        status=303).follow()
    assert [cells[1] for cells in rows(after, 'suggestions').values()] == [
        SYNONYM]
    assert [cells[:4] for cells in rows(after, 'rules').values()] == [
        ['skidiraha', KEYWORD, 'suomi', 'Kela']]
    # a form shown before the decision is refused on a readable page
    stale = form_for(page, 'suggestions', KEYWORD, 'dismiss').submit(
        status=409)
    assert stale.html.find(id='error-summary')
    after = form_for(after, 'suggestions', SYNONYM, 'dismiss').submit(
        status=303).follow()
    assert rows(after, 'suggestions') == {}
    remove = form_for(after, 'rules', KEYWORD, 'remove')
    after = remove.submit(status=303).follow()
    assert rows(after, 'rules') == {}
    assert remove.submit(status=404).html.find(id='error-summary')
    with database as root:
        assert root['search_rules'].rows() == ()
        actions = [entry['action'] for entry in root['audit'].query(
            obj='search_rules')]
    assert actions == ['remove_rule', 'dismiss_suggestion',
                       'accept_suggestion']
