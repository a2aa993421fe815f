"""Reference data, audit log, OpenAPI document."""
import datetime

from tests.conftest import card_body


def test_reference_data(as_user):
    public = as_user(None)
    providers = {p['code'] for p in public.get(
        '/api/v1/providers').json['items']}
    assert providers == {'kela', 'poliisi', 'vero', 'maistraatti', 'te',
                         'kunta', 'central'}
    points = public.get('/api/v1/points').json['items']
    assert {p['code'] for p in points} == {
        'mikkeli', 'oulu-kiiminki', 'parainen', 'pelkosenniemi',
        'saarijarvi'}
    types = {t['code']: t for t in public.get(
        '/api/v1/suoritteet').json['items']}
    assert types['asiakirjat_vastaanotto']['prices']['poliisi'] == {
        'minutes': 8, 'price_eur': '4.72'}
    assert 'poliisi' not in types['asiakaspalaute']['prices']
    assert {key: types['neuvonta_lyhyt'][key] for key in (
        'name_fi', 'name_sv', 'name_en')} == {
        'name_fi': 'Neuvonta lyhyt 2 min',
        'name_sv': 'Kort rådgivning (2 min)',
        'name_en': 'Short advice (2 min)'}
    assert public.get('/api/v1/suoritteet', date='2000-01-01').json[
        'items'][0]['prices'] == {}
    events = public.get('/api/v1/life-events').json['items']
    assert 'unemployment' in {e['code'] for e in events}
    flows = {w['name']: w for w in public.get(
        '/api/v1/workflows').json['items']}
    assert flows['provider-review']['providers'] == ['poliisi', 'kela']


def test_audit_log_records_who_did_what(as_user, published_card):
    published_card()
    entries = as_user('central').get('/api/v1/audit',
                                     object='kela-testikortti').json['items']
    actions = [(e['actor'], e['action'], e['details'].get('transition'))
               for e in reversed(entries)]
    assert actions == [
        ('kela-editor', 'add', None),
        ('kela-editor', 'save', None),
        ('kela-editor', 'transition', 'submit'),
        ('kela-reviewer', 'transition', 'accept'),
        ('central', 'live', None),
        ('central', 'transition', 'approve'),
    ]
    approve = entries[0]
    assert approve['details']['version'] == 1
    assert approve['details']['source'] == 'central_review'
    assert approve['details']['target'] == 'published'
    page = as_user('admin').get('/api/v1/audit', limit=2).json
    assert len(page['items']) == 2 and page['next_before']
    older = as_user('admin').get('/api/v1/audit', limit=2,
                                 before=page['next_before']).json['items']
    assert older[0]['seq'] < page['items'][-1]['seq']
    assert as_user('admin').get('/api/v1/audit', actor='kela-reviewer'
                                ).json['items'][0]['action'] == 'transition'
    for name in (None, 'kela-editor', 'advisor'):
        as_user(name).get('/api/v1/audit', status=401 if name is None
                          else 403)


def test_audit_log_is_append_only(as_user, database):
    from kb.cards.audit import AuditLog

    log = AuditLog()
    moment = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc)
    first = log.append({'a': 1}, moment, rand=lambda n: 7)
    second = log.append({'a': 2}, moment, rand=lambda n: 7)
    assert second == first + len(log.trees)  # the next key of its tree
    assert [e['a'] for e in log.query()] == [2, 1]
    assert log.query()[0]['time'] == '2026-01-02T00:00:00Z'


def test_openapi_documents_every_route_and_only_real_ones(app, testapp):
    document = testapp.get('/api/v1/openapi.json').json
    documented = {(method.upper(), path)
                  for path, ops in document['paths'].items()
                  for method in ops}
    introspector = app.registry.introspector
    served = set()
    for view in introspector.get_category('views'):
        intr = view['introspectable']
        route_name = intr['route_name']
        if not route_name or not route_name.startswith('api.'):
            continue
        route = introspector.get('routes', route_name)
        methods = intr['request_methods'] or ('GET',)
        if isinstance(methods, str):
            methods = (methods,)
        for method in methods:
            served.add((method, route['pattern']))
    assert documented == served


def test_openapi_document_is_valid_and_card_schema_matches(testapp):
    import jsonschema

    document = testapp.get('/api/v1/openapi.json').json
    assert document['openapi'].startswith('3.')
    schema = dict(document['components']['schemas']['Card'])
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(card_body(), schema)


def test_an_undeclared_method_of_an_api_path_answers_405(
        as_user, published_card):
    published_card()
    client = as_user('kela-editor')
    answer = client.delete('/api/v1/cards/kela-testikortti', status=405)
    assert answer.headers['Allow'] == 'GET, HEAD, PUT'
    assert answer.json['error'] == 'method_not_allowed'
    assert client.testapp.patch('/api/v1/synonyms', headers=client.headers,
                                status=405).headers['Allow'] == \
        'GET, HEAD, PUT'
    # a path that is not there, or a declared method, stays 404
    client.delete('/api/v1/nowhere', status=404)
    client.get('/api/v1/cards/kela-puuttuva', status=404)
