"""The periodic jobs, each run on its own."""
import datetime

from kb.clock import HELSINKI
from tests.conftest import card_body


def schedule(as_user, day):
    editor = as_user('vero-editor')
    editor.post('/api/v1/cards', card_body('vero-x', 'vero', suoritteet=[]),
                status=201)
    editor.post('/api/v1/cards/vero-x/transitions', {'transition': 'submit'})
    as_user('central').post('/api/v1/cards/vero-x/transitions', {
        'transition': 'approve', 'effective': day.isoformat()})


def test_publish_due_puts_live_only_what_is_due(as_user, app, database):
    from kb.runtime.jobs import publish_due

    day = datetime.date.today() + datetime.timedelta(days=5)
    schedule(as_user, day)
    eve = datetime.datetime.combine(day, datetime.time(),
                                    tzinfo=HELSINKI) - datetime.timedelta(
                                        minutes=1)
    assert publish_due(database.db, app.registry, now=eve) == []
    dawn = eve + datetime.timedelta(minutes=2)
    assert publish_due(database.db, app.registry, now=dawn) == ['vero-x']
    assert publish_due(database.db, app.registry, now=dawn) == []
    entries = as_user('central').get('/api/v1/audit',
                                     object='vero-x').json['items']
    assert (entries[0]['actor'], entries[0]['action']) == ('system', 'live')


def test_a_cancelled_schedule_never_goes_live(as_user, app, database):
    from kb.runtime.jobs import publish_due

    day = datetime.date.today() + datetime.timedelta(days=5)
    schedule(as_user, day)
    with database as root:
        root['cards']['vero-x'].pending = None  # e.g. a later decision
    later = datetime.datetime.combine(day, datetime.time(12),
                                      tzinfo=HELSINKI)
    assert publish_due(database.db, app.registry, now=later) == []
    with database as root:
        assert 'vero-x' not in root['cards'].pending
    as_user(None).get('/api/v1/cards/vero-x', status=404)


def test_repair_index_applies_what_the_change_log_holds(
        app, database, published_card):
    from kb.runtime.jobs import repair_index

    published_card()
    with database as root:  # committed, not followed (a crash)
        root['search_changes'].add(['card:kela-testikortti'],
                                   app.registry.search_queuer.clock())
    assert repair_index(database.db, app.registry, None) == 1
    assert repair_index(database.db, app.registry, None) == 0


def test_purge_tickets_keeps_details_without_a_retention_setting(
        app, database):
    from kb.runtime.jobs import purge_tickets

    now = datetime.datetime(2030, 1, 1, tzinfo=HELSINKI)
    assert purge_tickets(database.db, app.registry, now) == 0


def test_prune_login_failures_forgets_counts_older_than_a_day(app,
                                                              database):
    from kb.runtime.jobs import prune_login_failures

    with database as root:
        root['login_failures'].add('old', '2026-11-20T09:00:00Z')
        root['login_failures'].add('new', '2026-11-22T08:00:00Z')
    now = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)
    assert prune_login_failures(database.db, app.registry, now) == 1
    assert prune_login_failures(database.db, app.registry, now) == 0
    with database as root:
        assert list(root['login_failures'].names) == ['new']


def test_prune_search_log_bounds_its_age_and_size(app, database):
    """Anonymous searches write the search log: older queries than
    kb.search.log_days, and the oldest beyond kb.search.log_max, go."""
    from kb.runtime.jobs import prune_search_log

    day = datetime.timedelta(days=1)
    now = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)
    with database as root:
        log = root['search_log']
        old = log.log('vanha', 'fi', 'public', None, None, 0,
                      clock=lambda: now - 400 * day)
        log.open(old, 'kela-testikortti')
        for age in (30, 20, 10):
            log.log(f'{age}', 'fi', 'public', None, None, 0,
                    clock=lambda: now - age * day)
    app.registry.settings['kb.search.log_max'] = '2'
    assert prune_search_log(database.db, app.registry, now) == 2
    assert prune_search_log(database.db, app.registry, now) == 0
    with database as root:
        log = root['search_log']
        assert [entry[0] for entry in log.entries.values()] == ['20', '10']
        assert list(log.opened) == []


def test_pack_database_shrinks_a_file_storage_after_changes(file_app):
    from kb.clock import utcnow
    from kb.runtime.jobs import pack_database
    from tests.conftest import Database

    db = file_app.registry._zodb_databases['']
    for i in range(30):
        with Database(file_app) as root:
            root['login_failures'].add(f'name-{i}', '2026-11-22T08:00:00Z')
            root.workflow_digest = f'digest {i}' * 100
    grown = db.getSize()
    settings = file_app.registry.settings
    settings['kb.pack.days'] = '0'
    assert pack_database(db, file_app.registry, utcnow()) is None
    assert db.getSize() == grown
    settings['kb.pack.days'] = '7'
    # history younger than the window is kept
    assert pack_database(db, file_app.registry, utcnow()) == grown
    later = utcnow() + datetime.timedelta(days=8)
    assert pack_database(db, file_app.registry, later) < grown / 2
    with Database(file_app) as root:
        assert root['login_failures'].size() == 30


def test_the_notification_jobs_announce_due_dates_and_forget_old_ones(
        app, as_user, published_card, database):
    from kb.runtime.jobs import announce_review_due, prune_notifications

    published_card(review_by='2026-12-01')
    now = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)
    assert announce_review_due(database.db, app.registry, now) == 1
    assert announce_review_due(database.db, app.registry, now) == 0
    with database as root:
        assert root['notifications'].unread('kela-editor') == 1
    later = now + datetime.timedelta(days=91)
    assert prune_notifications(database.db, app.registry, later) > 0
    with database as root:
        assert root['notifications'].unread('kela-editor') == 0
