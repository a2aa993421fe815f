"""``/suomifi/v1/services``: the incremental feed of Suomi.fi documents."""
import json

import pytest

from tests.conftest import CARD, card_body
from tests.suomifi.conftest import mapping_without
from tests.suomifi.test_push import change_title

FEED = '/suomifi/v1/services'


def test_each_change_appears_once(testapp, published_card, as_user):
    published_card()
    first = testapp.get(FEED).json
    assert [item['sourceId'] for item in first['items']] == [CARD]
    item = first['items'][0]
    assert item['status'] == 'published'
    assert item['problems'] == []
    assert item['document']['publishingStatus'] == 'Published'
    assert item['document']['sourceId'] == CARD
    assert first['more'] is False
    nothing = testapp.get(FEED, {'since': first['until']}).json
    assert nothing['items'] == []
    assert nothing['until'] == first['until']

    change_title(as_user, 'Lapsilisä uudistuu', 1)
    second = testapp.get(FEED, {'since': first['until']}).json
    assert [item['sourceId'] for item in second['items']] == [CARD]
    names = [n['value'] for n in second['items'][0]['document'][
        'serviceNames']]
    assert 'Lapsilisä uudistuu' in names
    assert testapp.get(FEED, {'since': second['until']}).json['items'] == []


def test_drafts_and_advisor_text_never_appear(testapp, published_card,
                                              as_user):
    published_card()
    body = card_body('kela-luonnos')
    body['content']['fi']['title'] = 'LUONNOSOTSIKKO'
    as_user('kela-editor').post('/api/v1/cards', body, status=201)
    text = testapp.get(FEED).text
    assert 'LUONNOSOTSIKKO' not in text
    assert 'kela-luonnos' not in text
    assert 'Ota hakemus vastaan' not in text
    assert '0295 000 100' not in text


def test_retired_card_is_deleted(testapp, published_card, as_user):
    published_card()
    until = testapp.get(FEED).json['until']
    as_user('central').post(f'/api/v1/cards/{CARD}/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    items = testapp.get(FEED, {'since': until}).json['items']
    assert [(i['sourceId'], i['status'], i['document']['publishingStatus'])
            for i in items] == [(CARD, 'retired', 'Deleted')]


def test_a_card_the_mapping_cannot_place_is_listed_with_its_problem(
        app, testapp, published_card, tmp_path):
    from kb.suomifi.config import SETTING
    published_card()
    published_card('kela-toinen', life_events=['unemployment'])
    app.registry.settings[SETTING] = str(
        mapping_without(tmp_path, 'unemployment'))
    try:
        items = testapp.get(FEED).json['items']
    finally:
        del app.registry.settings[SETTING]
    assert [(i['sourceId'], i['document'] is None) for i in items] == [
        (CARD, False), ('kela-toinen', True)]
    [problem] = items[1]['problems']
    assert problem['field'] == 'life_events'
    assert 'life_events.unemployment' in problem['message']


def test_paging(testapp, published_card):
    for number in range(3):
        published_card(f'kela-kortti-{number}')
    page = testapp.get(FEED, {'limit': 2}).json
    assert page['more'] is True
    rest = testapp.get(FEED, {'since': page['until'], 'limit': 2}).json
    assert rest['more'] is False
    assert [i['sourceId'] for i in page['items'] + rest['items']] == [
        'kela-kortti-0', 'kela-kortti-1', 'kela-kortti-2']


@pytest.mark.parametrize('params', [
    {'since': 'yesterday'}, {'since': '2026-11-22T10:00:00'},
    {'limit': '0'}, {'limit': 'many'},
])
def test_bad_parameters_are_refused_clearly(testapp, params):
    answer = testapp.get(FEED, params, status=422)
    assert answer.json['error'] == 'validation'
    assert json.dumps(answer.json['details'])
