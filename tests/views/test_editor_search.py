"""The editors' search pages: search analytics and the synonym list,
through the real app, logged in through ``/login``."""
from tests.views.editor_helpers import section
from tests.views.helpers import browser

ANALYTICS = '/editor/search-analytics'
SYNONYMS = '/editor/synonyms'


def zero_rows(page):
    """(query, provider, count) of the zero-result table."""
    table = page.html.find(id='report-zero').find('tbody')
    if table is None:
        return []
    return [tuple(cell.get_text(strip=True) for cell in row.find_all('td'))
            for row in table.find_all('tr')]


def test_zero_result_searches_reach_the_editors_in_scope(app, as_user,
                                                         published_card):
    published_card()
    advisor = as_user('advisor')
    advisor.get('/api/v1/search', q='qwxzvbn', provider='kela')
    advisor.get('/api/v1/search', q='qwxzvbn', provider='kela')
    advisor.get('/api/v1/search', q='zzvero', provider='vero')
    advisor.get('/api/v1/search', q='lapsilisä')

    central = browser(app, 'central').get(ANALYTICS)
    rows = zero_rows(central)
    assert [row[:4] for row in rows] == [
        ('qwxzvbn', 'suomi', 'Kela', '2'),
        ('zzvero', 'suomi', 'Verohallinto', '1')]
    assert 'lapsilisä' in section(central, 'report-unopened')
    assert 'href="/editor/search-analytics"' in central.text
    assert 'href="/editor/synonyms"' in central.text

    kela = browser(app, 'kela-reviewer').get(ANALYTICS)
    assert [row[0] for row in zero_rows(kela)] == ['qwxzvbn']
    vero = browser(app, 'vero-editor').get(ANALYTICS)
    assert [row[0] for row in zero_rows(vero)] == ['zzvero']
    assert 'lapsilisä' not in section(vero, 'report-unopened')


def test_analytics_language_filter(app, as_user, published_card):
    published_card()
    advisor = as_user('advisor')
    advisor.get('/api/v1/search', q='qwxzvbn')
    advisor.get('/api/v1/search', q='ingenting', lang='sv')
    central = browser(app, 'central')
    swedish = central.get(ANALYTICS, params={'lang': 'sv'})
    assert [row[0] for row in zero_rows(swedish)] == ['ingenting']
    assert swedish.html.find('option', value='sv').has_attr('selected')
    bad = central.get(ANALYTICS, params={'lang': 'xx'}, status=422)
    assert bad.html.find(id='error-lang') is not None
    assert bad.html.find(id='lang')['aria-invalid'] == 'true'


def test_analytics_needs_the_permission(app, testapp, tokens):
    for url in (ANALYTICS, SYNONYMS):
        assert '/login' in testapp.get(url, status=303).location
    for name in ('admin', 'advisor'):
        browser(app, name).get(ANALYTICS, status=403)
    admin_home = browser(app, 'admin').get('/editor/')
    assert 'href="/editor/search-analytics"' not in admin_home.text
    assert 'href="/editor/synonyms"' not in admin_home.text


def group_rows(page):
    return [row.find('td').get_text(strip=True)
            for row in page.html.find(id='groups').find('tbody')
            .find_all('tr')]


def test_a_synonym_group_added_through_the_form_finds_the_card(
    app, as_user, published_card
):
    published_card()
    search = '/api/v1/search'
    assert as_user('advisor').get(search, q='skidiraha').json['total'] == 0
    editor = browser(app, 'kela-editor')
    page = editor.get(SYNONYMS)
    before = group_rows(page)
    form = page.forms['synonym-form']
    form['lang'] = 'fi'
    form['terms'] = 'skidiraha, lapsilisä'
    form.submit(status=303)
    page = editor.get(SYNONYMS)
    assert group_rows(page) == before + ['skidiraha, lapsilisä']
    found = as_user('advisor').get(search, q='skidiraha').json
    assert [r['id'] for r in found['results']] == ['kela-testikortti']

    remove = [form for form in page.forms.values()
              if form.action == '/editor/synonyms/remove'
              and form['group'].value == str(len(before))]
    remove[0].submit(status=303)
    assert group_rows(editor.get(SYNONYMS)) == before
    assert as_user('advisor').get(search, q='skidiraha').json['total'] == 0
    audited = as_user('admin').get('/api/v1/audit',
                                   object='synonyms').json['items']
    assert [(e['actor'], e['details']['groups']) for e in audited] == [
        ('kela-editor', len(before)), ('kela-editor', len(before) + 1)]


def test_bad_synonym_input_comes_back_with_the_error(app, tokens):
    editor = browser(app, 'central')
    page = editor.get(SYNONYMS)
    version = page.forms['synonym-form']['base_version'].value
    form = page.forms['synonym-form']
    form['terms'] = 'yksinäinen'
    bad = form.submit(status=422)
    assert bad.html.find(id='error-terms').get_text() == (
        'Ryhmässä on 2–20 sanaa, ja kukin on enintään 60 merkkiä pitkä.')
    assert bad.html.find(id='terms')['value'] == 'yksinäinen'
    assert bad.forms['synonym-form']['base_version'].value == version
    form['terms'] = 'x' * 61 + ', toinen'
    form.submit(status=422)

    stale = editor.get(SYNONYMS).forms['synonym-form']
    fresh = editor.get(SYNONYMS).forms['synonym-form']
    fresh['terms'] = 'yksi, kaksi'
    fresh.submit(status=303)
    stale['terms'] = 'kolme, neljä'
    conflict = stale.submit(status=409)
    assert conflict.html.find(id='terms')['value'] == 'kolme, neljä'
    editor.post('/editor/synonyms/remove', {
        'csrf_token': fresh['csrf_token'].value, 'group': 'x',
        'base_version': version}, status=422)
    editor.post('/editor/synonyms/remove', {
        'csrf_token': fresh['csrf_token'].value, 'group': '0',
        'base_version': 'x'}, status=409)


def test_synonym_posts_need_csrf_and_permission(app, tokens):
    editor = browser(app, 'central')
    editor.post(SYNONYMS, {'lang': 'fi', 'terms': 'yksi, kaksi',
                           'base_version': '1'}, status=400)
    for name in ('kela-reviewer', 'advisor', 'admin'):
        client = browser(app, name)
        client.get(SYNONYMS, status=403)
        csrf = client.get('/api/v1/session').json['csrf_token']
        client.post(SYNONYMS, {'csrf_token': csrf, 'lang': 'fi',
                               'terms': 'yksi, kaksi',
                               'base_version': '1'}, status=403)
    reviewer_home = browser(app, 'kela-reviewer').get('/editor/')
    assert 'href="/editor/synonyms"' not in reviewer_home.text
    assert 'href="/editor/search-analytics"' in reviewer_home.text
