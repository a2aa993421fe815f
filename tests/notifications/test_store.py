"""The notification store: bounded per user, pruned by age, read marks
counted."""
import datetime
import random

NOW = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)


def _makeOne():
    from kb.notifications.store import Notifications

    return Notifications()


def entry(card='kela-kortti'):
    return {'kind': 'review_due', 'card': card, 'titles': {},
            'detail': {'date': '2026-12-01'}}


def test_a_user_keeps_the_newest_two_hundred_after_the_prune():
    from kb.notifications.store import MAX_PER_USER

    store = _makeOne()
    for number in range(MAX_PER_USER + 5):
        store.add('editor', entry(f'card-{number}'),
                  NOW + datetime.timedelta(seconds=number))
    inbox = store.inbox('editor')
    assert inbox.count() == MAX_PER_USER + 5
    assert store.prune(NOW - datetime.timedelta(days=90)) == 5
    kept = inbox.newest()
    assert len(kept) == inbox.count() == MAX_PER_USER
    assert kept[0][1]['card'] == f'card-{MAX_PER_USER + 4}'
    assert kept[-1][1]['card'] == 'card-5'
    assert store.unread('editor') == MAX_PER_USER
    assert store.unread('nobody') == 0 and store.inbox('nobody') is None


def test_read_marks_and_the_digest_content_are_counted():
    store = _makeOne()
    keys = [store.add('editor', entry(f'card-{n}'),
                      NOW + datetime.timedelta(seconds=n)) for n in range(3)]
    store.add('other', entry(), NOW)
    inbox = store.inbox('editor')
    assert inbox.mark_read([keys[0], keys[0], 12345]) == 1
    assert store.unread('editor') == 2 and store.unread('other') == 1
    assert [e['card'] for _k, e in inbox.newest(unread_only=True)] == [
        'card-2', 'card-1']
    assert [e['card'] for _k, e in inbox.newest(limit=1)] == ['card-2']
    inbox.mark_mailed([keys[1]])
    assert [key for key, _e in inbox.unmailed()] == [keys[2]]
    assert inbox.mark_read() == 2 and store.unread('editor') == 0


def test_notifications_older_than_the_cutoff_are_pruned():
    store = _makeOne()
    store.add('editor', entry('old'), NOW - datetime.timedelta(days=91))
    store.add('editor', entry('new'), NOW)
    store.add('other', entry('old'), NOW - datetime.timedelta(days=100))
    assert store.prune(NOW - datetime.timedelta(days=90)) == 2
    assert [e['card'] for _k, e in store.inbox('editor').newest()] == [
        'new']
    assert store.unread('editor') == 1 and store.unread('other') == 0


def test_two_transactions_notifying_one_user_do_not_conflict(tmp_path):
    """Both add to one inbox at once, as two submissions tell the
    central desk; ZODB merges them (FileStorage resolves conflicts)."""
    import ZODB
    from ZODB.FileStorage import FileStorage
    import transaction

    random.seed(17)  # NB: the keys are random; the test's are not
    db = ZODB.DB(FileStorage(str(tmp_path / 'Data.fs')))
    try:
        with db.transaction() as conn:
            conn.root()['store'] = store = _makeOne()
            for number in range(150):
                store.add('central', entry(f'card-{number}'), NOW)
        managers = [transaction.TransactionManager() for _ in range(2)]
        conns = [db.open(transaction_manager=tm) for tm in managers]
        for number, conn in enumerate(conns):
            conn.root()['store'].add('central', entry(f'new-{number}'), NOW)
        for manager in managers:
            manager.commit()
        with db.transaction() as conn:
            inbox = conn.root()['store'].inbox('central')
            assert inbox.count() == 152 and inbox.unread() == 152
            assert {'new-0', 'new-1'} <= {
                e['card'] for _k, e in inbox.newest()}
    finally:
        db.close()
