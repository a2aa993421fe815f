"""The ``kb`` sub-commands: init, upgrade, import, export, user, demo."""
import json

import pytest

from tests.conftest import card_body


def write(tmp_path, document, name='cards.json'):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False))
    return str(path)


def test_init_creates_the_database_and_then_reports_it(kb_uninitialised):
    kb = kb_uninitialised
    created = kb('init')
    assert created.status == 0
    assert created.out.startswith('database created: 7 providers, '
                                  '5 service points, 0 cards, 0 users')
    result = kb('init')
    assert result.status == 0
    assert result.out.startswith('database ready: 7 providers, '
                                 '5 service points, 0 cards, 0 users')


def test_commands_refuse_an_uninitialised_database(kb_uninitialised):
    result = kb_uninitialised('reindex')
    assert (result.status, result.out) == (1, '')
    assert result.err == (
        'kb reindex: the database is not initialised: run "kb init"\n')


def test_commands_refuse_a_configuration_without_a_secret(
        kb_uninitialised, ini, monkeypatch):
    from pathlib import Path

    monkeypatch.delenv('KB_SESSION_SECRET', raising=False)
    text = Path(ini).read_text().replace('kb.development = true', '')
    Path(ini).write_text(text)
    result = kb_uninitialised('init')
    assert result.status == 1
    assert result.err.startswith('kb init: kb.session_secret is missing')
    assert 'KB_SESSION_SECRET' in result.err


def test_init_marks_every_evolve_step_finished(kb):
    result = kb('upgrade')
    assert (result.status, result.out) == (0, 'no pending evolve steps\n')


def test_upgrade_runs_dry_or_marks_the_pending_steps(kb, ini):
    from pyramid.paster import bootstrap

    from kb.evolve import FINISHED
    env = bootstrap(f'{ini}#kb')
    with env['request'].tm:
        del env['root']._p_jar.root()[FINISHED]
    env['closer']()
    env['registry']._zodb_databases[''].close()
    steps = ('kb.evolve.tickets.split_aggregates',
             'kb.evolve.instants.evolve',
             'kb.evolve.shared.spread_worklists_and_audit',
             'kb.evolve.privacy.redact_stored',
             'kb.evolve.sessions.revocable_sessions',
             'kb.evolve.leader.add_lease',
             'kb.evolve.searchlog.change_log',
             'kb.evolve.tickets.count_usage_of_closed',
             'kb.evolve.synonyms.owned_groups',
             'kb.evolve.learning.pairs_and_rules',
             'kb.evolve.remote.provider_remote',
             'kb.evolve.onsite.point_cards_onsite',
             'kb.evolve.packs.add_report_packs',
             'kb.evolve.notifications.add_notifications',
             'kb.evolve.points.point_lists')

    def said(verb):
        return ''.join(f'{verb}: {step}\n' for step in steps)
    assert kb('upgrade', '--dry-run').out == said(
        'ran (dry run, nothing committed)')
    assert kb('upgrade', '--latest', '--dry-run').out == said(
        'marked finished (dry run, nothing committed)')
    assert kb('upgrade').out == said('ran')
    assert kb('upgrade', '--latest').out == 'no pending evolve steps\n'


def test_init_creates_the_database_directory(kb, ini, tmp_path):
    from pathlib import Path
    text = Path(ini).read_text()
    Path(ini).write_text(text.replace(f'file://{tmp_path}/Data.fs',
                                      f'file://{tmp_path}/fresh/var/Data.fs'))
    assert kb('init').status == 0
    assert (tmp_path / 'fresh' / 'var' / 'Data.fs').exists()


def test_import_all_or_nothing_lists_every_error(kb, tmp_path):
    bad = card_body('kela-toinen')
    bad['content']['fi']['summary'] = 'x' * 200
    bad['channels'] = ['fax']
    document = {'format': 'kb-cards/1', 'cards': [
        card_body(), bad, card_body(), {'id': 'X', 'provider': 'acme',
                                        'content': {}}]}
    result = kb('import', write(tmp_path, document))
    assert result.status == 1
    lines = result.err.splitlines()
    assert 'kela-toinen content.fi.summary: This is 200 characters; the ' \
        'limit is 150.' in [line.strip() for line in lines]
    assert any('kela-toinen channels' in line for line in lines)
    assert any('kela-testikortti id: The id appears twice' in line
               for line in lines)
    assert any(line.strip().startswith('X id:') for line in lines)
    assert any('X provider' in line for line in lines)
    assert lines[-1].startswith('kb import: ')
    assert 'nothing was imported' in lines[-1]
    assert 'cards' in kb('init').out and ', 0 cards' in kb('init').out


def test_import_publish_and_export_round_trip(kb, tmp_path):
    document = {'format': 'kb-cards/1', 'cards': [
        card_body(), card_body('vero-kortti', 'vero', suoritteet=[])]}
    result = kb('import', '--publish', write(tmp_path, document))
    assert (result.status, result.out.strip()) == (
        0, 'imported 2 cards published')
    again = kb('import', write(tmp_path, document))
    assert again.status == 1 and 'already used' in again.err
    target = tmp_path / 'out.json'
    assert kb('export', 'cards', str(target)).status == 0
    exported = json.loads(target.read_text())
    assert exported['format'] == 'kb-cards/1'
    by_id = {card['id']: card for card in exported['cards']}
    original = card_body()
    assert by_id['kela-testikortti']['content'] == original['content']
    assert by_id['kela-testikortti']['support'] == original['support']
    assert by_id['vero-kortti']['provider'] == 'vero'


@pytest.mark.parametrize('content, message', [
    ('{"format": ', 'not valid UTF-8 JSON'),
    ('[]', 'must hold a JSON object'),
])
def test_import_malformed_file(kb, tmp_path, content, message):
    path = tmp_path / 'bad.json'
    path.write_text(content)
    result = kb('import', str(path))
    assert result.status == 1 and message in result.err


def test_import_missing_file(kb, tmp_path):
    result = kb('import', str(tmp_path / 'none.json'))
    assert result.status == 1 and 'cannot read' in result.err


def test_import_wrong_format_and_package_reference(kb, tmp_path):
    package = card_body('paketti', 'central', kind='package',
                        suoritteet=[], cards=['kela-ei-ole'])
    result = kb('import', write(tmp_path, {'format': 'other',
                                           'cards': [package], 'x': 1}))
    assert result.status == 1
    assert 'format: The format must be "kb-cards/1".' in result.err
    assert 'paketti cards: There is no card "kela-ei-ole".' in result.err
    assert 'x: Unknown field.' in result.err


def test_user_add_and_token(kb, app_settings):
    result = kb('user', 'add', 'liisa', '--role', 'advisor', '--point',
                'parainen', '--locale', 'sv', '--password-stdin',
                stdin='a long secret password\n')
    assert (result.status, result.out.strip()) == (
        0, 'user liisa added (advisor)')
    token = kb('user', 'token', 'liisa')
    assert token.status == 0 and token.out.startswith('kb_')
    assert kb('user', 'token', 'nobody').status == 1
    missing = kb('user', 'add', 'pekka', '--role', 'advisor',
                 '--password-stdin', stdin='a long secret password\n')
    assert missing.status == 1
    assert missing.err.strip().endswith('This role needs a service point.')
    no_stdin = kb('user', 'add', 'pekka', '--role', 'admin')
    assert no_stdin.status == 1 and '--password-stdin' in no_stdin.err


def test_user_change_and_password(kb):
    kb('user', 'add', 'liisa', '--role', 'advisor', '--point', 'parainen',
       '--password-stdin', stdin='a long secret password\n')
    kb('user', 'add', 'root', '--role', 'admin', '--password-stdin',
       stdin='a long secret password\n')
    moved = kb('user', 'change', 'liisa', '--point', 'mikkeli')
    assert (moved.status, moved.out.strip()) == (
        0, 'user liisa: points parainen -> mikkeli')
    off = kb('user', 'change', 'liisa', '--deactivate')
    assert off.out.strip() == 'user liisa: active True -> False'
    assert kb('user', 'change', 'liisa', '--deactivate').out.strip() == (
        'user liisa: no change')
    last = kb('user', 'change', 'root', '--role', 'central_editor')
    assert last.status == 1
    assert 'root is the last active administrator.' in last.err
    weak = kb('user', 'password', 'root', stdin='short\n')
    assert weak.status == 1 and 'at least 10' in weak.err
    reset = kb('user', 'password', 'root', stdin='another long secret\n')
    assert reset.out.strip() == 'user root: new password set'


def test_demo_loads_every_service_row_once(kb):
    from kb.demo import DEMO_USERS, demo_document
    from kb.refdata import read_csv

    result = kb('demo')
    assert result.status == 0, result.err
    ids = [row['id'] for row in read_csv_demo()]
    document = demo_document()
    loaded = {card['id'] for card in document['cards']}
    assert set(ids) <= loaded
    assert f'{len(loaded)} cards' in result.out
    assert kb('demo').out.strip() == 'demo content was already loaded'
    assert f'{len(DEMO_USERS)} users' in kb('init').out
    assert read_csv  # the reference tables stay importable


def read_csv_demo():
    import csv
    from importlib import resources

    text = resources.files('kb').joinpath('demo').joinpath(
        'service_ids.csv').read_text('utf-8')
    return list(csv.DictReader(text.splitlines()))


def test_progress_only_on_a_terminal():
    import io

    from kb.cli import progress_printer

    assert progress_printer(io.StringIO(), 'x') is None

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    show = progress_printer(stream, 'importing')
    show(1, 2)
    show(2, 2)
    assert stream.getvalue() == '\rimporting 1/2\rimporting 2/2\n'


def test_check_finds_differences_and_reindex_repairs_them(kb, tmp_path,
                                                          ini):
    from pyramid.paster import get_appsettings
    from whoosh import index

    document = {'format': 'kb-cards/1', 'cards': [card_body()]}
    assert kb('import', '--publish', write(tmp_path, document)).status == 0
    clean = kb('check')
    assert (clean.status, clean.out.strip()) == (
        0, 'search index, work lists and database agree')
    path = get_appsettings(ini, name='kb')['kb.search.index_dir']
    writer = index.open_dir(path).writer()
    writer.delete_by_term('key', 'card:kela-testikortti:published:sv')
    writer.commit()
    broken = kb('check')
    assert broken.status == 1
    assert broken.out.strip() == (
        'missing: card:kela-testikortti:published:sv')
    assert 'run kb reindex' in broken.err
    rebuilt = kb('reindex')
    assert rebuilt.out.split('\n')[0] == (
        'search index rebuilt: 1 cards and notices')
    assert kb('check').status == 0


def test_check_finds_misfiled_work_lists_and_reindex_refiles(kb, tmp_path,
                                                             ini):
    from pyramid.paster import bootstrap

    document = {'format': 'kb-cards/1', 'cards': [card_body()]}
    assert kb('import', write(tmp_path, document)).status == 0
    env = bootstrap(f'{ini}#kb')
    with env['request'].tm:
        env['root']['worklists'].lists.clear()
    env['closer']()
    env['registry']._zodb_databases[''].close()
    broken = kb('check')
    assert broken.status == 1
    assert broken.out.strip() == 'work lists: kela-testikortti'
    assert 'differences between the database' in broken.err
    assert 'work lists rebuilt: 1 cards' in kb('reindex').out
    assert kb('check').status == 0


def test_report_commands_write_json_csv_and_html(kb, tmp_path):
    assert kb('demo').status == 0
    made = kb('demo', 'tickets', '--seed', '3')
    assert made.out.strip() == '20958 pilot-shaped tickets added'
    again = kb('demo', 'tickets')
    assert again.status == 1 and 'not empty' in again.err
    out = tmp_path / 'reports'
    monthly = kb('report', 'monthly', '--month', '2015-03', '--out',
                 str(out))
    assert monthly.out.strip() == f'6 report sets written to {out}'
    report = json.loads((out / 'monthly-2015-03-kela.json').read_text())
    assert {r['provider'] for r in report['monthly']['by_type']} == {'kela'}
    assert (out / 'monthly-2015-03-kela.csv').read_text().startswith(
        'period,table,')
    assert '<h1>' in (out / 'monthly-2015-03-kela.html').read_text()
    bills = kb('report', 'billing', '--quarter', '2015Q1', '--out',
               str(out))
    written = sorted(out.glob('bill-2015Q1-*.json'))
    assert bills.out.strip() == f'{len(written)} report sets written to {out}'
    assert len(written) >= 20  # 5 points × 5 state providers, most busy
    bill = json.loads((out / 'bill-2015Q1-mikkeli-vero.json').read_text())
    assert [b['point'] for b in bill['bills']] == ['mikkeli']
    csv_text = (out / 'bill-2015Q1-mikkeli-vero.csv').read_text()
    assert 'TOTAL' in csv_text
    bad = kb('report', 'billing', '--quarter', '2015-1', '--out', str(out))
    assert bad.status == 1 and 'YYYYQn' in bad.err
    # the packs of a period before they began (issue 17): the same figures
    # NB: a pack is made once, so never of a period not over yet
    early = kb('report', 'packs', 'make', '--quarter', '2099Q4')
    assert early.status == 1 and 'finished' in early.err
    packed = kb('report', 'packs', 'make', '--month', '2015-03')
    # NB: the country, 6 providers and 6 points (the demo adds Nagu)
    assert packed.out == '13 packs made\n'
    assert kb('report', 'packs', 'make', '--month', '2015-03').out == \
        '0 packs made\n'
    listed = kb('report', 'packs', 'list', '--kind', 'monthly').out
    assert listed.splitlines()[0].startswith('monthly-2015-03-national ')
    got = kb('report', 'packs', 'get', 'monthly-2015-03-provider-kela',
             '--out', str(out / 'packs'))
    assert got.status == 0
    assert json.loads((out / 'packs' / 'monthly-2015-03-provider-kela.json'
                       ).read_text()) == report
    assert (out / 'packs' / 'monthly-2015-03-provider-kela.csv').read_text(
    ) == (out / 'monthly-2015-03-kela.csv').read_text()
    missing = kb('report', 'packs', 'get', 'monthly-2015-04-national')
    assert missing.status == 1 and 'No such report pack' in missing.err


def test_export_intranet_writes_the_offline_copy(kb, tmp_path):
    kb('init')
    document = {'format': 'kb-cards/1', 'cards': [card_body()]}
    assert kb('import', write(tmp_path, document), '--publish').status == 0
    target = tmp_path / 'intranet'
    result = kb('export', 'intranet', str(target), '--lang', 'sv')
    assert result.status == 0
    assert result.out == f'exported 1 cards to {target}\n'
    assert result.err == ''  # no progress lines when not on a terminal
    page = (target / 'cards' / 'kela-testikortti.fi.html').read_text()
    assert 'Anvisningar för rådgivaren' in page
    assert (target / 'search-data.js').exists()


def test_export_intranet_refuses_a_foreign_directory(kb, tmp_path):
    kb('init')
    (tmp_path / 'notes.txt').write_text('mine')
    result = kb('export', 'intranet', str(tmp_path))
    assert result.status == 1
    assert 'is not an intranet export' in result.err
    assert (tmp_path / 'notes.txt').read_text() == 'mine'


def test_export_intranet_shows_progress_on_a_terminal(kb, ini, tmp_path):
    import io

    from kb.cli import main

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    kb('init')
    document = {'format': 'kb-cards/1', 'cards': [card_body()]}
    kb('import', write(tmp_path, document), '--publish')
    err = Terminal()
    status = main(['kb', '-c', ini, 'export', 'intranet',
                   str(tmp_path / 'copy')], stdout=io.StringIO(), stderr=err)
    assert status == 0
    assert err.getvalue() == '\rpages 1/1\n\rsearch 1/1\n'


@pytest.mark.parametrize('content, message', [
    ('[' * 100000 + ']' * 100000, 'kb import: The JSON nests deeper than'),
    ('{"a":' * 5000 + '1' + '}' * 5000, 'kb import: The JSON nests deeper'),
    (json.dumps({'format': 'kb-cards/1', 'cards': [
        card_body(content={'fi': {'title': 'a\ud800'}})]}),
     'kb import: "cards.0.content.fi.title" contains a control character'),
])
def test_import_refuses_deep_nesting_and_broken_text_in_one_line(
        kb, tmp_path, content, message):
    path = tmp_path / 'bad.json'
    path.write_text(content)
    result = kb('import', str(path))
    assert result.status == 1
    assert result.err.splitlines()[-1].startswith(message)
    assert 'Traceback' not in result.err


@pytest.fixture
def served(kb, tmp_path):
    """The database held open as a running server holds it."""
    from ZODB.FileStorage import FileStorage

    storage = FileStorage(str(tmp_path / 'Data.fs'))
    yield storage
    storage.close()


@pytest.mark.parametrize('args', [('init',), ('check',),
                                  ('user', 'token', 'central')])
def test_commands_refuse_a_database_a_server_holds(kb, served, args):
    result = kb(*args)
    assert (result.status, result.out) == (2, '')
    assert result.err == (
        f'kb {args[0]}: the database is in use by another process (a running'
        ' server?): stop the server, or run it on ZEO or PostgreSQL to use'
        ' kb commands alongside it\n')


def test_a_command_beside_a_server_says_one_line(served, ini):
    from pathlib import Path
    import subprocess
    import sys

    kb_script = Path(sys.executable).with_name('kb')
    result = subprocess.run([str(kb_script), '-c', ini, 'check'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert 'stop the server' in result.stderr


def test_a_user_gets_several_points(kb):
    added = kb('user', 'add', 'saaristo', '--role', 'advisor', '--point',
               'parainen', '--point', 'mikkeli', '--password-stdin',
               stdin='a long secret password\n')
    assert added.status == 0
    moved = kb('user', 'change', 'saaristo', '--point', 'mikkeli',
               '--point', 'parainen')
    assert moved.out.strip() == (
        'user saaristo: points parainen mikkeli -> mikkeli parainen')
    twice = kb('user', 'change', 'saaristo', '--point', 'mikkeli',
               '--point', 'mikkeli')
    assert twice.status == 1
    assert twice.err.strip().endswith('A service point is listed twice.')
