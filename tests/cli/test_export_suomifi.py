"""``kb export suomifi DIR``: every valid document written, the rest
listed."""
import json
from pathlib import Path

from tests.cli.test_commands import write
from tests.conftest import card_body
from tests.suomifi.conftest import SECRET_WORDS, demo_cards, mapping_without


def read(path):
    return json.loads(path.read_text('utf-8'))


def public(card):
    return json.dumps({lang: {k: v for k, v in texts.items()
                              if k != 'advisor_instructions'}
                       for lang, texts in card['content'].items()},
                      ensure_ascii=False)


def test_the_whole_demo_exports_without_problems(kb, tmp_path):
    assert kb('demo').status == 0
    target = tmp_path / 'ptv'
    result = kb('export', 'suomifi', str(target))
    assert (result.status, result.err) == (0, '')
    services = sorted(p.stem for p in (target / 'services').iterdir())
    expected = sorted(c['id'] for c in demo_cards()
                      if c['kind'] == 'service' and c['provider'] != 'central')
    assert services == expected
    channels = sorted(p.stem for p in (target / 'channels').iterdir())
    assert channels == ['mikkeli', 'oulu-kiiminki', 'parainen',
                        'parainen-nauvo', 'pelkosenniemi', 'saarijarvi']
    manifest = read(target / 'manifest.json')
    packages = sorted(c['id'] for c in demo_cards()
                      if c['kind'] == 'package')
    assert sorted(p.stem for p in (target / 'collections').iterdir()) \
        == packages
    assert manifest['counts'] == {
        'published': len(expected), 'deleted': 0, 'services': len(expected),
        'channels': 6, 'connections': len(expected),
        'collections': len(packages), 'refused': 0}
    assert (manifest['problems'], manifest['left_out']) == ([], [])
    # NB: nothing was pushed, so PTV has given no member an id yet
    assert len(manifest['unlinked']) == len(packages)
    assert '00000000-0000-0000-0000-000000000001' in manifest['placeholders']
    assert result.out.startswith(f'exported {len(expected)} published')
    assert f'and {len(packages)} service collections to' in result.out
    # nothing an advisor alone may read leaves (lines the authors also
    # wrote in a public text are not secrets)
    everything_public = ''.join(public(card) for card in demo_cards())
    secrets = [
        line.strip()
        for card in demo_cards()
        for texts in card['content'].values()
        for line in texts.get('advisor_instructions', '').splitlines()
        if len(line.strip()) > 30
        and line.strip() not in everything_public
    ] + [card['support']['note'] for card in demo_cards()
         if card.get('support', {}).get('note')]
    assert len(secrets) > 20
    exported = ''.join(p.read_text('utf-8') for p in target.rglob('*.json'))
    for secret in secrets:
        assert secret not in exported


def test_drafts_retired_cards_and_secrets(kb, ini, tmp_path):
    published = card_body('kela-julkaistu')
    for lang, word in zip(('fi', 'sv'), SECRET_WORDS):
        published['content'][lang]['advisor_instructions'] = word
    published['support']['note'] = SECRET_WORDS[2]
    retired = card_body('kela-lakkautettu')
    cards = {'format': 'kb-cards/1', 'cards': [published, retired]}
    assert kb('import', '--publish', write(tmp_path, cards)).status == 0
    draft = card_body('kela-luonnos')
    draft['content']['fi']['title'] = 'LUONNOSSANA'
    assert kb('import', write(tmp_path, {'format': 'kb-cards/1',
                                         'cards': [draft]},
                              'drafts.json')).status == 0
    _retire(ini, 'kela-lakkautettu')
    target = tmp_path / 'ptv'
    result = kb('export', 'suomifi', str(target))
    assert result.status == 0, result.err
    assert sorted(p.name for p in (target / 'services').iterdir()) == [
        'kela-julkaistu.json', 'kela-lakkautettu.json']
    gone = read(target / 'services' / 'kela-lakkautettu.json')
    assert gone['publishingStatus'] == 'Deleted'
    assert not (target / 'connections' / 'kela-lakkautettu.json').exists()
    connection = read(target / 'connections' / 'kela-julkaistu.json')
    assert [r['serviceChannelSourceId']
            for r in connection['channelRelations']] == [
        'mikkeli', 'oulu-kiiminki', 'parainen', 'pelkosenniemi',
        'saarijarvi']
    exported = ''.join(p.read_text('utf-8') for p in target.rglob('*.json'))
    for word in SECRET_WORDS + ('LUONNOSSANA',):
        assert word not in exported


def _retire(ini, card_id):
    """Retire ``card_id`` as the central editor would."""
    from pyramid.paster import bootstrap

    from kb.cards.versioning import Versioning
    env = bootstrap(f'{ini}#kb')
    try:
        with env['request'].tm:
            card = env['root']['cards'][card_id]
            Versioning(env['registry'], 'central').fire(card, 'retire',
                                                        'Loppui')
    finally:
        env['closer']()
        env['registry']._zodb_databases[''].close()


def test_a_card_suomifi_would_refuse_is_listed_and_the_rest_written(
        kb, ini, tmp_path):
    mapping = mapping_without(tmp_path, 'unemployment')
    text = Path(ini).read_text()
    Path(ini).write_text(text.replace(
        '[app:kb]\n', f'[app:kb]\nkb.suomifi.mapping = {mapping}\n', 1))
    good = card_body('kela-hyva')
    bad = card_body('kela-huono', life_events=['unemployment'])
    assert kb('import', '--publish', write(tmp_path, {
        'format': 'kb-cards/1', 'cards': [good, bad]})).status == 0
    target = tmp_path / 'ptv'
    result = kb('export', 'suomifi', str(target))
    assert result.status == 1
    assert result.out.startswith('exported 1 published')
    assert result.err.splitlines() == [
        '  services/kela-huono.json life_events: The Suomi.fi mapping has '
        'no entry "life_events.unemployment".',
        'kb export: 1 documents would be refused by Suomi.fi and were not '
        'written; see manifest.json',
    ]
    assert sorted(p.name for p in (target / 'services').iterdir()) == [
        'kela-hyva.json']
    assert not (target / 'connections' / 'kela-huono.json').exists()
    manifest = read(target / 'manifest.json')
    assert manifest['counts']['refused'] == 1
    assert [p['card'] for p in manifest['problems']] == [
        'services/kela-huono.json']
    assert sorted(p.name for p in tmp_path.iterdir()
                  if p.name.startswith('.suomifi')) == []


def test_a_foreign_directory_is_refused_and_kept(kb, tmp_path):
    assert kb('init').status == 0
    (tmp_path / 'notes.txt').write_text('mine')
    result = kb('export', 'suomifi', str(tmp_path))
    assert result.status == 1
    assert 'is not a Suomi.fi export' in result.err
    assert (tmp_path / 'notes.txt').read_text() == 'mine'
