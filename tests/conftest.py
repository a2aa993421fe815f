"""Fixtures: a fresh application and in-memory database per test, users
of every role with API tokens, a clock the test moves, and a small
published card set."""
import datetime
import hashlib
import os

from pyramid.paster import get_appsettings
import pytest
import transaction
import webtest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Compiled templates on disk, loaded once per process: otherwise
#: Chameleon compiles every template again for every test's app. Set
#: before anything imports Chameleon; the processes tests start inherit
#: it.
TEMPLATE_CACHE = os.path.join(HERE, 'var', 'test-templates')
os.makedirs(TEMPLATE_CACHE, exist_ok=True)
os.environ.setdefault('CHAMELEON_CACHE', TEMPLATE_CACHE)


def pytest_addoption(parser):
    parser.addoption('--ini', default=os.path.join(HERE, 'testing.ini'))


@pytest.fixture(scope='session')
def mail_catcher():
    """This test process's SMTP server (:mod:`kb.local.mail`)."""
    from kb.local.mail import MailCatcher

    catcher = MailCatcher().start()
    yield catcher
    catcher.stop()


@pytest.fixture
def smtp_server(mail_catcher):
    """The SMTP server every test app mails to, emptied for the test:
    ``.messages`` is what it received since."""
    mail_catcher.clear()
    return mail_catcher


@pytest.fixture(scope='session')
def app_settings(request, mail_catcher):
    return dict(get_appsettings(request.config.option.ini, name='kb'),
                **mail_catcher.settings)


def make_app(app_settings, index_dir):
    """A quiet app (no start-up work, no thread) over a database that
    ``kb init`` made, its search index in ``index_dir``."""
    from kb import main
    from kb.runtime.initdb import create

    app = main({}, **dict(app_settings, **{
        'kb.search.index_dir': str(index_dir)}))
    create(app.registry._zodb_databases[''], app.registry)
    return app


@pytest.fixture
def app(app_settings, tmp_path):
    """The test's app (:func:`make_app`); tests of start-up ask for
    ``started``."""
    return make_app(app_settings, tmp_path / 'search')


@pytest.fixture
def file_app(app_settings, tmp_path):
    """The app on a FileStorage: the in-memory test storage resolves no
    conflicts, FileStorage does (as in production)."""
    from kb import main
    from kb.runtime.initdb import create

    app = main({}, **dict(
        app_settings, **{'kb.search.index_dir': str(tmp_path / 'search'),
                         'zodbconn.uri': f'file://{tmp_path}/Data.fs'}))
    create(app.registry._zodb_databases[''], app.registry)
    yield app
    app.registry._zodb_databases[''].close()


@pytest.fixture(scope='session')
def postgres(tmp_path_factory):
    """A private PostgreSQL server for this test process
    (:mod:`kb.local.postgres`, as ``scripts/cluster`` runs it)."""
    from kb.local.postgres import Server

    server = Server(tmp_path_factory.mktemp('postgres')).ensure()
    yield server
    server.stop()


@pytest.fixture
def pg_uri(postgres, request):
    """The ``zodbconn.uri`` of a new, empty PostgreSQL database of the
    test's own (dropped afterwards)."""
    name = 'kb_' + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    postgres.drop_database(name)
    postgres.create_database(name)
    yield postgres.uri(name)
    postgres.drop_database(name)


@pytest.fixture
def pg_app(app_settings, tmp_path, pg_uri):
    """The app on PostgreSQL through RelStorage, as in production."""
    from kb import main
    from kb.runtime.initdb import create

    app = main({}, **dict(
        app_settings, **{'kb.search.index_dir': str(tmp_path / 'search'),
                         'zodbconn.uri': pg_uri}))
    create(app.registry._zodb_databases[''], app.registry)
    yield app
    app.registry._zodb_databases[''].close()


@pytest.fixture
def started(app):
    """``app`` started as the serving process starts it, with the
    workers named in the call (none by default); stopped after the
    test."""
    from kb import runtime

    def start(*workers, prepare=True):
        return runtime.start(app.registry, prepare=prepare,
                             workers=workers)
    yield start
    runtime.stop(app.registry)


class Clock:
    """A clock the test sets (Finnish local time) and moves; the
    registry's clock in the ``clock`` fixture. Each reading is a
    microsecond later than the one before (stamps keep whole seconds),
    so that log entries keep the order in which they were made."""

    def __init__(self, now=None):
        self.now = now or datetime.datetime(2026, 11, 22, 9, 0,
                                            tzinfo=datetime.timezone.utc)

    def __call__(self):
        moment = self.now
        self.now += datetime.timedelta(microseconds=1)
        return moment

    def at(self, text):
        from kb.clock import HELSINKI

        self.now = datetime.datetime.fromisoformat(text).replace(
            tzinfo=HELSINKI)

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(app):
    app.registry.clock = clock = Clock()
    return clock


@pytest.fixture
def db(app):
    return app.registry._zodb_databases['']


class Database:
    """Direct access to the app's database for arranging tests."""

    def __init__(self, app):
        self.app = app
        self.registry = app.registry
        self.db = app.registry._zodb_databases['']

    def __enter__(self):
        self.tm = transaction.TransactionManager()
        self.conn = self.db.open(transaction_manager=self.tm)
        self.tm.begin()
        return self.conn.root()['kb_root']

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.tm.commit()
        else:
            self.tm.abort()
        self.conn.close()


@pytest.fixture
def database(app):
    return Database(app)


#: name → (role, provider, point)
USERS = {
    'admin': ('admin', None, None),
    'central': ('central_editor', None, None),
    'kela-editor': ('provider_editor', 'kela', None),
    'kela-reviewer': ('provider_reviewer', 'kela', None),
    'vero-editor': ('provider_editor', 'vero', None),
    'vero-reviewer': ('provider_reviewer', 'vero', None),
    'poliisi-editor': ('provider_editor', 'poliisi', None),
    'poliisi-reviewer': ('provider_reviewer', 'poliisi', None),
    'kunta-editor': ('provider_editor', 'kunta', None),
    'advisor': ('advisor', None, 'mikkeli'),
    'manager': ('point_manager', None, 'mikkeli'),
}
PASSWORD = 'correct horse battery'
#: The card most tests make.
CARD = 'kela-testikortti'


@pytest.fixture
def tokens(database):
    """A user of every role; returns name → API token."""
    from kb.accounts.users import add_user, issue_token

    result = {}
    with database as root:
        for name, (role, provider, point) in USERS.items():
            user = add_user(root, database.registry, 'test', name, role,
                            PASSWORD, provider, point)
            result[name] = issue_token(root, database.registry, 'test',
                                       user)
    return result


class Client:
    """A WebTest client acting as one user through a bearer token."""

    def __init__(self, testapp, token=None):
        self.testapp = testapp
        if token:
            self.headers = {'Authorization': f'Bearer {token}'}
        else:
            # a browser without login: session cookie + CSRF token
            csrf = testapp.get('/api/v1/session').json['csrf_token']
            self.headers = {'X-CSRF-Token': csrf}

    def get(self, url, status=200, **params):
        return self.testapp.get(url, params=params or None,
                                headers=self.headers, status=status)

    def post(self, url, body, status=200):
        return self.testapp.post_json(url, body, headers=self.headers,
                                      status=status)

    def put(self, url, body, status=200):
        return self.testapp.put_json(url, body, headers=self.headers,
                                     status=status)

    def delete(self, url, status=200):
        return self.testapp.delete(url, headers=self.headers, status=status)


@pytest.fixture
def testapp(app):
    """WebTest over ``app``; every API answer is checked against the
    OpenAPI document (:mod:`tests.contract`)."""
    from tests.contract import ContractCheck

    return webtest.TestApp(ContractCheck(app))


@pytest.fixture
def as_user(testapp, tokens):
    """``as_user('kela-editor')`` → a :class:`Client`; ``as_user(None)``
    is the public."""
    return lambda name: Client(testapp, tokens[name] if name else None)


def card_body(card_id='kela-testikortti', provider='kela', **changes):
    """A valid card in the exchange format."""
    body = {
        'id': card_id,
        'provider': provider,
        'kind': 'service',
        'channels': ['counter'],
        'suoritteet': ['neuvonta_lyhyt'],
        'life_events': ['family'],
        'content': {
            'fi': {
                'title': 'Lapsilisä',
                'summary': 'Lapsilisää maksetaan jokaisesta Suomessa '
                           'asuvasta alle 17-vuotiaasta lapsesta.',
                'description': 'Lapsilisä on **verotonta** tukea.',
                'advisor_instructions': 'Ota hakemus vastaan ja lähetä '
                                        'se Kelaan.',
                'keywords': ['lapsilisä'],
            },
            'sv': {
                'title': 'Barnbidrag',
                'summary': 'Barnbidrag betalas för varje barn under 17 år '
                           'som bor i Finland.',
                # NB: Suomi.fi needs a description in every language
                'description': 'Barnbidrag är **skattefritt** stöd.',
                'advisor_instructions': 'Ta emot ansökan.',
            },
        },
        'support': {'phone': '0295 000 100', 'note': 'Demo'},
        'review_by': '2027-01-01',
    }
    body.update(changes)
    return body


@pytest.fixture
def published_card(as_user):
    """Create a Kela card through the API and publish it through the
    Kela workflow (editor → reviewer → central editor)."""
    def make(card_id='kela-testikortti', provider='kela', **changes):
        editor = as_user(f'{provider}-editor')
        editor.post('/api/v1/cards', card_body(card_id, provider,
                                               **changes), status=201)
        url = f'/api/v1/cards/{card_id}/transitions'
        editor.post(url, {'transition': 'submit'})
        if provider in ('kela', 'poliisi'):
            as_user(f'{provider}-reviewer').post(url,
                                                 {'transition': 'accept'})
        as_user('central').post(url, {'transition': 'approve'})
        return card_id
    return make


#: Marker words of content that only editors may see (see ``mixed_cards``).
HIDDEN_MARKERS = ('luonnosmerkki', 'poistunutmerkki', 'tulevamerkki',
                  'keskeneräinenmerkki')


def _marked(card_id, marker, **changes):
    body = card_body(card_id, **changes)
    body['content']['fi']['title'] = f'Kortti {marker}'
    body['content']['fi']['advisor_instructions'] = f'Ohje {marker}.'
    return body


@pytest.fixture
def mixed_cards(published_card, as_user):
    """Cards in every state that matters to readers; returns the ids of
    those advisors may read. The words of ``HIDDEN_MARKERS`` are only in
    what they may not: a draft working copy of a published card, a
    retired card, a version approved for a later date, a new draft.
    ``ohje-etapalvelu`` is a procedure guide (intranet only)."""
    import datetime

    editor, central = as_user('kela-editor'), as_user('central')
    published_card()
    as_user('kela-editor').put('/api/v1/cards/kela-testikortti', _marked(
        'kela-testikortti', 'luonnosmerkki', base_version=1))
    published_card('kela-poistuva', content=_marked(
        'x', 'poistunutmerkki')['content'])
    central.post('/api/v1/cards/kela-poistuva/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    editor.post('/api/v1/cards', _marked('kela-tuleva', 'tulevamerkki'),
                status=201)
    url = '/api/v1/cards/kela-tuleva/transitions'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    day = datetime.date.today() + datetime.timedelta(days=10)
    central.post(url, {'transition': 'approve',
                       'effective': day.isoformat()})
    editor.post('/api/v1/cards', _marked('kela-luonnos',
                                         'keskeneräinenmerkki'), status=201)
    central.post('/api/v1/cards', card_body(
        'ohje-etapalvelu', 'central', kind='procedure', suoritteet=[],
        channels=[]), status=201)
    central.post('/api/v1/cards/ohje-etapalvelu/transitions',
                 {'transition': 'publish'})
    return ['kela-testikortti', 'ohje-etapalvelu']
