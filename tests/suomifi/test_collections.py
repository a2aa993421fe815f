"""Service packages as PTV service collections: the documents pass the
spec's ``V11VmOpenApiServiceCollectionIn`` (or the PUT body's) schema
and rules, name members by their PTV ids, and carry no advisor text."""
import copy
import json

from tests.suomifi.conftest import SECRET_WORDS
from tests.suomifi.test_export import _build
from tests.suomifi.test_mapping import _card

PTV_ID = '3f2a6c1e-5b4d-4e8f-9a7b-1c2d3e4f5a6b'


def package(service_card, **card):
    body = copy.deepcopy(service_card)
    body.update(id='paketti-testi', kind='package', channels=[],
                cards=['kela-testi', 'kela-toinen', 'ohje-ei-palvelu'])
    body['content']['fi']['title'] = 'Testipaketti'
    return _card(body, provider='central', **card)


def services(service_card):
    other = copy.deepcopy(service_card)
    other['id'] = 'kela-toinen'
    return [_card(service_card), _card(other)]


def test_a_package_is_a_valid_collection_of_its_members_ptv_ids(
        service_card, config):
    from kb.suomifi.collections import POST_SCHEMA
    from kb.suomifi.validation import problems
    publication = _build(services(service_card) + [package(service_card)],
                         config, ptv_ids={'kela-testi': PTV_ID})
    assert publication.problems == []
    assert publication.collections == 1
    document = publication.files['collections/paketti-testi.json']
    assert problems(document, POST_SCHEMA) == []
    assert document['sourceId'] == 'paketti-testi'
    assert document['organizationId'] == config.organization('central')
    assert document['services'] == [PTV_ID]
    assert document['serviceCollectionNames'] == [
        {'language': 'fi', 'value': 'Testipaketti'},
        {'language': 'sv', 'value': 'FPA:s testtjänst'}]
    assert {(item['language'], item['type']) for item in document[
        'serviceCollectionDescriptions']} == {
        (lang, kind) for lang in ('fi', 'sv')
        for kind in ('Summary', 'Description')}
    assert publication.unlinked == [
        {'card': 'collections/paketti-testi.json',
         'services': ['kela-toinen']}]
    text = json.dumps(publication.files, ensure_ascii=False)
    assert not any(word in text for word in SECRET_WORDS)


def test_collections_are_validated_and_retired_ones_deleted(service_card,
                                                            config):
    long_summary = copy.deepcopy(service_card)
    long_summary['content']['sv']['summary'] = 'y' * 151
    publication = _build([package(long_summary)], config)
    assert publication.refused == ['collections/paketti-testi.json']
    assert publication.problems[0]['field'].startswith(
        '/serviceCollectionDescriptions/')
    repeating = copy.deepcopy(service_card)
    for texts in repeating['content'].values():
        texts.pop('description')
        texts['summary'] = texts['title']
    repeating['content']['fi']['summary'] = 'Testipaketti'
    publication = _build([package(repeating)], config)
    assert [(p['card'], p['field']) for p in publication.problems] == [
        ('collections/paketti-testi.json', 'content.fi.summary'),
        ('collections/paketti-testi.json', 'content.sv.summary')]
    publication = _build([package(service_card, state='retired')], config)
    assert collections(publication) == {
        'collections/paketti-testi.json': {'publishingStatus': 'Deleted'}}
    assert collections(_build([package(service_card, published=None)],
                              config)) == {}


def collections(publication):
    return {name: document for name, document in publication.files.items()
            if name.startswith('collections/')}
