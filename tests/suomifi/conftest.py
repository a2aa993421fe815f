"""Shared card content for the Suomi.fi tests; the PTV stand-in, a
clock the tests move, and a pusher aimed at the stand-in."""
import copy
import functools
import json
from pathlib import Path

import pytest

from tests.conftest import HERE
from tests.suomifi.ptv_server import PTVServer

#: Words planted in intranet-only fields; they must never be exported.
SECRET_WORDS = ('ZEBRASECRET', 'OKAPISECRET', 'TAPIRSECRET')


def demo_cards():
    cards = []
    for path in sorted(Path(HERE, 'kb', 'demo', 'cards').glob('*.json')):
        cards.extend(json.loads(path.read_text('utf-8'))['cards'])
    return cards


@pytest.fixture
def config():
    from kb.suomifi.config import load
    return load({})


@pytest.fixture
def service_card():
    """A Kela service card in the exchange format, with secrets."""
    return copy.deepcopy({
        'id': 'kela-testi',
        'provider': 'kela',
        'kind': 'service',
        'channels': ['counter'],
        'suoritteet': [],
        'life_events': ['moving', 'family'],
        'content': {
            'fi': {
                'title': 'Kelan testipalvelu',
                'summary': 'Tiivistelmä testipalvelusta.',
                'description': 'Kuvaus **lihavalla** ja [linkki]'
                               '(https://www.kela.fi).\n\n- yksi\n- kaksi',
                'user_instructions': '1. Tee näin.\n2. Sitten näin.',
                'advisor_instructions': 'Älä kerro: ' + SECRET_WORDS[0],
                'keywords': ['etuus', 'hakemus'],
            },
            'sv': {
                'title': 'FPA:s testtjänst',
                'summary': 'Sammandrag av testtjänsten.',
                'description': 'Beskrivning.',
                'advisor_instructions': SECRET_WORDS[1],
            },
        },
        'links': [],
        'support': {'phone': '0', 'hours': '', 'note': SECRET_WORDS[2]},
    })


def mapping_without(folder, life_event):
    """Write into ``folder`` a copy of the shipped Suomi.fi mapping that
    lacks ``life_event``; returns its path."""
    from kb.suomifi import config
    shipped = Path(config.__file__).parent.parent / 'data' / 'suomifi.toml'
    path = Path(folder, 'suomifi.toml')
    path.write_text(''.join(
        line for line in shipped.read_text('utf-8').splitlines(True)
        if not line.startswith(f'{life_event} =')), 'utf-8')
    return path


@pytest.fixture
def ptv():
    with PTVServer() as server:
        yield server


@pytest.fixture
def pusher(app, ptv, clock):
    from kb.notifications.rules import push_failed
    from kb.suomifi.config import load
    from kb.suomifi.ptv import PTVClient
    from kb.suomifi.push import Pusher

    def make(token=ptv.token, endpoint=ptv.url, leading=lambda: True):
        return Pusher(app.registry._zodb_databases[''],
                      PTVClient(endpoint, token, timeout=5),
                      load(app.registry.settings), retry_base=60,
                      retry_max=600, clock=clock, leading=leading,
                      tell=functools.partial(push_failed, app.registry))
    return make
