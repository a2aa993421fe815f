"""Benchmark: saving and reading service cards in a 10,000-card database.

Usage::

    .venv/bin/python bench/bench_repository.py [--cards 10000] [--samples 500]

One run, one fresh ZODB FileStorage in a temporary directory, the
application built by ``kb.main`` from ``testing.ini`` (cheap argon2, no
scheduler thread) with ``zodbconn.uri`` pointing at that file and the
connection cache size of ``production.ini``:

1. Build: ``--cards`` cards over the six providers, each with 2-4 KB of
   Finnish and Swedish text (the JSON of its content), validated with
   ``kb.cards.exchange_format.check_card``, then created and published
   directly through ``kb.cards.versioning.Versioning``, 500 cards per
   transaction. The build rate
   counts creating, publishing and committing (not generating the text).
2. Through the whole WSGI stack (WebTest: tweens, pyramid_tm, bearer
   token lookup, traversal, ACLs, JSON), ``--samples`` times each, on
   randomly chosen cards:

   - save a version: ``PUT /api/v1/cards/{id}`` of a changed card with
     the right ``base_version``, as the provider's editor;
   - read a published card: ``GET /api/v1/cards/{id}`` as an advisor
     (intranet fields) and anonymously (public fields).

3. Baselines, same run and database: the WSGI stack doing a trivial
   request (``GET /api/v1/providers`` as the advisor: same token lookup,
   no card), and a bare ZODB transaction committing a small change to one
   persistent object. The difference is what the application adds.
4. The size of Data.fs after the build, after the saves and after
   ``db.pack()``.

Timings are wall-clock per request (``time.perf_counter``) after a short
warm-up; p50/p95 are inclusive percentiles; "full GCs" counts the full
(generation 2) Python garbage collections during a measurement, the usual
cause of a lone ``max`` far above p95. Results and the machine are
recorded in docs/benchmarks.md. This is a benchmark, not a test.
"""
import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time

from persistent.mapping import PersistentMapping
from pyramid.paster import get_appsettings
import transaction
import webtest

from kb import refdata
from kb.cards.exchange_format import Problems, check_card
from kb.accounts.users import add_user, issue_token
from kb.cards.versioning import Versioning

from common import (  # noqa: I100 - bench/common.py
    cpu_model,
    kb_root,
    make_app,
    stop_app,
)

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROVIDERS = ('kela', 'poliisi', 'vero', 'maistraatti', 'te', 'kunta')
BATCH = 500
WARM_UP = 20
PASSWORD = 'benchmark password'
#: The connection cache size of production.ini.
ZODB_URI = 'file://{path}?connection_cache_size=20000'

TOPICS = (
    ('Asumistuki', 'Bostadsbidrag'),
    ('Lapsilisä', 'Barnbidrag'),
    ('Passi', 'Pass'),
    ('Henkilökortti', 'Identitetskort'),
    ('Verokortti', 'Skattekort'),
    ('Työttömyysturva', 'Utkomstskydd för arbetslösa'),
    ('Muuttoilmoitus', 'Flyttanmälan'),
    ('Ajokortti', 'Körkort'),
    ('Yrityksen perustaminen', 'Att grunda ett företag'),
    ('Eläkkeen hakeminen', 'Att ansöka om pension'),
    ('Löytötavara', 'Hittegods'),
    ('Toimeentulotuki', 'Utkomststöd'),
    ('Veroilmoitus', 'Skattedeklaration'),
    ('Edunvalvontavaltuutus', 'Intressebevakningsfullmakt'),
    ('Aseluvat', 'Vapentillstånd'),
    ('Työnhaku', 'Arbetssökande'),
)
FI_WORDS = (
    'asiakas hakemus liite päätös tuki etuus maksu palvelu neuvonta '
    'ajanvaraus verkkoasiointi henkilöllisyys tunnistautuminen lomake '
    'käsittely viranomainen asiointipiste kunta virkailija todistus '
    'tulot vuokra perhe lapsi eläke työnhakija yritys vero palautus '
    'selvitys muutos osoite voimassaolo hinta aika kuukausi vuosi '
    'tarvittaessa ensin lisäksi myös aina usein yleensä kuitenkin '
    'toimittaa tarkistaa hakea lähettää ottaa vastaan ohjata kertoa '
    'täyttää allekirjoittaa maksaa varata odottaa saada pyytää '
    'sähköinen henkilökohtainen uusi voimassa oleva tarvittava oma'
).split()
SV_WORDS = (
    'kund ansökan bilaga beslut stöd förmån avgift tjänst rådgivning '
    'tidsbokning e-tjänst identitet identifiering blankett behandling '
    'myndighet servicepunkt kommun tjänsteman intyg inkomster hyra '
    'familj barn pension arbetssökande företag skatt återbäring '
    'utredning ändring adress giltighet pris tid månad år vid behov '
    'först dessutom också alltid ofta vanligen dock lämna kontrollera '
    'ansöka skicka ta emot hänvisa berätta fylla i underteckna betala '
    'boka vänta få be om elektronisk personlig ny giltig nödvändig egen'
).split()


def sentences(rng, words, chars):
    """Random sentences of ``words``, about ``chars`` characters."""
    text = []
    length = 0
    while length < chars:
        sentence = ' '.join(rng.choices(words, k=rng.randint(6, 14)))
        text.append(sentence.capitalize() + '.')
        length += len(text[-1]) + 1
    return ' '.join(text)


def phrase(rng, words, limit):
    """One sentence of at most ``limit`` characters."""
    text = rng.choice(words).capitalize()
    while True:
        longer = f'{text} {rng.choice(words)}'
        if len(longer) + 1 > limit or len(longer) > limit * 0.8:
            return text + '.'
        text = longer


def card_id(number):
    return f'{PROVIDERS[number % len(PROVIDERS)]}-kortti-{number:05d}'


def card_body(number):
    """Card ``number`` in the exchange format (the same on every run)."""
    rng = random.Random(number)
    provider = PROVIDERS[number % len(PROVIDERS)]
    fi_topic, sv_topic = rng.choice(TOPICS)
    return {
        'id': card_id(number),
        'provider': provider,
        'kind': rng.choice(('service', 'service', 'procedure')),
        'channels': rng.sample(refdata.CHANNELS, rng.randint(1, 3)),
        'suoritteet': rng.sample(
            sorted(refdata.allowed_suoritteet(provider)), rng.randint(0, 3)
        ),
        'life_events': rng.sample(
            sorted(refdata.life_events()), rng.randint(0, 2)
        ),
        'links': [
            {'url': f'https://www.suomi.fi/palvelut/{number}/{link}',
             'label': {'fi': phrase(rng, FI_WORDS, 60),
                       'sv': phrase(rng, SV_WORDS, 60)}}
            for link in range(rng.randint(0, 2))
        ],
        'support': {
            'phone': f'029 {rng.randint(100, 999)} {rng.randint(1000, 9999)}',
            'hours': 'ma-pe 9-16',
            'note': phrase(rng, FI_WORDS, 120),
        },
        'review_by': f'2027-{rng.randint(1, 12):02d}-01',
        'content': {
            'fi': {
                'title': f'{fi_topic}: {phrase(rng, FI_WORDS, 60)}',
                'summary': phrase(rng, FI_WORDS, 150),
                'description': sentences(rng, FI_WORDS,
                                         rng.randint(350, 1000)),
                'user_instructions': sentences(rng, FI_WORDS,
                                               rng.randint(100, 400)),
                'advisor_instructions': sentences(rng, FI_WORDS,
                                                  rng.randint(150, 500)),
                'keywords': rng.sample(FI_WORDS, 3),
            },
            'sv': {
                'title': f'{sv_topic}: {phrase(rng, SV_WORDS, 60)}',
                'summary': phrase(rng, SV_WORDS, 150),
                'description': sentences(rng, SV_WORDS,
                                         rng.randint(200, 600)),
                'advisor_instructions': sentences(rng, SV_WORDS,
                                                  rng.randint(80, 300)),
            },
        },
    }


def validated(body):
    """The versioned content of ``body``, as the import would store it."""
    problems = Problems()
    content = check_card(body, problems)
    if problems:
        raise SystemExit(f'invalid card {body["id"]}: {problems.items}')
    return content


def build(app, db, count):
    """Create and publish ``count`` cards.

    :returns: (seconds spent in the application and commits, content
        sizes in bytes).
    """
    editor = Versioning(app.registry, 'bench')
    spent = 0.0
    sizes = []
    for first in range(0, count, BATCH):
        batch = [card_body(n) for n in range(first, min(first + BATCH,
                                                        count))]
        contents = [validated(body) for body in batch]
        sizes.extend(
            len(json.dumps(c, ensure_ascii=False, sort_keys=True).encode())
            for c in contents
        )
        start = time.perf_counter()
        with kb_root(db) as root:
            for body, content in zip(batch, contents):
                card = editor.create(root, body['provider'], body['id'],
                                     content)
                editor.publish_now(card)
        spent += time.perf_counter() - start
        done = first + len(batch)
        print(f'\rbuilt {done}/{count} cards, {done / spent:.0f} cards/s',
              end='', file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return spent, sizes


def bearer_tokens(app, db):
    """An editor per provider and an advisor; name → Authorization
    header."""
    registry = app.registry
    users = [(f'{p}-editor', 'provider_editor', p, None) for p in PROVIDERS]
    users.append(('advisor', 'advisor', None, 'mikkeli'))
    headers = {}
    with kb_root(db) as root:
        for name, role, provider, point in users:
            user = add_user(root, registry, 'bench', name, role, PASSWORD,
                            provider, point)
            token = issue_token(root, registry, 'bench', user)
            headers[name] = {'Authorization': f'Bearer {token}'}
    return headers


def timed(calls):
    """Run each prepared call.

    :returns: (durations in seconds, how many full garbage collections
        of the Python heap ran meanwhile: each pauses the whole process
        and explains most ``max`` outliers).
    """
    full_collections = []

    def count(phase, info):
        if phase == 'start' and info['generation'] == 2:
            full_collections.append(1)

    durations = []
    gc.callbacks.append(count)
    try:
        for call in calls:
            start = time.perf_counter()
            call()
            durations.append(time.perf_counter() - start)
    finally:
        gc.callbacks.remove(count)
    return durations, len(full_collections)


def get_calls(testapp, urls, headers):
    return [
        lambda url=url: testapp.get(url, headers=headers, status=200)
        for url in urls
    ]


def save_calls(testapp, numbers, headers):
    """PUTs of a changed card with the right base version, in order."""
    heads = {}
    calls = []
    for sample, number in enumerate(numbers):
        body = card_body(number)
        body['content']['fi']['description'] += f' Päivitetty {sample}.'
        body['base_version'] = heads.get(number, 1)
        body['comment'] = 'benchmark edit'
        heads[number] = body['base_version'] + 1
        calls.append(
            lambda url=f'/api/v1/cards/{body["id"]}',
            payload=json.dumps(body).encode(),
            editor=headers[f'{body["provider"]}-editor']:
            testapp.put(url, payload, headers=editor, status=200,
                        content_type='application/json')
        )
    return calls


def raw_commits(db, samples):
    """:func:`timed` bare ZODB transactions changing one small object."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            conn.root()['bench_probe'] = PersistentMapping(count=0)

        def commit():
            with tm:
                conn.root()['bench_probe']['count'] += 1

        return timed([commit] * samples)
    finally:
        conn.close()


def percentiles(durations):
    """(p50, p95, max) in milliseconds."""
    cuts = statistics.quantiles(durations, n=100, method='inclusive')
    return cuts[49] * 1e3, cuts[94] * 1e3, max(durations) * 1e3


def report(args, build_seconds, sizes, timings, data_fs):
    kib = 1024
    lines = [
        f'kb repository benchmark: {args.cards} cards, '
        f'{args.samples} samples per measurement',
        f'machine: nproc {os.cpu_count()}, {cpu_model()}, '
        f'Python {platform.python_version()}, {platform.platform()}',
        f'build: {args.cards} cards in {build_seconds:.1f} s = '
        f'{args.cards / build_seconds:.0f} cards/s (create + publish_now, '
        f'{BATCH} per commit)',
        f'card content (JSON, fi+sv): min {min(sizes) / kib:.1f} KB, '
        f'mean {statistics.mean(sizes) / kib:.1f} KB, '
        f'max {max(sizes) / kib:.1f} KB',
        '',
        f'{"timings, ms":<44}{"p50":>8}{"p95":>8}{"max":>8}'
        f'{"full GCs":>10}',
    ]
    for label, (durations, full_collections) in timings:
        p50, p95, top = percentiles(durations)
        lines.append(f'{label:<44}{p50:>8.2f}{p95:>8.2f}{top:>8.2f}'
                     f'{full_collections:>10}')
    built, saved, packed = data_fs
    lines += [
        '',
        f'{"database (Data.fs)":<44}{"MB":>8}{"B/card":>8}',
        f'{"after the build":<44}{built / kib ** 2:>8.1f}'
        f'{built / args.cards:>8.0f}',
        f'{f"after {args.samples} saves":<44}{saved / kib ** 2:>8.1f}'
        f'{saved / args.cards:>8.0f}'
        f'   (+{(saved - built) / args.samples:.0f} B per save)',
        f'{"after db.pack()":<44}{packed / kib ** 2:>8.1f}'
        f'{packed / args.cards:>8.0f}',
    ]
    print('\n'.join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cards', type=int, default=10_000)
    parser.add_argument('--samples', type=int, default=500)
    args = parser.parse_args()
    if args.cards < len(PROVIDERS) or args.samples < 2:
        parser.error('need at least 6 cards and 2 samples')
    rng = random.Random(2026)
    settings = dict(get_appsettings(os.path.join(HERE, 'testing.ini'),
                                    name='kb'))
    with tempfile.TemporaryDirectory(prefix='kb-bench-') as tmp:
        path = os.path.join(tmp, 'Data.fs')
        settings['zodbconn.uri'] = ZODB_URI.format(path=path)
        app = make_app(settings)
        db = app.registry._zodb_databases['']
        try:
            build_seconds, sizes = build(app, db, args.cards)
            built = os.path.getsize(path)
            headers = bearer_tokens(app, db)
            testapp = webtest.TestApp(app)
            advisor = headers['advisor']

            def urls(count=args.samples):
                return [f'/api/v1/cards/{card_id(n)}' for n in
                        rng.choices(range(args.cards), k=count)]

            trivial = ['/api/v1/providers'] * args.samples
            print('measuring requests...', file=sys.stderr)
            timed(get_calls(testapp, trivial[:WARM_UP], advisor)
                  + get_calls(testapp, urls(WARM_UP), advisor)
                  + get_calls(testapp, urls(WARM_UP), {}))
            wsgi_baseline = timed(get_calls(testapp, trivial, advisor))
            advisor_reads = timed(get_calls(testapp, urls(), advisor))
            public_reads = timed(get_calls(testapp, urls(), {}))
            saves = timed(save_calls(
                testapp, rng.choices(range(args.cards), k=args.samples),
                headers))
            saved = os.path.getsize(path)
            zodb_baseline = raw_commits(db, args.samples)
            timings = [
                ('save a version: PUT as provider editor', saves),
                ('read a card: GET as advisor', advisor_reads),
                ('read a card: GET as public (anonymous)', public_reads),
                ('baseline: GET /api/v1/providers (advisor)',
                 wsgi_baseline),
                ('baseline: bare ZODB commit of one object', zodb_baseline),
            ]
            print('packing...', file=sys.stderr)
            db.pack()
            packed = os.path.getsize(path)
        finally:
            stop_app(app.registry)
    report(args, build_seconds, sizes, timings, (built, saved, packed))


if __name__ == '__main__':
    main()
