"""Building and writing the publication (units; the command is tested
in tests/cli/test_export_suomifi.py)."""
import copy
import datetime
import json

import pytest

from tests.suomifi.test_mapping import _card

TODAY = datetime.date(2026, 11, 22)
NOW = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)


def _build(cards, config, points=None, **kw):
    from kb.directory import seed
    from kb.suomifi.export import build
    rows = seed.seed_points() if points is None else points
    return build(cards, TODAY, config, rows, **kw)


def test_progress_and_counts(service_card, config):
    seen = []
    publication = _build([_card(service_card)], config,
                         progress=lambda done, total: seen.append(
                             (done, total)))
    assert seen == [(1, 1)]
    assert publication.counts == {'published': 1, 'deleted': 0,
                                  'channels': 5, 'connections': 1}
    assert publication.problems == []


def test_mapping_and_point_problems_are_collected(service_card, config):
    from kb.directory import seed
    service_card['life_events'] = ['nowhere']
    rows = {'mikkeli': dict(seed.seed_points()['mikkeli'],
                            opening_hours='sometimes')}
    publication = _build([_card(service_card)], config, rows)
    assert [(p['card'], p['field']) for p in publication.problems] == [
        ('channels/mikkeli.json', 'opening_hours'),
        ('services/kela-testi.json', 'life_events')]
    assert publication.refused == ['channels/mikkeli.json',
                                   'services/kela-testi.json']
    assert publication.files == {}


def test_refused_documents_are_left_out_and_the_rest_goes(service_card,
                                                          config):
    good = _card(service_card)
    long_summary = copy.deepcopy(service_card)
    long_summary['id'] = 'kela-pitka'
    long_summary['content']['sv']['summary'] = 'y' * 151  # not by import
    bad = _card(long_summary)
    publication = _build([good, bad], config)
    assert publication.refused == ['services/kela-pitka.json']
    assert publication.problems[0]['field'] == '/serviceDescriptions/3/value'
    assert 'services/kela-testi.json' in publication.files
    assert 'connections/kela-testi.json' in publication.files
    assert 'connections/kela-pitka.json' not in publication.files
    assert publication.counts == {'published': 1, 'deleted': 0,
                                  'channels': 5, 'connections': 1}
    assert not _build([bad], config, validate=False).problems


def test_languages_suomifi_cannot_take_are_left_out_and_listed(
        service_card, config):
    service_card['content']['sv'].pop('description')
    service_card['content']['sv']['summary'] = \
        service_card['content']['sv']['title'].upper()
    publication = _build([_card(service_card)], config)
    assert publication.problems == []
    document = publication.files['services/kela-testi.json']
    assert document['languages'] == ['fi']
    assert {item['language'] for item in document['serviceDescriptions']} \
        == {'fi'}
    assert publication.left_out == [
        {'card': 'services/kela-testi.json', 'languages': ['sv']}]


def test_write_replaces_an_earlier_export_only_when_complete(
        tmp_path, service_card, config):
    from kb.suomifi.export import write
    target = tmp_path / 'out' / 'ptv'
    write(_build([_card(service_card)], config), target, NOW, config)
    manifest = json.loads((target / 'manifest.json').read_text())
    assert manifest['generated'] == NOW.isoformat()
    assert manifest['counts']['services'] == 1
    publication = _build([], config)
    publication.files['services/broken.json'] = {'not': {'json'}}
    with pytest.raises(TypeError):
        write(publication, target, NOW, config)
    assert (target / 'services' / 'kela-testi.json').exists()
    assert [p.name for p in target.parent.iterdir()] == ['ptv']
    write(_build([], config), target, NOW, config)
    assert list((target / 'services').iterdir()) == []
    assert [p.name for p in target.parent.iterdir()] == ['ptv']


def test_the_manifest_lists_what_was_refused(tmp_path, service_card,
                                             config):
    from kb.suomifi.export import write
    service_card['life_events'] = ['nowhere']
    write(_build([_card(service_card)], config), tmp_path / 'ptv', NOW,
          config)
    manifest = json.loads((tmp_path / 'ptv' / 'manifest.json').read_text())
    assert manifest['counts']['refused'] == 1
    assert [(p['card'], p['field']) for p in manifest['problems']] == [
        ('services/kela-testi.json', 'life_events')]
    assert list((tmp_path / 'ptv' / 'services').iterdir()) == []


def test_closed_points_are_left_out(service_card, config):
    from kb.directory import seed
    rows = {code: dict(row, active=code != 'mikkeli')
            for code, row in seed.seed_points().items()}
    publication = _build([_card(service_card)], config, rows)
    assert 'channels/mikkeli.json' not in publication.files
    assert 'channels/parainen.json' in publication.files
    relations = publication.files['connections/kela-testi.json'][
        'channelRelations']
    assert 'mikkeli' not in [r['serviceChannelSourceId'] for r in relations]


def test_a_retired_card_is_withdrawn_whatever_its_texts(service_card,
                                                        config):
    service_card['content'] = {'fi': {'title': 'Sama', 'summary': 'Sama'}}
    publication = _build([_card(service_card, state='retired')], config)
    assert publication.problems == []
    assert publication.files['services/kela-testi.json'] == {
        'publishingStatus': 'Deleted'}
    assert publication.counts['deleted'] == 1


def test_connections_follow_what_each_point_says_about_the_service(
        service_card, config):
    from kb.resources import ServicePoint

    def point(code, offered=True, onsite=False, days=None):
        found = ServicePoint(code)
        found.cards = {'kela-testi': {'offered': offered, 'onsite': onsite,
                                      'addendum': 'Vain neuvojille.'}}
        if days is not None:
            found.onsite = {'kela': days}
        return found

    points = {
        'mikkeli': point('mikkeli', offered=False),
        'parainen': point('parainen', onsite=True, days={
            'days': ['Tue', 'Thu'], 'hours': 'klo 9.00-12.00'}),
        'oulu-kiiminki': point('oulu-kiiminki', onsite=True, days={
            'days': ['Wed', 'Sat'], 'hours': 'joka toinen viikko'}),
        'pelkosenniemi': point('pelkosenniemi', onsite=True),
    }
    from kb.directory import seed
    from kb.suomifi.export import build
    publication = build([_card(service_card)], TODAY, config,
                        seed.seed_points(), points=points)
    assert publication.problems == []  # validated against the v11 schema
    document = publication.files['connections/kela-testi.json']
    relations = {relation.pop('serviceChannelSourceId'): relation
                 for relation in document['channelRelations']}
    assert relations == {
        'oulu-kiiminki': {'serviceHours': [{
            'serviceHourType': 'DaysOfTheWeek', 'validForNow': True,
            'openingHour': [{'dayFrom': 'Wednesday', 'from': '08:30',
                             'to': '16:00'}]}]},
        'parainen': {'serviceHours': [{
            'serviceHourType': 'DaysOfTheWeek', 'validForNow': True,
            'openingHour': [
                {'dayFrom': 'Tuesday', 'from': '09:00', 'to': '12:00'},
                {'dayFrom': 'Thursday', 'from': '09:00', 'to': '12:00'}]}]},
        'saarijarvi': {}}
    assert 'Vain neuvojille' not in json.dumps(publication.files)
