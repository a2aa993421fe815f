"""Start-up preparation and periodic publication of due versions."""
import datetime

from tests.conftest import card_body


def schedule(as_user, day):
    editor = as_user('vero-editor')
    editor.post('/api/v1/cards', card_body('vero-x', 'vero', suoritteet=[]),
                status=201)
    editor.post('/api/v1/cards/vero-x/transitions', {'transition': 'submit'})
    as_user('central').post('/api/v1/cards/vero-x/transitions', {
        'transition': 'approve', 'effective': day.isoformat()})


def test_periodic_run_publishes_only_what_is_due(as_user, app, database):
    from kb.runtime.scheduler import publish_due
    from kb.clock import HELSINKI

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


def test_cancelled_schedule_never_goes_live(as_user, app, database):
    from kb.runtime.scheduler import publish_due
    from kb.clock import HELSINKI

    day = datetime.date.today() + datetime.timedelta(days=5)
    schedule(as_user, day)
    with database as root:
        card = root['cards']['vero-x']
        card.pending = None  # e.g. cancelled by a later decision
    later = datetime.datetime.combine(day, datetime.time(12),
                                      tzinfo=HELSINKI)
    assert publish_due(database.db, app.registry, now=later) == []
    with database as root:
        assert 'vero-x' not in root['cards'].pending
    as_user(None).get('/api/v1/cards/vero-x', status=404)


def test_scheduler_thread_starts_when_enabled_and_shutdown_stops_it(
    app_settings
):
    from kb import main
    from kb.runtime.scheduler import shutdown

    app = main({}, **dict(app_settings, **{'kb.scheduler.interval': '3600'}))
    thread = app.registry.scheduler
    assert thread.is_alive() and thread.daemon
    shutdown(app.registry)
    thread.join(timeout=5)
    assert not thread.is_alive()
