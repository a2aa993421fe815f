"""Building and writing the publication (units; the command is tested
in tests/cli/test_export_suomifi.py)."""
import datetime
import json

import pytest

from tests.suomifi.test_mapping import _card

TODAY = datetime.date(2026, 11, 22)
NOW = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)


def _build(cards, config, points=None, **kw):
    from kb import refdata
    from kb.suomifi.export import build
    rows = refdata.points() if points is None else points
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
    from kb import refdata
    service_card['life_events'] = ['nowhere']
    rows = {'mikkeli': dict(refdata.points()['mikkeli'],
                            opening_hours='sometimes')}
    publication = _build([_card(service_card)], config, rows)
    assert [(p['card'], p['field']) for p in publication.problems] == [
        ('services/kela-testi.json', 'life_events'),
        ('channels/mikkeli.json', 'opening_hours')]


def test_without_validation_invalid_documents_pass(service_card, config):
    service_card['content']['sv'].pop('description')
    assert _build([_card(service_card)], config).problems
    assert not _build([_card(service_card)], config,
                      validate=False).problems


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


def test_write_refuses_a_publication_with_problems(tmp_path, service_card,
                                                   config):
    from kb.errors import ValidationError
    from kb.suomifi.export import write
    service_card['content']['sv'].pop('description')
    with pytest.raises(ValidationError) as caught:
        write(_build([_card(service_card)], config), tmp_path / 'ptv',
              NOW, config)
    assert caught.value.message.mapping == {'count': 1}
    assert list(tmp_path.iterdir()) == []


def test_closed_points_are_left_out(service_card, config):
    from kb import refdata
    rows = {code: dict(row, active=code != 'mikkeli')
            for code, row in refdata.points().items()}
    publication = _build([_card(service_card)], config, rows)
    assert 'channels/mikkeli.json' not in publication.files
    assert 'channels/parainen.json' in publication.files
    relations = publication.files['connections/kela-testi.json'][
        'channelRelations']
    assert 'mikkeli' not in [r['serviceChannelSourceId'] for r in relations]
