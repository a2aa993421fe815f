"""The publication log and the Suomi.fi outbox, driven through the API."""
import datetime

from ZODB.POSException import ConflictError
import pytest
import transaction

from tests.conftest import card_body

CARD = 'kela-testikortti'


def log_of(database, card_id=CARD):
    with database as root:
        return root['publication'].of_card(card_id)


def channels(entries, action):
    return sorted(e['channel'] for e in entries if e['action'] == action)


def test_approval_publishes_to_every_channel(published_card, database):
    published_card()
    entries = log_of(database)
    assert channels(entries, 'publish') == ['intranet', 'public', 'suomifi']
    outcome = {e['channel']: e['outcome'] for e in entries}
    assert outcome == {'intranet': 'done', 'public': 'done',
                       'suomifi': 'pending'}
    assert {e['actor'] for e in entries} == {'central'}
    assert {e['version'] for e in entries} == {1}
    with database as root:
        status = root['suomifi'].statuses[CARD]
        assert (status.version, status.action, status.state) == (
            1, 'publish', 'pending')
        assert list(root['suomifi'].pending) == [CARD]


def test_drafts_are_not_published(as_user, database):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    assert log_of(database) == []
    with database as root:
        assert CARD not in root['suomifi'].statuses


def test_procedure_guide_goes_to_the_intranet_only(as_user, database):
    central = as_user('central')
    central.post('/api/v1/cards', card_body(
        'ohje-etapalvelu', 'central', kind='procedure', suoritteet=[],
        channels=[]), status=201)
    central.post('/api/v1/cards/ohje-etapalvelu/transitions',
                 {'transition': 'publish'})
    entries = log_of(database, 'ohje-etapalvelu')
    assert channels(entries, 'publish') == ['intranet']
    with database as root:
        assert 'ohje-etapalvelu' not in root['suomifi'].statuses


def test_future_approval_is_scheduled_then_published(
    as_user, app, database
):
    from kb.clock import HELSINKI
    from kb.runtime.startup import prepare

    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = f'/api/v1/cards/{CARD}/transitions'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    day = datetime.date.today() + datetime.timedelta(days=10)
    as_user('central').post(url, {'transition': 'approve',
                                  'effective': day.isoformat()})
    entries = log_of(database)
    assert channels(entries, 'schedule') == ['intranet', 'public', 'suomifi']
    assert {e['effective'] for e in entries} == {day.isoformat()}
    assert {e['outcome'] for e in entries} == {'scheduled'}
    with database as root:
        assert CARD not in root['suomifi'].statuses

    prepare(database.db, app.registry, now=datetime.datetime.combine(
        day, datetime.time(0, 5), tzinfo=HELSINKI))
    published = [e for e in log_of(database) if e['action'] == 'publish']
    assert sorted(e['channel'] for e in published) == [
        'intranet', 'public', 'suomifi']
    assert {(e['actor'], e['approved_by']) for e in published} == {
        ('system', 'central')}
    # Suomi.fi hears of the effective date as validFrom
    from kb.suomifi import config, mapping
    with database as root:
        document, status = mapping.card_document(
            root['cards'][CARD], day, config.load(app.registry.settings))
    assert document['validFrom'] == mapping.valid_from(day.isoformat())


def test_retiring_withdraws_from_every_channel(published_card, as_user,
                                               database):
    published_card()
    as_user('central').post(f'/api/v1/cards/{CARD}/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    entries = log_of(database)
    assert channels(entries, 'withdraw') == ['intranet', 'public', 'suomifi']
    assert entries[0]['action'] == 'withdraw'  # newest first
    with database as root:
        status = root['suomifi'].statuses[CARD]
        assert (status.action, status.state) == ('withdraw', 'pending')


def test_a_change_moves_the_card_to_the_end_of_the_feed(
    published_card, as_user, database
):
    published_card()
    published_card('kela-toinen')
    body = card_body(base_version=1)
    body['content']['fi']['title'] = 'Lapsilisä uudistuu'
    as_user('kela-editor').put(f'/api/v1/cards/{CARD}', body)
    url = f'/api/v1/cards/{CARD}/transitions'
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    as_user('central').post(url, {'transition': 'approve'})
    with database as root:
        outbox = root['suomifi']
        assert [card for _, card in outbox.since(0, 10)] == [
            'kela-toinen', CARD]
        assert outbox.statuses[CARD].version == 2


def test_recent_filters_and_pages(published_card, database):
    published_card()
    published_card('kela-toinen')
    with database as root:
        log = root['publication']
        suomifi = log.recent(channel='suomifi')
        assert [e['card'] for e in suomifi] == ['kela-toinen', CARD]
        first = log.recent(limit=2)
        rest = log.recent(before=first[-1]['seq'])
        assert len(first) + len(rest) == 6
        assert {e['seq'] for e in first}.isdisjoint(e['seq'] for e in rest)
        assert log.recent(provider='vero') == []
        assert len(log.recent(outcome='pending')) == 2


class TestChangeClock:
    def test_keys_increase_even_when_the_clock_goes_back(self):
        from kb.suomifi.outbox import ChangeClock

        clock = ChangeClock()
        assert [clock.next(t) for t in (100, 50, 100, 200)] == [
            100, 101, 102, 200]

    def test_concurrent_changes_are_serialised(self, database):
        """Two transactions that enqueue different cards conflict, so that
        change keys follow commit order (the feed relies on it)."""
        now = datetime.datetime.now(datetime.timezone.utc)
        with database as root:
            root['suomifi'].enqueue('seed', 1, 'publish', now)
        managers = [transaction.TransactionManager() for _ in range(2)]
        conns = [database.db.open(transaction_manager=tm) for tm in managers]
        for number, conn in enumerate(conns):
            outbox = conn.root()['kb_root']['suomifi']
            outbox.enqueue(f'card-{number}', 1, 'publish', now)
        managers[0].commit()
        with pytest.raises(ConflictError):
            managers[1].commit()
        managers[1].abort()
        for conn in conns:
            conn.close()
