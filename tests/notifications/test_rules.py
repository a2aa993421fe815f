"""Who is told what (kb.notifications.rules), through the real app: each
notification is stored in the transaction of the change that causes it."""
import datetime

from tests.conftest import CARD, USERS, card_body


def inboxes(database, kind=None):
    """user name → [(kind, card, detail)] of their notifications (of
    ``kind`` if given), oldest first."""
    with database as root:
        store = root['notifications']
        found = {name: [(e['kind'], e['card'], e['detail'])
                        for _key, e in reversed(store.inbox(name).newest())
                        if kind in (None, e['kind'])]
                 for name in USERS if store.inbox(name) is not None}
    return {name: told for name, told in found.items() if told}


def test_a_submission_tells_the_reviewers_and_a_return_the_editors(
        as_user, database):
    url = f'/api/v1/cards/{CARD}/transitions'
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    assert inboxes(database) == {}  # a draft tells nobody
    as_user('kela-editor').post(url, {'transition': 'submit'})
    assert inboxes(database) == {'kela-reviewer': [
        ('submitted', CARD, {'state': 'provider_review',
                             'provider': 'kela'})]}
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    assert inboxes(database)['central'] == [
        ('submitted', CARD, {'state': 'central_review', 'provider': 'kela'})]
    as_user('central').post(url, {'transition': 'return',
                                  'comment': 'Lisää ruotsi, asiakas '
                                             'Matti soitti'})
    told = inboxes(database)
    assert told['kela-editor'] == [('returned', CARD, {})]
    assert set(told) == {'kela-reviewer', 'central', 'kela-editor'}
    # a withdrawal is the editor's own doing
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-editor').post(url, {'transition': 'withdraw'})
    assert inboxes(database)['kela-editor'] == [('returned', CARD, {})]
    with database as root:
        entries = [e for _k, e in root['notifications'].inbox(
            'kela-editor').newest()]
    # the titles of the card, never the reviewer's comment
    assert entries[0]['titles'] == {'fi': 'Lapsilisä', 'sv': 'Barnbidrag'}
    assert 'Matti' not in repr(entries)


def test_the_advisor_hears_that_their_flag_was_handled(
        as_user, published_card, database):
    published_card()
    flag = as_user('advisor').post(f'/api/v1/cards/{CARD}/flags', {
        'reason': 'outdated', 'comment': 'Summa on vanha'}, status=201).json
    assert 'advisor' not in inboxes(database)
    resolve = f"/api/v1/flags/kela/{flag['id']}/resolve"
    as_user('kela-editor').post(resolve, {'resolution': 'Summa päivitetty.'})
    # NB: a second click changes nothing and tells nobody again
    assert as_user('kela-editor').post(resolve, {
        'resolution': 'Summa päivitetty.'}, status=409).json['error'] == (
            'flag_closed')
    assert inboxes(database)['advisor'] == [
        ('flag_closed', CARD, {'reason': 'outdated'})]
    with database as root:
        entry = root['notifications'].inbox('advisor').newest()[0][1]
    assert 'päivitetty' not in repr(entry) and 'vanha' not in repr(entry)


def test_review_by_dates_are_announced_once_to_the_providers_editors(
        app, as_user, published_card, database):
    from kb.notifications.rules import review_due

    published_card(review_by='2026-12-20')
    published_card('vero-kortti', 'vero', review_by='2027-03-01')
    now = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)

    def run(moment):
        with database as root:
            return review_due(root, app.registry, moment)

    assert run(now) == 1
    told = inboxes(database, 'review_due')
    assert told['kela-editor'] == [('review_due', CARD,
                                    {'date': '2026-12-20'})]
    assert 'vero-editor' not in told and 'kela-reviewer' not in told
    assert run(now + datetime.timedelta(days=1)) == 0  # once per date
    # a new date is announced again
    card = as_user('kela-editor').get(f'/api/v1/cards/{CARD}').json
    as_user('kela-editor').put(f'/api/v1/cards/{CARD}', dict(
        card_body(review_by='2026-12-22'), base_version=card['version']))
    assert run(now + datetime.timedelta(days=2)) == 1
    # vero's date comes within 30 days in February
    assert run(now + datetime.timedelta(days=70)) == 1
    assert inboxes(database, 'review_due') == {
        'kela-editor': [('review_due', CARD, {'date': '2026-12-20'}),
                        ('review_due', CARD, {'date': '2026-12-22'})],
        'vero-editor': [('review_due', 'vero-kortti',
                         {'date': '2027-03-01'})]}
    with database as root:  # the passed dates are forgotten
        assert dict(root['notifications'].review_due) == {
            'vero-kortti': '2027-03-01'}


def test_a_deactivated_user_is_told_nothing(as_user, database):
    with database as root:
        root['users']['kela-reviewer'].active = False
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    as_user('kela-editor').post(f'/api/v1/cards/{CARD}/transitions',
                                {'transition': 'submit'})
    assert inboxes(database) == {}


def test_a_failed_push_of_a_card_that_is_not_there_tells_nobody(
        app, tokens, database):
    from kb.notifications.rules import push_failed

    with database as root:
        push_failed(app.registry, root, 'ei-ole', datetime.datetime.now(
            datetime.timezone.utc))
        assert root['notifications'].unread('central') == 0
