"""Search through the API: audiences never leak, matching works."""
import datetime

from tests.conftest import card_body

SEARCH = '/api/v1/search'


def ids(response):
    return [r['id'] for r in response.json['results']]


def secret_card(**changes):
    body = card_body(**changes)
    body['content']['fi']['advisor_instructions'] = (
        'Tarkista salasanalista zebrakoodi ennen lähettämistä.')
    return body


def test_inflected_compound_typo_and_prefix_queries(as_user,
                                                    published_card):
    published_card()
    advisor = as_user('advisor')
    for query in ('lapsilisää', 'lapsilisästä', 'lisä', 'lapsilsä',
                  'lapsil'):
        assert ids(advisor.get(SEARCH, q=query)) == ['kela-testikortti'], \
            query


def test_stages_widen_only_when_few_cards_match(as_user, published_card):
    for number in range(3):
        published_card(f'kela-kortti-{number}')
    advisor = as_user('advisor')
    assert advisor.get(SEARCH, q='lapsilisää').json['stage'] == 'exact'
    typo = advisor.get(SEARCH, q='lapsilsää').json  # two edits away
    assert (typo['stage'], typo['total']) == ('fuzzy', 3)


def test_swedish_query_and_cross_language_results(as_user, published_card):
    published_card()
    found = as_user(None).get(SEARCH, q='barnbidraget', lang='sv').json
    assert [(r['id'], r['lang']) for r in found['results']] == [
        ('kela-testikortti', 'sv')]
    # a Sámi reader finds the card that has no Sámi text, shown in the
    # language that matched
    found = as_user(None).get(SEARCH, q='lapsilisä', lang='se').json
    result = found['results'][0]
    assert (result['lang'], result['languages']) == ('fi', ['fi', 'sv'])
    # a Swedish word in a Finnish search, found when nothing else is
    found = as_user(None).get(SEARCH, q='barnbidraget', lang='fi').json
    assert [(r['id'], r['lang']) for r in found['results']] == [
        ('kela-testikortti', 'sv')]
    assert found['stage'] == 'relaxed'
    assert as_user(None).get(SEARCH, q='xyzzyq', lang='fi').json[
        'total'] == 0


def test_a_card_without_finnish_text_is_found_in_its_language(
        app, database, as_user):
    from kb.cards.exchange import import_cards, validate_document
    from kb.cards.versioning import Versioning
    body = card_body('kela-saame')
    body['content'] = {'se': {'title': 'Mánáidoadju',
                              'summary': 'Mánáidoadju mánnái.'}}
    with database as root:  # a migration: no Finnish text needed
        cards = validate_document(root, {'format': 'kb-cards/1',
                                         'cards': [body]})
        import_cards(root, Versioning(app.registry, 'x'), cards, publish=True)
    for lang in ('fi', 'sv', 'se'):
        found = as_user(None).get(SEARCH, q='mánáidoadju', lang=lang).json
        assert [(r['id'], r['lang']) for r in found['results']] == [
            ('kela-saame', 'se')], lang


def test_public_never_sees_advisor_text_drafts_or_working_copies(
    as_user, published_card
):
    published_card(**{'content': secret_card()['content']})
    public, advisor = as_user(None), as_user('advisor')
    assert ids(public.get(SEARCH, q='zebrakoodi')) == []
    assert ids(advisor.get(SEARCH, q='zebrakoodi')) == ['kela-testikortti']
    highlights = advisor.get(SEARCH, q='zebrakoodi').json['results'][0][
        'highlights']
    assert '<mark>zebrakoodi</mark>' in highlights['advisor']
    for result in public.get(SEARCH, q='lapsilisä').json['results']:
        assert 'advisor' not in result['highlights']
        assert 'zebrakoodi' not in str(result)
    # a working copy is invisible to readers until approved
    body = card_body(base_version=1)
    body['content']['fi']['description'] = 'Uusi sana kvanttikiihdytin.'
    as_user('kela-editor').put('/api/v1/cards/kela-testikortti', body)
    for reader in (public, advisor):
        assert ids(reader.get(SEARCH, q='kvanttikiihdytin')) == []
        assert reader.get('/api/v1/search/suggest', q='kvantti').json[
            'suggestions'] == []
    editor_hit = as_user('kela-editor').get(SEARCH, q='kvanttikiihdytin')
    assert [(r['id'], r['variant']) for r in editor_hit.json['results']] \
        == [('kela-testikortti', 'working')]
    assert ids(as_user('central').get(SEARCH, q='kvanttikiihdytin')) == [
        'kela-testikortti']
    assert ids(as_user('vero-editor').get(SEARCH,
                                          q='kvanttikiihdytin')) == []


def test_drafts_only_for_own_provider_and_central(as_user):
    as_user('kela-editor').post('/api/v1/cards', secret_card(), status=201)
    for name in (None, 'advisor', 'vero-editor', 'manager'):
        client = as_user(name)
        assert ids(client.get(SEARCH, q='lapsilisä')) == [], name
        assert client.get('/api/v1/search/suggest', q='lapsi').json[
            'suggestions'] == [], name
    for name in ('kela-editor', 'kela-reviewer', 'central'):
        assert ids(as_user(name).get(SEARCH, q='zebrakoodi')) == [
            'kela-testikortti'], name


def test_procedure_guides_are_for_advisors_only(as_user):
    central = as_user('central')
    central.post('/api/v1/cards', card_body(
        'opas-etapalvelu', 'central', kind='procedure', suoritteet=[]),
        status=201)
    central.post('/api/v1/cards/opas-etapalvelu/transitions',
                 {'transition': 'publish'})
    assert ids(as_user(None).get(SEARCH, q='lapsilisä')) == []
    assert ids(as_user('advisor').get(SEARCH, q='lapsilisä')) == [
        'opas-etapalvelu']


def test_retired_card_leaves_the_index(as_user, published_card):
    published_card()
    as_user('central').post('/api/v1/cards/kela-testikortti/transitions',
                            {'transition': 'retire', 'comment': 'loppui'})
    for name in (None, 'advisor'):
        assert ids(as_user(name).get(SEARCH, q='lapsilisä')) == []


def test_synonyms_find_colloquial_words_and_editors_keep_the_list(
    as_user, published_card
):
    published_card()
    advisor = as_user('advisor')
    assert ids(advisor.get(SEARCH, q='skidiraha')) == []
    listing = as_user('central').get('/api/v1/synonyms').json
    groups = listing['groups'] + [{'lang': 'fi', 'terms': [
        'skidiraha', 'lapsilisä']}]
    as_user('kela-editor').put('/api/v1/synonyms', {
        'base_version': listing['version'], 'groups': groups})
    assert ids(advisor.get(SEARCH, q='skidiraha')) == ['kela-testikortti']
    stale = as_user('central').put('/api/v1/synonyms', {
        'base_version': listing['version'], 'groups': groups}, status=409)
    assert stale.json['error'] == 'stale_version'
    as_user('advisor').put('/api/v1/synonyms', {
        'base_version': 99, 'groups': []}, status=403)
    bad = as_user('central').put('/api/v1/synonyms', {
        'base_version': listing['version'] + 1,
        'groups': [{'lang': 'xx', 'terms': ['yksi']}, 'x']},
        status=422).json
    assert [d['field'] for d in bad['details']] == [
        'groups.0.lang', 'groups.0.terms', 'groups.1']


def test_starter_synonyms_cover_counter_words(as_user, published_card):
    published_card('kela-sairausvakuutus', content={'fi': {
        'title': 'Sairausvakuutuskortti', 'summary': 'Kortti, jolla saa '
        'korvauksen apteekissa.', 'description': 'Näytä apteekissa.'}})
    assert ids(as_user(None).get(SEARCH, q='kela-kortti')) == [
        'kela-sairausvakuutus']
    assert ids(as_user(None).get(SEARCH, q='kelakortin')) == [
        'kela-sairausvakuutus']


def test_facets_filters_and_paging(as_user, published_card):
    published_card('kela-yksi', channels=['counter'])
    published_card('kela-kaksi', channels=['remote'],
                   suoritteet=['etapalvelu_yhteyden_avaus'])
    published_card('poliisi-kolme', 'poliisi', suoritteet=[],
                   channels=['counter'])
    public = as_user(None)
    found = public.get(SEARCH, q='lapsilisä').json
    assert found['total'] == 3
    assert found['facets']['provider'] == {'kela': 2, 'poliisi': 1}
    assert found['facets']['channel'] == {'counter': 2, 'remote': 1}
    assert found['facets']['lang'] == {'fi': 3}
    assert ids(public.get(SEARCH, q='lapsilisä', provider='poliisi')) == [
        'poliisi-kolme']
    assert ids(public.get(SEARCH, q='lapsilisä', channel='remote')) == [
        'kela-kaksi']
    page = public.get(SEARCH, q='lapsilisä', limit=2, offset=2).json
    assert len(page['results']) == 1 and page['total'] == 3


def test_highlights_are_escaped(as_user, published_card):
    body = card_body()
    body['content']['fi']['description'] = (
        'Lapsilisä <script>alert(1)</script> & muuta.')
    published_card(content=body['content'])
    result = as_user(None).get(SEARCH, q='lapsilisä').json['results'][0]
    snippet = result['highlights']['description']
    assert '<script>' not in snippet
    assert '&lt;script&gt;' in snippet and '&amp;' in snippet
    assert '<mark>Lapsilisä</mark>' in snippet


def test_notices_in_force_are_found_by_advisors(as_user):
    today = datetime.date.today()
    as_user('poliisi-editor').post('/api/v1/notices', {
        'provider': 'poliisi', 'kind': 'disruption',
        'content': {'fi': {'title': 'Passikuvauskatko',
                           'body': 'Kamera on rikki.'}},
        'valid_from': (today - datetime.timedelta(days=1)).isoformat(),
        'valid_until': (today + datetime.timedelta(days=1)).isoformat(),
    }, status=201)
    found = as_user('advisor').get(SEARCH, q='kamera').json['results']
    assert [(r['kind'], r['provider']) for r in found] == [
        ('notice', 'poliisi')]
    assert ids(as_user(None).get(SEARCH, q='kamera')) == []


def test_bad_search_requests(as_user):
    public = as_user(None)
    public.get(SEARCH, status=422)
    public.get(SEARCH, q='x' * 201, status=422)
    public.get(SEARCH, q='kela', lang='de', status=422)
    public.get(SEARCH, q='kela', provider='acme', status=422)
    public.get(SEARCH, q='kela', limit=500, status=422)
    public.get('/api/v1/search/suggest', q='', status=422)
    assert public.get('/api/v1/search/suggest', q='k').json[
        'suggestions'] == []


def test_suggestions_for_as_you_type(as_user, published_card):
    published_card()
    found = as_user(None).get('/api/v1/search/suggest', q='lapsil').json
    assert found['suggestions'][0]['title'] == 'Lapsilisä'
    found = as_user(None).get('/api/v1/search/suggest', q='barnbi',
                              lang='sv').json
    assert found['suggestions'][0]['lang'] == 'sv'


def test_suggestions_for_inflected_compound_and_misspelt_words(
        as_user, published_card):
    published_card()
    public = as_user(None)
    for typed in ('lapsilisää', 'lapsilisästä', 'lapsilsä', 'lisää'):
        found = public.get('/api/v1/search/suggest', q=typed).json
        assert [item['id'] for item in found['suggestions']] == [
            'kela-testikortti'], typed
    assert public.get('/api/v1/search/suggest', q='kvanttikiihdytin').json[
        'suggestions'] == []


def test_search_before_anything_is_published(as_user):
    found = as_user(None).get('/api/v1/search', q='lapsilisä').json
    assert (found['total'], found['results']) == (0, [])
    assert found['facets']['provider'] == {}


def test_synonym_changes_are_audited(as_user):
    listing = as_user('central').get('/api/v1/synonyms').json
    groups = listing['groups'][:3]
    removed = listing['groups'][3]
    as_user('central').put('/api/v1/synonyms', {
        'base_version': listing['version'], 'groups': groups})
    entries = as_user('admin').get('/api/v1/audit',
                                   object='synonyms').json['items']
    assert len(entries) == len(listing['groups']) - 3
    assert (entries[-1]['actor'], entries[-1]['action'],
            entries[-1]['details']) == (
        'central', 'remove',
        {'change': 'remove', 'version': listing['version'] + 1,
         'group': removed['id'], 'lang': removed['lang'],
         'terms': removed['terms'], 'provider': None})


def test_provider_editors_keep_only_their_own_synonym_groups(as_user):
    central, kela = as_user('central'), as_user('kela-editor')
    listing = central.get('/api/v1/synonyms').json
    assert all(group['provider'] is None and isinstance(group['id'], int)
               for group in listing['groups'])
    version = listing['version']
    own = kela.post('/api/v1/synonyms/groups', {
        'base_version': version, 'lang': 'fi',
        'terms': ['skidiraha', 'lapsilisä']}, status=201).json
    assert (own['provider'], own['terms']) == ('kela', [
        'skidiraha', 'lapsilisä'])
    kela.post('/api/v1/synonyms/groups', {
        'base_version': version + 1, 'terms': ['a', 'b'],
        'provider': 'vero'}, status=403)
    groups = central.get('/api/v1/synonyms').json['groups']
    shared = groups[0]
    for changed in (groups[1:],  # a shared group removed
                    [dict(shared, terms=['x', 'y'])] + groups[1:]):
        refused = kela.put('/api/v1/synonyms', {
            'base_version': version + 1, 'groups': changed},
            status=403).json
        assert refused['error'] == 'not_your_group'
    kela.delete(f'/api/v1/synonyms/groups/{shared["id"]}'
                f'?base_version={version + 1}', status=403)
    kela.put(f'/api/v1/synonyms/groups/{shared["id"]}', {
        'base_version': version + 1, 'terms': ['x', 'y']}, status=403)
    kela.put('/api/v1/synonyms/groups/0', {
        'base_version': version + 1, 'terms': ['x', 'y']}, status=404)
    # their own group through PUT, the others sent back as they are
    mine = [dict(group, terms=['lapsirahat', 'lapsilisä'])
            if group['id'] == own['id'] else group for group in groups]
    changed = kela.put('/api/v1/synonyms', {
        'base_version': version + 1, 'groups': mine}).json
    assert changed['groups'][-1] == dict(own, terms=[
        'lapsirahat', 'lapsilisä'])
    assert kela.put(f'/api/v1/synonyms/groups/{own["id"]}', {
        'base_version': version + 2, 'lang': 'sv',
        'terms': ['fpa-pengar', 'fpa']}).json == dict(
        own, lang='sv', terms=['fpa-pengar', 'fpa'])
    kela.delete(f'/api/v1/synonyms/groups/{own["id"]}'
                f'?base_version={version + 1}', status=409)
    kela.delete(f'/api/v1/synonyms/groups/{own["id"]}', status=422)
    left = kela.delete(f'/api/v1/synonyms/groups/{own["id"]}'
                       f'?base_version={version + 3}').json
    assert own['id'] not in [group['id'] for group in left['groups']]
    central.delete(f'/api/v1/synonyms/groups/{own["id"]}'
                   f'?base_version={version + 4}', status=404)
    central.delete(f'/api/v1/synonyms/groups/{shared["id"]}'
                   f'?base_version={version + 4}')
    audited = as_user('admin').get('/api/v1/audit',
                                   object='synonyms').json['items']
    assert [(e['actor'], e['action'], e['details']['provider'])
            for e in audited] == [
        ('central', 'remove', None), ('kela-editor', 'remove', 'kela'),
        ('kela-editor', 'change', 'kela'), ('kela-editor', 'change', 'kela'),
        ('kela-editor', 'add', 'kela')]
