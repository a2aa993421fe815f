"""The editors' work-list summary: kept up to date by events, built at
start-up when missing, and read by scope."""

from kb.cards.exchange_format import Problems, check_card
from tests.conftest import card_body


def filed(database, card_id):
    with database as root:
        return root['worklists'].filed().get(card_id, ())


def lists_of(database, card_id, scope='*'):
    return sorted(name for name, in_scope, _key in filed(database, card_id)
                  if in_scope == scope)


def agree(database):
    with database as root:
        return root['worklists'].differences(root, database.registry.workflows)


def test_summary_follows_save_submit_return_publish_and_move(
        as_user, database):
    editor = as_user('kela-editor')
    body = card_body('kela-x', review_by='2020-01-01')
    editor.post('/api/v1/cards', body, status=201)
    assert ('drafts', 'kela-editor', '') in filed(database, 'kela-x')
    assert lists_of(database, 'kela-x') == ['review_by']
    url = '/api/v1/cards/kela-x/transitions'
    editor.post(url, {'transition': 'submit'})
    assert lists_of(database, 'kela-x', 'kela') == ['review', 'review_by']
    as_user('kela-reviewer').post(url, {'transition': 'reject',
                                        'comment': 'Korjaa.'})
    assert lists_of(database, 'kela-x') == ['returned', 'review_by']
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    as_user('central').post(url, {'transition': 'approve'})
    assert lists_of(database, 'kela-x') == ['published', 'review_by']
    changed = dict(body, base_version=1)
    changed['content']['fi']['summary'] = 'Uusi tiivistelmä tuesta.'
    editor.put('/api/v1/cards/kela-x', changed)
    assert 'outdated' in lists_of(database, 'kela-x')
    assert agree(database) == []
    as_user('central').post('/api/v1/cards/kela-x/move',
                            {'provider': 'vero'}, status='*')
    assert agree(database) == []


def test_start_up_builds_a_missing_summary_and_check_sees_misfiling(
        app, as_user, published_card, database):
    from kb.runtime.startup import prepare

    published_card('kela-a')
    published_card('vero-b', 'vero', suoritteet=[])
    with database as root:
        root.remove('worklists')
    prepare(database.db, app.registry)
    assert lists_of(database, 'vero-b', 'vero') == ['published', 'review_by']
    assert agree(database) == []
    with database as root:
        root['worklists'].lists['published', '*'].change(
            'ghost', (), [('2026', 'ghost')])
        root['cards']['kela-a'].filed_under = ()
    assert agree(database) == ['ghost', 'kela-a']


def test_two_editors_submitting_different_cards_at_once_both_commit(
        file_app):
    """BTrees resolve the concurrent refiling of different cards (the
    cards change without events here, so that only the summary is
    shared between the two transactions)."""
    import transaction

    from kb.cards.versioning import Versioning

    app = file_app
    db = app.registry._zodb_databases['']
    editor = Versioning(app.registry, 'kela-editor')
    with db.transaction() as conn:
        root = conn.root()['kb_root']
        for name in ('kela-a', 'kela-p', 'kela-q', 'kela-r'):
            body = card_body(name)
            editor.create(root, 'kela', name, check_card(
                body, Problems(), provider='kela'))
        editor.fire(root['cards']['kela-p'], 'submit')
    managers = []
    for name in ('kela-q', 'kela-r'):
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        tm.begin()
        root = conn.root()['kb_root']
        card = root['cards'][name]
        card.state = 'provider_review'
        card.last_transition = {'name': 'submit', 'to': card.state,
                                'time': f'2099-01-0{len(managers) + 1}'}
        root['worklists'].index(card, app.registry.workflows)
        managers.append((tm, conn))
    for tm, conn in managers:
        tm.commit()
        conn.close()
    with db.transaction() as conn:
        root = conn.root()['kb_root']
        queue = [card_id for _key, card_id
                 in root['worklists'].keys('review', 'kela')]
        assert queue == ['kela-p', 'kela-q', 'kela-r']
        assert root['worklists'].differences(
            root, app.registry.workflows) == []


def test_a_shard_merges_concurrent_changes_by_set_arithmetic():
    from kb.cards.worklists import Members

    old = {'members': (('', 'a'), ('', 'b'))}
    committed = {'members': (('', 'b'), ('', 'c'))}   # a out, c in
    new = {'members': (('', 'a'), ('', 'd'))}   # b out, d in
    merged = Members()._p_resolveConflict(old, committed, new)
    assert merged == {'members': (('', 'c'), ('', 'd'))}
    emptied = Members()._p_resolveConflict(old, {'members': ()},
                                           {'members': (('', 'e'),)})
    assert emptied == {'members': (('', 'e'),)}


def test_a_list_reads_its_shards_in_order_both_ways():
    from kb.cards.worklists import WorkList

    members = WorkList(4)
    for number in range(12):
        members.change(f'card-{number}', (), [(f'2026-01-{number:02}',
                                               f'card-{number}')])
    members.change('card-3', [('2026-01-03', 'card-3')], ())
    keys = [key for key, _id in members.keys()]
    assert keys == sorted(keys) and len(members) == 11
    assert list(members.keys(reverse=True)) == list(members.keys())[::-1]
    assert [key for key, _id in members.keys(below='2026-01-03')] == [
        '2026-01-00', '2026-01-01', '2026-01-02']
