"""Concurrent saves never silently overwrite each other."""
import threading

import webtest

from tests.conftest import card_body


def test_concurrent_saves_on_one_base_one_wins_rest_get_409(
    app, as_user, published_card, tokens
):
    published_card()
    results = []
    start = threading.Barrier(6)

    def save(number):
        client = webtest.TestApp(app)
        body = card_body(base_version=1)
        body['content']['fi']['title'] = f'Versio {number}'
        start.wait()
        response = client.put_json(
            '/api/v1/cards/kela-testikortti', body, status='*',
            headers={'Authorization': f"Bearer {tokens['kela-editor']}"})
        results.append((response.status_int, number))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409, 409, 409]
    winner = [n for status, n in results if status == 200][0]
    history = as_user('kela-editor').get(
        '/api/v1/cards/kela-testikortti/versions').json['versions']
    assert [v['version'] for v in history] == [2, 1]
    current = as_user('kela-editor').get('/api/v1/cards/kela-testikortti')
    assert current.json['content']['fi']['title'] == f'Versio {winner}'


def test_conflicting_transactions_raise_instead_of_overwriting(
    app, published_card, as_user
):
    """Two connections change the same card: the second commit fails
    (pyramid_retry then re-runs the request, which sees the new head)."""
    from ZODB.POSException import ConflictError
    import pytest
    import transaction

    from kb.cards.versioning import Versioning

    published_card()
    db = app.registry._zodb_databases['']
    managers = [transaction.TransactionManager() for _ in range(2)]
    connections = [db.open(transaction_manager=tm) for tm in managers]
    cards = [conn.root()['kb_root']['cards']['kela-testikortti']
             for conn in connections]
    for card, title in zip(cards, ('A', 'B')):
        data = card.current_content()
        data['content']['fi']['title'] = title
        Versioning(app.registry, 'x').save(card, data, 1)
    managers[0].commit()
    with pytest.raises(ConflictError):
        managers[1].commit()
    managers[1].abort()
    for conn in connections:
        conn.close()


def test_two_administrators_cannot_remove_each_other_at_once(
        database, tokens):
    from ZODB.POSException import ConflictError
    import transaction

    from kb.accounts.users import add_user, change_user

    with database as root:
        add_user(root, database.registry, 'test', 'admin2', 'admin',
                 'a long enough one')
    sessions = []
    for actor, target in (('admin', 'admin2'), ('admin2', 'admin')):
        manager = transaction.TransactionManager()
        conn = database.db.open(transaction_manager=manager)
        root = conn.root()['kb_root']
        change_user(root, database.registry, actor, root['users'][target],
                    active=False)
        sessions.append((manager, conn))
    sessions[0][0].commit()
    try:
        sessions[1][0].commit()
    except ConflictError:
        sessions[1][0].abort()
    else:  # pragma: no cover - the defect this test is for
        raise AssertionError('both administrators were deactivated')
    for _, conn in sessions:
        conn.close()
    with database as root:
        assert root['users']['admin'].active
        assert not root['users']['admin2'].active
