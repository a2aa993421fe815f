"""The OpenAPI document states the rules of the views: query filters
typed from the directory, rules across fields in the schema, and the
rules no schema can state listed (``x-rules``) for the fuzzer."""
import jsonschema
import pytest

from kb.views.api.openapi import document
from tests.views.api.test_fuzz import documented_refusal


@pytest.fixture(scope='module')
def spec():
    return document(['central', 'kela'], ['mikkeli', 'suljettu'],
                    closed=['suljettu'])


def valid(spec, name, value):
    schema = dict(spec['components']['schemas'][name],
                  components=spec['components'])
    return jsonschema.Draft202012Validator(schema).is_valid(value)


def param(spec, method, path, name):
    operation = spec['paths'][path][method]
    return next(p['schema'] for p in operation['parameters']
                if p['name'] == name)


def test_a_user_has_the_provider_or_point_of_the_role(spec):
    base = {'name': 'uusi', 'password': 'x' * 12}
    assert valid(spec, 'User', dict(base, role='advisor', point='mikkeli'))
    assert valid(spec, 'User', dict(base, role='provider_editor',
                                    provider='kela'))
    assert valid(spec, 'User', dict(base, role='admin'))
    for wrong in ({'role': 'advisor'},
                  {'role': 'advisor', 'point': 'suljettu'},
                  {'role': 'advisor', 'point': 'mikkeli', 'provider': 'kela'},
                  {'role': 'provider_editor', 'provider': 'central'},
                  {'role': 'admin', 'point': 'mikkeli'}):
        assert not valid(spec, 'User', dict(base, **wrong)), wrong


def test_a_price_change_gives_minutes_or_a_price(spec):
    day = {'effective': '2026-01-01'}
    minutes = dict(day, provider='kela', suorite='asiakaspalaute', minutes=10)
    assert valid(spec, 'PriceChange', minutes)
    assert valid(spec, 'PriceChange', dict(day, minute_price='0.59'))
    for wrong in (day, dict(day, minutes=10), dict(minutes, minutes=None),
                  dict(day, provider='kela', minute_price='1'),
                  dict(day, minute_price='100.5')):
        assert not valid(spec, 'PriceChange', wrong), wrong


def test_query_filters_take_the_codes_the_views_accept(spec):
    cards = param(spec, 'get', '/api/v1/cards', 'provider')
    assert cards['enum'] == ['central', 'kela', '']
    assert param(spec, 'get', '/api/v1/notices', 'point')['enum'] == [
        'mikkeli', 'suljettu', '']
    month = param(spec, 'get', '/api/v1/reports/monthly', 'month')
    validator = jsonschema.Draft202012Validator
    assert validator(month).is_valid('2026-03')
    assert not validator(month).is_valid('2026-13')
    since = param(spec, 'get', '/suomifi/v1/services', 'since')
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert validator(since, format_checker=checker).is_valid(
        '2026-01-31T12:00:00Z')
    assert not validator(since, format_checker=checker).is_valid(
        '2026-01-31')


def test_the_served_document_lists_the_directory(testapp):
    spec = testapp.get('/api/v1/openapi.json').json
    assert 'kela' in param(spec, 'get', '/api/v1/review-due',
                           'provider')['enum']
    assert 'mikkeli' in param(spec, 'get', '/api/v1/tickets',
                              'point')['enum']


def test_only_a_documented_rule_excuses_a_refusal(spec):
    tickets = spec['paths']['/api/v1/tickets']['post']
    assert 'card: ' in tickets['responses']['422']['description']

    def refusal(*fields, error='validation'):
        return {'error': error, 'message': '',
                'details': [{'field': f, 'message': ''} for f in fields]}

    assert documented_refusal(tickets, 422, refusal('card'))
    assert documented_refusal(tickets, 422, refusal('card', 'channel'))
    assert not documented_refusal(tickets, 422, refusal('card', 'lang'))
    assert not documented_refusal(tickets, 409, refusal('card'))
    assert not documented_refusal(tickets, 422, refusal('card',
                                                        error='conflict'))
    assert not documented_refusal(tickets, 422, refusal())
    assert documented_refusal(tickets, 422, refusal(
        'note', error='personal_data'))
    assert not documented_refusal(tickets, 422, refusal('note'))
    users = spec['paths']['/api/v1/users']['post']
    assert not documented_refusal(users, 422, refusal('point'))


def test_filled_text_is_what_strip_leaves_nonempty(spec):
    term = spec['components']['schemas']['SynonymsChange']['properties'][
        'groups']['items']['properties']['terms']['items']
    validator = jsonschema.Draft202012Validator(term)
    assert validator.is_valid(' a ')
    assert not any(validator.is_valid(blank) for blank in
                   ('\x1f', ' \x85 ', '\u3000', ''))
