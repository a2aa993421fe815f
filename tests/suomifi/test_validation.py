"""PTV's rules, from the schema and from the description texts."""
import json
from pathlib import Path

import pytest

from tests.conftest import HERE

POST = 'V9VmOpenApiServiceIn'
PUT = 'V9VmOpenApiServiceInBase'


@pytest.fixture
def document(service_card, config):
    from kb.suomifi.mapping import service_document
    return service_document('kela-testi', 'kela', service_card,
                            'published', config)


def _callFUT(document, schema=POST):
    from kb.suomifi.validation import problems
    return problems(document, schema)


def _item(document, key, lang, kind):
    return next(item for item in document[key]
                if item['language'] == lang and item.get('type') == kind)


def test_a_good_document_has_no_problems(document):
    assert _callFUT(document) == []


def test_schema_required_property_missing(document):
    del document['mainResponsibleOrganization']
    assert _callFUT(document) == [
        ('/', "'mainResponsibleOrganization' is a required property")]


def test_schema_unknown_property_refused(document):
    document['advisorInstructions'] = 'x'
    [(path, message)] = _callFUT(document)
    assert path == '/' and 'advisorInstructions' in message


def test_schema_nested_types_nullable_and_formats(document):
    document['serviceProducers'][0]['organizations'] = ['not-a-uuid']
    document['validFrom'] = 'someday'
    document['legislation'] = None  # nullable in OpenAPI 3.0
    document['validTo'] = None
    document['versionId'] = None
    assert _callFUT(document) == [
        ('/serviceProducers/0/organizations/0',
         "'not-a-uuid' is not a 'uuid'"),
        ('/validFrom', "'someday' is not a 'date-time'"),
    ]


def test_source_id_pattern(document):
    document['sourceId'] = 'kela testi'
    [(path, _message)] = _callFUT(document)
    assert path == '/sourceId'


@pytest.mark.parametrize('key,lang,kind,limit', [
    ('serviceNames', 'fi', 'Name', 100),
    ('serviceDescriptions', 'sv', 'Summary', 150),
    ('serviceDescriptions', 'fi', 'Description', 5000),
    ('serviceDescriptions', 'fi', 'UserInstruction', 5000),
])
def test_length_limits(document, key, lang, kind, limit):
    item = _item(document, key, lang, kind)
    index = document[key].index(item)
    item['value'] = 'x' * limit
    assert _callFUT(document) == []
    item['value'] = 'x' * (limit + 1)
    assert _callFUT(document) == [
        (f'/{key}/{index}/value',
         f'{kind} is {limit + 1} characters; PTV allows {limit}')]


def test_keyword_limit(document):
    document['keywords'][1]['value'] = 'k' * 151
    assert _callFUT(document) == [
        ('/keywords/1/value', 'value is 151 characters; PTV allows 150')]


def test_languages_allowed(document):
    for item in document['serviceNames'] + document['serviceDescriptions']:
        if item['language'] == 'sv':
            item['language'] = 'de'
    document['languages'] = ['fi', 'de']
    assert _callFUT(document) == [
        ('/serviceNames/1/language',
         "language 'de' is not one of fi, sv, en, se, smn, sms"),
        ('/languages/1',
         "language 'de' is not one of fi, sv, en, se, smn, sms"),
    ]


@pytest.mark.parametrize('key,kind', [
    ('serviceNames', 'Name'),
    ('serviceDescriptions', 'Summary'),
    ('serviceDescriptions', 'Description'),
])
def test_each_language_needs_name_summary_and_description(document, key,
                                                          kind):
    document[key].remove(_item(document, key, 'sv', kind))
    assert _callFUT(document) == [(f'/{key}', f"{kind} is missing in 'sv'")]


def test_name_must_differ_from_summary(document):
    summary = _item(document, 'serviceDescriptions', 'fi', 'Summary')
    summary['value'] = ' kelan TESTIPALVELU '
    index = document['serviceDescriptions'].index(summary)
    assert _callFUT(document) == [
        (f'/serviceDescriptions/{index}/value',
         "the Summary repeats the Name in 'fi'")]


@pytest.mark.parametrize('path,value', [
    (('type',), 'Permit'),
    (('serviceChargeType',), 'Free'),
    (('fundingType',), 'Public'),
    (('areaType',), 'Everywhere'),
    (('publishingStatus',), 'Deleted'),
    (('serviceNames', 0, 'type'), 'Title'),
    (('serviceDescriptions', 0, 'type'), 'ShortDescription'),
    (('serviceProducers', 0, 'provisionType'), 'SelfProduced'),
])
def test_enumerated_values(document, path, value):
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    pointer = '/' + '/'.join(map(str, path))
    assert [p for p in _callFUT(document) if p[0] == pointer] == [
        (pointer, _not_one_of(value, pointer))]


def _not_one_of(value, pointer):
    from kb.suomifi.validation import ALLOWED, DEFAULT_STATUSES
    key = '/'.join('*' if part.isdigit() else part
                   for part in pointer.strip('/').split('/'))
    values = DEFAULT_STATUSES if key == 'publishingStatus' else ALLOWED[key]
    return f'{value!r} is not one of {", ".join(values)}'


def test_put_schema_allows_deleted(document):
    document['publishingStatus'] = 'Deleted'
    assert _callFUT(document, PUT) == []


def test_validators_are_compiled_once():
    from kb.suomifi.validation import validator
    assert validator(POST) is validator(POST)
    with pytest.raises(KeyError):
        validator('NoSuchSchema')


def test_rules_are_the_ones_the_spec_states():
    """Each limit and value list is written in the spec's descriptions."""
    from kb.suomifi.validation import ALLOWED, LIMITS
    text = Path(HERE, 'kb', 'data', 'ptv-openapi-v11.json').read_text()
    spec = json.loads(text)
    for (_key, kind), limit in LIMITS.items():
        note = f'(Max.Length: {limit} {kind})'
        if kind in ('Name', 'AlternativeName'):
            note = (f'{kind} (in version 7 AlternateName). '
                    f'(Max.Length: {limit})')
        if kind is None:
            note = f'keywords. (Max.Length: {limit})'
        assert note in text, note
    properties = {}
    for schema in spec['components']['schemas'].values():
        for name, prop in schema.get('properties', {}).items():
            properties.setdefault(name, []).append(
                prop.get('description', ''))
    for path, values in ALLOWED.items():
        parts = path.split('/')
        # the list's own description or the item property's names them
        texts = properties[parts[0]] + properties[parts[-1]]
        assert any(all(v in t for v in values) for t in texts), path


def test_card_problems_name_our_fields(service_card, config):
    from kb.suomifi.validation import card_problems
    service_card['content']['sv']['summary'] = 'FPA:s testtjänst'
    service_card['content']['sv'].pop('description')
    service_card['content']['fi']['title'] = 'T' * 101
    problems = card_problems('kela-testi', 'kela', service_card, config)
    fields = [field for field, _message in problems]
    # NB: without a description a summary that repeats the title leaves
    # Swedish out, which the editor must hear of before approval
    assert fields == ['content.sv.summary', 'content.fi.title']
    messages = [m.interpolate() for _f, m in problems]
    assert 'leave this language out' in messages[0]
    assert 'allows 100 characters' in messages[1]
    assert all(m.domain == 'kb' for _f, m in problems)


def test_a_summary_repeating_the_title_gives_way_to_the_description(
        service_card, config):
    from kb.suomifi.validation import card_problems
    service_card['content']['sv']['summary'] = 'FPA:s testtjänst'
    assert card_problems('kela-testi', 'kela', service_card, config) == []


def test_card_problems_count_the_converted_text(service_card, config):
    from kb.suomifi.validation import card_problems

    # 4,980 characters of plain text, over 5,000 with the markup
    service_card['content']['fi']['description'] = '**' + 'x' * 4980 + '**'
    assert card_problems('kela-testi', 'kela', service_card, config) == []


def test_card_problems_for_missing_mapping(service_card, config):
    from kb.suomifi.validation import card_problems
    service_card['life_events'] = ['nowhere']
    [(field, message)] = card_problems('kela-testi', 'kela', service_card,
                                       config)
    assert field == 'life_events'
    assert message.mapping == {'key': 'life_events.nowhere'}


def test_card_problems_let_central_content_through(service_card, config):
    from kb.suomifi.validation import card_problems
    service_card['content']['sv']['summary'] = 'FPA:s testtjänst'
    guide = dict(service_card, kind='procedure')
    assert card_problems('x', 'central', guide, config) == []


def test_documents_of_the_wrong_shape_are_reported_not_crashed():
    from kb.suomifi.validation import problems
    found = problems({'serviceChannelNames': [{'language': ['fi']}, 'x'],
                      'serviceHours': [{'openingHour': ['x', {
                          'dayFrom': 'Funday', 'from': '09:00',
                          'to': '10:00'}]}],
                      'languages': 'fi'},
                     'V11VmOpenApiServiceLocationChannelIn')
    paths = [path for path, _message in found]
    assert '/serviceChannelNames/1' in paths
    assert '/serviceHours/0/openingHour/1/dayFrom' in paths
    assert problems([], 'V9VmOpenApiServiceIn') == [
        ('/', "[] is not of type 'object'")]


def test_card_problems_from_the_configuration_name_the_provider(
        service_card, config):
    from kb.suomifi.config import Mapping
    from kb.suomifi.validation import card_problems
    odd = Mapping(dict(config.data, providers={'kela': {
        'organization': config.organization('kela'),
        'service_type': 'Permit'}}))
    [(field, message)] = card_problems('kela-testi', 'kela', service_card,
                                       odd)
    assert field == 'provider'
    assert message.mapping == {
        'problem': "'Permit' is not one of Service, PermitOrObligation, "
                   "ProfessionalQualification"}


def test_card_problems_name_the_keywords(service_card, config):
    from kb.suomifi.validation import card_problems
    service_card['content']['sv']['keywords'] = ['k' * 151]
    [(field, message)] = card_problems('kela-testi', 'kela', service_card,
                                       config)
    assert field == 'content.sv.keywords'
    assert message.mapping == {'max': 150, 'length': 151}


def test_live_document_of_a_card_ptv_would_accept(service_card, config):
    import datetime

    from kb.suomifi.validation import live_document
    from tests.suomifi.test_mapping import _card
    service_card['content']['sv']['summary'] = 'FPA:s testtjänst'
    built = live_document(_card(service_card), datetime.date(2026, 11, 22),
                          config)
    assert built.status == 'published'
    assert built.document['publishingStatus'] == 'Published'
    assert built.problems == []


def test_live_document_says_why_ptv_would_refuse_it(service_card, config):
    import datetime

    from kb.suomifi.validation import live_document
    from tests.suomifi.test_mapping import _card
    service_card['content']['fi']['title'] = 'T' * 101
    built = live_document(_card(service_card), datetime.date(2026, 11, 22),
                          config)
    assert built.document is not None
    assert {'field', 'message'} == set(built.problems[0])
    assert any(p['field'] == '/serviceNames/0/value' for p in built.problems)


def test_live_document_of_a_card_our_mapping_cannot_build(
        service_card, config):
    import datetime

    from kb.suomifi.validation import live_document
    from tests.suomifi.test_mapping import _card
    service_card['life_events'] = ['nowhere']
    built = live_document(_card(service_card), datetime.date(2026, 11, 22),
                          config)
    assert (built.document, built.status) == (None, 'published')
    assert [p['field'] for p in built.problems] == ['life_events']


def test_no_live_document_without_a_live_version(service_card, config):
    import datetime

    from kb.suomifi.validation import live_document
    from tests.suomifi.test_mapping import _card
    assert live_document(_card(service_card, published=None),
                         datetime.date(2026, 11, 22), config) is None
