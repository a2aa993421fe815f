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

    [link] = page.html.find(id='groups').find_all(
        'a', href=lambda href: href and href.endswith('/remove'))[-1:]
    confirm = editor.get(link['href'])
    assert 'skidiraha, lapsilisä' in confirm.html.find(id='group').text
    assert 'Kela' in confirm.html.find(id='group').text
    assert group_rows(editor.get(SYNONYMS)) == before + [
        'skidiraha, lapsilisä']  # nothing removed before the confirmation
    confirm.forms['remove-form'].submit(status=303)
    assert group_rows(editor.get(SYNONYMS)) == before
    assert as_user('advisor').get(search, q='skidiraha').json['total'] == 0
    audited = as_user('admin').get('/api/v1/audit',
                                   object='synonyms').json['items']
    group = int(link['href'].split('/')[-2])
    assert [(e['actor'], e['action'], e['details']) for e in audited] == [
        ('kela-editor', 'remove', {
            'change': 'remove', 'version': int(
                confirm.forms['remove-form']['base_version'].value) + 1,
            'group': group, 'lang': 'fi',
            'terms': ['skidiraha', 'lapsilisä'], 'provider': 'kela'}),
        ('kela-editor', 'add', {
            'change': 'add', 'version': int(
                confirm.forms['remove-form']['base_version'].value),
            'group': group, 'lang': 'fi',
            'terms': ['skidiraha', 'lapsilisä'], 'provider': 'kela'})]


def test_a_provider_editor_may_remove_only_their_own_groups(app, as_user):
    central = as_user('central')
    version = central.get('/api/v1/synonyms').json['version']
    shared = central.post('/api/v1/synonyms/groups', {
        'base_version': version, 'lang': 'fi', 'terms': ['a1', 'b1']},
        status=201).json
    vero = as_user('vero-editor').post('/api/v1/synonyms/groups', {
        'base_version': version + 1, 'terms': ['mätky', 'jäännösvero']},
        status=201).json
    kela = browser(app, 'kela-editor')
    page = kela.get(SYNONYMS)
    rows = page.html.find(id='groups')
    for group in (shared, vero):
        row = rows.find(id=f'group-{group["id"]}')
        assert row.find('a') is None
        kela.get(f'{SYNONYMS}/{group["id"]}/edit', status=403)
        url = f'{SYNONYMS}/{group["id"]}/remove'
        refused = kela.get(url, status=403)
        assert 'oman palveluntuottajasi' in refused.html.find('main').text
        kela.post(url, {'csrf_token': page.forms['synonym-form'][
            'csrf_token'].value, 'base_version': str(version + 2)},
            status=403)
    assert 'Verohallinto' in rows.find(id=f'group-{vero["id"]}').text
    assert 'Yhteinen' in rows.find(id=f'group-{shared["id"]}').text
    kela.get(f'{SYNONYMS}/999999/remove', status=404)
    kela.get(f'{SYNONYMS}/x/remove', status=404)
    central_page = browser(app, 'central').get(SYNONYMS)
    assert central_page.html.find(id=f'group-{vero["id"]}').find('a')
    assert central.get('/api/v1/synonyms').json['version'] == version + 2


def test_an_editor_changes_the_words_of_their_group(app, as_user):
    version = as_user('central').get('/api/v1/synonyms').json['version']
    group = as_user('kela-editor').post('/api/v1/synonyms/groups', {
        'base_version': version, 'lang': 'fi',
        'terms': ['skidiraha', 'lapsilisä']}, status=201).json
    editor = browser(app, 'kela-editor')
    page = editor.get(SYNONYMS)
    row = page.html.find(id=f'group-{group["id"]}')
    form = editor.get(row.find('a')['href']).forms['synonym-form']
    assert form['terms'].value == 'skidiraha, lapsilisä'
    stale = editor.get(row.find('a')['href']).forms['synonym-form']
    form['terms'] = 'yksinäinen'
    bad = form.submit(status=422)
    assert bad.html.find(id='error-terms') is not None
    form['terms'] = 'lapsirahat, lapsilisä'
    form['lang'] = '*'
    form.submit(status=303)
    stale['terms'] = 'x, y'
    assert stale.submit(status=409).html.find(id='error-summary')
    row = editor.get(SYNONYMS).html.find(id=f'group-{group["id"]}')
    assert row.find('td').text == 'lapsirahat, lapsilisä'
    [entry] = as_user('admin').get('/api/v1/audit', object='synonyms',
                                   limit=1).json['items']
    assert entry['details'] == {
        'change': 'change', 'version': version + 2, 'group': group['id'],
        'lang': '*', 'terms': ['lapsirahat', 'lapsilisä'],
        'provider': 'kela', 'previous_lang': 'fi',
        'previous_terms': ['skidiraha', 'lapsilisä'],
        'previous_provider': 'kela'}


def test_the_shipped_vocabulary_is_shown_filtered_and_paged(app, tokens):
    from kb.i18n.labels import LANGUAGE_NAMES
    from kb.views.editor.search import VOCABULARY_KINDS, vocabulary

    # every kind and language of the data has a name on the page
    assert {row['kind'] for row in vocabulary()} <= set(VOCABULARY_KINDS)
    assert {row['lang'] for row in vocabulary()} <= set(LANGUAGE_NAMES)
    editor = browser(app, 'kela-editor')
    page = editor.get(SYNONYMS)
    vocabulary = page.html.find(id='vocabulary')
    assert len(vocabulary.find('tbody').find_all('tr')) == 50
    assert vocabulary.find('a', rel='prev') is None
    following = editor.get(vocabulary.find('a', rel='next')['href'])
    assert following.html.find(id='vocabulary-count').text.startswith(
        'Rivit 51–100 (yhteensä')
    form = page.forms['vocabulary-form']
    form['word'] = 'SOTU'
    found = form.submit()
    rows = [[cell.get_text(strip=True) for cell in row.find_all('td')]
            for row in found.html.find(id='vocabulary').find('tbody')
            .find_all('tr')]
    assert ['sotu', 'henkilötunnus', 'suomi', 'lyhenne',
            'tarkistettava'] in rows
    assert all('sotu' in row[0] or 'sotu' in row[1] for row in rows)
    assert found.html.find(id='vocabulary').find('nav') is None
    nothing = editor.get(SYNONYMS, params={'word': 'qqxxzz', 'start': 'x'})
    assert nothing.html.find(id='vocabulary').find('table') is None


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
    editor.post('/editor/synonyms/x/remove', {
        'csrf_token': fresh['csrf_token'].value,
        'base_version': version}, status=404)
    stale = editor.get('/editor/synonyms/1/remove').forms['remove-form']
    stale['base_version'] = 'x'
    conflict = stale.submit(status=409)
    assert conflict.html.find(id='error-summary') is not None
    assert conflict.forms['remove-form']['base_version'].value == str(
        int(version) + 1)


def test_synonym_posts_need_csrf_and_permission(app, tokens):
    editor = browser(app, 'central')
    editor.post(SYNONYMS, {'lang': 'fi', 'terms': 'yksi, kaksi',
                           'base_version': '1'}, status=400)
    for action in ('edit', 'remove'):
        editor.post(f'{SYNONYMS}/1/{action}', {
            'lang': 'fi', 'terms': 'yksi, kaksi', 'base_version': '1'},
            status=400)
        browser(app, 'kela-reviewer').get(f'{SYNONYMS}/1/{action}',
                                          status=403)
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
