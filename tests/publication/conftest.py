"""Fixtures of the publication tests: the PTV stand-in, a clock the
tests move, and a pusher aimed at the stand-in."""
import datetime

import pytest

from tests.publication.ptv_server import PTVServer

CARD = 'kela-testikortti'
START = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.timezone.utc)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def ptv():
    with PTVServer() as server:
        yield server


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def pusher(app, ptv, clock):
    from kb.publication.ptv import PTVClient
    from kb.publication.push import Pusher
    from kb.suomifi.config import load

    def make(token=ptv.token, endpoint=ptv.url):
        return Pusher(app.registry._zodb_databases[''],
                      PTVClient(endpoint, token, timeout=5),
                      load(app.registry.settings), retry_base=60,
                      retry_max=600, clock=clock)
    return make
