"""Cards → PTV service documents."""
import json

import pytest

from tests.suomifi.conftest import SECRET_WORDS, demo_cards


def _callFUT(card, config, status='published', effective=None):
    from kb.suomifi.mapping import service_document
    return service_document(card['id'], card['provider'], card, status,
                            config, effective)


def _texts(document, key, kind):
    return {item['language']: item['value'] for item in document[key]
            if item['type'] == kind}


def test_names_and_descriptions_come_from_public_fields(service_card,
                                                        config):
    document = _callFUT(service_card, config)
    assert document['sourceId'] == 'kela-testi'
    assert _texts(document, 'serviceNames', 'Name') == {
        'fi': 'Kelan testipalvelu', 'sv': 'FPA:s testtjänst'}
    assert _texts(document, 'serviceDescriptions', 'Summary')['sv'] == \
        'Sammandrag av testtjänsten.'
    assert _texts(document, 'serviceDescriptions', 'Description')['fi'] \
        == 'Kuvaus lihavalla ja linkki (https://www.kela.fi).\n\n' \
           '- yksi\n- kaksi'
    assert _texts(document, 'serviceDescriptions', 'UserInstruction') == {
        'fi': '1. Tee näin.\n2. Sitten näin.'}
    assert document['keywords'] == [
        {'language': 'fi', 'value': 'etuus'},
        {'language': 'fi', 'value': 'hakemus'}]
    assert document['languages'] == ['fi', 'sv']


def test_codes_come_from_the_configuration(service_card, config):
    document = _callFUT(service_card, config)
    organization = config.organization('kela')
    assert document['mainResponsibleOrganization'] == organization
    assert document['serviceProducers'] == [{
        'provisionType': 'SelfProducedServices',
        'organizations': [organization], 'orderNumber': 1}]
    assert document['lifeEvents'] == [config.life_event('moving'),
                                      config.life_event('family')]
    assert document['type'] == 'Service'
    assert document['serviceChargeType'] == 'FreeOfCharge'
    assert document['fundingType'] == 'PubliclyFunded'
    assert document['areaType'] == 'Nationwide'
    assert document['targetGroups'] == \
        config.card_value('target_groups', 'kela', 'service')
    assert document['publishingStatus'] == 'Published'
    assert 'validFrom' not in document


def test_provider_value_wins_over_kind_and_defaults(service_card, config):
    service_card['provider'] = 'poliisi'
    assert _callFUT(service_card, config)['type'] == 'PermitOrObligation'


def test_retired_card_is_deleted_and_valid_only_as_put_body(service_card,
                                                            config):
    from kb.suomifi.mapping import put_document, schema_for
    from kb.suomifi.validation import problems
    document = put_document('kela-testi', 'kela', service_card, 'retired',
                            config)
    assert document['publishingStatus'] == 'Deleted'
    assert schema_for('retired') == 'V9VmOpenApiServiceInBase'
    assert problems(document, 'V9VmOpenApiServiceInBase') == []
    assert problems(document, 'V9VmOpenApiServiceIn') == [
        ('/publishingStatus', "'Deleted' is not one of Draft, Published")]


def test_effective_date_becomes_valid_from_in_helsinki(service_card,
                                                       config):
    summer = _callFUT(service_card, config, effective='2027-06-01')
    winter = _callFUT(service_card, config, effective='2027-01-01')
    assert summer['validFrom'] == '2027-06-01T00:00:00+03:00'
    assert winter['validFrom'] == '2027-01-01T00:00:00+02:00'


def test_missing_mapping_entries_are_all_named(service_card, config):
    from kb.suomifi.config import Mapping, MappingError
    service_card['provider'] = 'nobody'
    service_card['life_events'] = ['unheard-of']
    with pytest.raises(MappingError) as caught:
        _callFUT(service_card, config)
    fields = [(d['field'], d['message'].mapping['key'])
              for d in caught.value.details]
    assert fields == [('provider', 'providers.nobody.organization'),
                      ('life_events', 'life_events.unheard-of')]
    with pytest.raises(MappingError) as caught:
        _callFUT(service_card, Mapping({'providers': {'kela': {
            'organization': 'x'}}}))
    assert ('provider', 'defaults.service_type') in [
        (d['field'], d['message'].mapping['key'])
        for d in caught.value.details]


def test_intranet_fields_never_reach_any_document(service_card, config):
    from kb.suomifi.mapping import put_document
    text = json.dumps([
        _callFUT(service_card, config),
        put_document('kela-testi', 'kela', service_card, 'retired', config),
    ], ensure_ascii=False)
    for word in SECRET_WORDS:
        assert word not in text


def test_every_demo_service_card_maps_without_problems(config):
    from kb.suomifi.mapping import is_suomifi_content
    from kb.suomifi.validation import problems
    cards = [c for c in demo_cards()
             if is_suomifi_content(c['provider'], c['kind'])]
    assert len(cards) > 40
    for card in cards:
        assert problems(_callFUT(card, config),
                        'V9VmOpenApiServiceIn') == [], card['id']


def test_central_content_is_not_suomifi_content():
    from kb.suomifi.mapping import is_suomifi_content
    assert is_suomifi_content('kela', 'service')
    assert not is_suomifi_content('central', 'procedure')
    assert not is_suomifi_content('central', 'package')


def _card(content, provider='kela', state='published', published=1):
    from pyramid.testing import DummyResource

    from kb.resources import Card, Version
    card = Card(content['id'], content['kind'])
    card.__parent__ = DummyResource(__parent__=DummyResource(code=provider))
    version = Version(1, content, 'editor', '2026-01-01T00:00:00', '', 0,
                      {'fi': 'current'})
    version.state = state
    card.versions[1] = version
    card.published = published
    return card


def test_card_document_of_the_live_version(service_card, config):
    import datetime

    from kb.suomifi.mapping import card_document
    today = datetime.date(2026, 11, 22)
    document, status = card_document(_card(service_card), today, config)
    assert status == 'published'
    assert document['publishingStatus'] == 'Published'
    assert 'serviceChannels' not in document
    document, status = card_document(
        _card(service_card, state='retired'), today, config)
    assert (status, document['publishingStatus']) == ('retired', 'Deleted')
    assert card_document(_card(service_card, published=None), today,
                         config) is None
    assert card_document(_card(service_card, provider='central'), today,
                         config) is None


def test_areas_from_the_configuration(service_card, config):
    from kb.suomifi.config import Mapping
    from kb.suomifi.validation import problems
    local = Mapping(dict(config.data, providers={'kunta': {
        'organization': config.organization('kunta'),
        'area_type': 'LimitedType',
        'areas': [{'type': 'Municipality', 'codes': ['491', '729']}]}}))
    service_card['provider'] = 'kunta'
    document = _callFUT(service_card, local)
    assert document['areaType'] == 'LimitedType'
    assert document['areas'] == [
        {'type': 'Municipality', 'areaCodes': ['491', '729']}]
    assert problems(document, 'V9VmOpenApiServiceIn') == []


@pytest.mark.parametrize('texts, expected', [
    # the card's own texts
    ({'title': 'Nimi', 'summary': 'Tiivis.', 'description': '**Kuvaus.**',
      'user_instructions': '1. Tee'},
     {'Name': 'Nimi', 'Summary': 'Tiivis.', 'Description': 'Kuvaus.',
      'UserInstruction': '1. Tee'}),
    # no description: the plain-language summary, else the summary
    ({'title': 'Nimi', 'summary': 'Tiivis.', 'plain_summary': 'Selko.'},
     {'Name': 'Nimi', 'Summary': 'Tiivis.', 'Description': 'Selko.'}),
    ({'title': 'Nimi', 'summary': 'Tiivis.'},
     {'Name': 'Nimi', 'Summary': 'Tiivis.', 'Description': 'Tiivis.'}),
    # a summary repeating the title gives way to the description's lead
    ({'title': 'Nimi', 'summary': 'nimi ', 'description': 'Eka. Toka.'},
     {'Name': 'Nimi', 'Summary': 'Eka.', 'Description': 'Eka. Toka.'}),
    # ... and with nothing else to say the language cannot go
    ({'title': 'Nimi', 'summary': 'Nimi'}, None),
    ({'title': ' ', 'summary': 'Tiivis.'}, None),
])
def test_language_version(texts, expected):
    from kb.suomifi.mapping import language_version
    assert language_version(texts) == expected


def test_languages_suomifi_cannot_take_are_left_out(service_card, config):
    from kb.suomifi.mapping import left_out
    service_card['content']['sv'] = {'title': 'Samma', 'summary': 'samma',
                                     'keywords': ['ord']}
    document = _callFUT(service_card, config)
    assert document['languages'] == ['fi']
    assert {item['language'] for key in ('serviceNames',
                                         'serviceDescriptions', 'keywords')
            for item in document[key]} == {'fi'}
    assert left_out(service_card, document) == ['sv']


def test_a_card_with_no_language_suomifi_can_take_is_refused(
        service_card, config):
    from kb.suomifi.config import MappingError
    service_card['content'] = {'fi': {'title': 'Sama', 'summary': 'Sama'}}
    with pytest.raises(MappingError) as caught:
        _callFUT(service_card, config)
    assert [d['field'] for d in caught.value.details] == [
        'content.fi.summary']


def test_a_retired_card_is_withdrawn_even_if_it_cannot_be_described(
        service_card, config):
    from kb.suomifi.mapping import PUT_SCHEMA, put_document
    from kb.suomifi.validation import problems
    service_card['content'] = {'fi': {'title': 'Sama', 'summary': 'Sama'}}
    service_card['life_events'] = ['nowhere']
    document = put_document('kela-testi', 'kela', service_card, 'retired',
                            config)
    assert document == {'publishingStatus': 'Deleted'}
    assert problems(document, PUT_SCHEMA) == []
