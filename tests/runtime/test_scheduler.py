"""The scheduler thread runs the registered jobs; daily ones once a day."""
import datetime

from kb.clock import HELSINKI
from kb.runtime.jobs import Job


def _makeOne(jobs, interval=3600):
    from kb.runtime.scheduler import Scheduler

    return Scheduler('db', DummyRegistry(), interval, jobs=jobs)


def test_tick_runs_every_job_and_daily_ones_once_a_day():
    calls = []

    def often(db, registry, now):
        calls.append(('often', db, registry, now))

    def daily(db, registry, now):
        calls.append(('daily', db, registry, now))

    scheduler = _makeOne((Job(often), Job(daily, daily=True)))
    morning = datetime.datetime(2030, 1, 1, 8, tzinfo=HELSINKI)
    assert scheduler.tick(morning) == ['often', 'daily']
    assert scheduler.tick(morning.replace(hour=23)) == ['often']
    assert scheduler.tick(morning + datetime.timedelta(days=1)) == [
        'often', 'daily']
    assert calls[0] == ('often', 'db', scheduler.registry, morning)
    assert [call[0] for call in calls] == [
        'often', 'daily', 'often', 'often', 'daily']


def test_a_failing_job_is_logged_and_tried_again(caplog):
    def broken(db, registry, now):
        raise RuntimeError('disk full')

    def fine(db, registry, now):
        pass

    scheduler = _makeOne((Job(broken, daily=True), Job(fine)))
    now = datetime.datetime(2030, 1, 1, 8, tzinfo=HELSINKI)
    assert scheduler.tick(now) == ['fine']
    assert 'scheduled job broken failed' in caplog.text
    assert scheduler.tick(now) == ['fine']
    assert len([r for r in caplog.records if 'broken' in r.message]) == 2


def test_the_thread_ticks_until_stopped():
    import threading

    ticked = threading.Event()
    scheduler = _makeOne((Job(lambda db, registry, now: ticked.set()),),
                         interval=0.01)
    scheduler.start()
    assert ticked.wait(5)
    scheduler.stop()
    scheduler.join(5)
    assert not scheduler.is_alive() and scheduler.daemon


class DummyRegistry:
    """A registry with the clock the scheduler reads."""

    @staticmethod
    def clock():
        return datetime.datetime(2030, 1, 1, 8, tzinfo=HELSINKI)
