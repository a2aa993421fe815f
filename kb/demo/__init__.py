"""Demo content and demo users (development only).

The cards are in ``kb/demo/cards/*.json`` (exchange format); the facts
behind them and what is still to be verified are in
``docs/content-review/``.
"""
import datetime
from importlib import resources
import json

from kb.accounts.users import add_user, change_mail
from kb.cards.exchange import import_cards, validate_document
from kb.cards.exchange_format import FORMAT
from kb.cards.notices import add_notice
from kb.directory.editing import add_point
from kb.directory.recipients import set_recipients

#: Every demo user has this password (development only; see README).
DEMO_PASSWORD = 'kb-demo-2026'
#: Parainen's satellite point Nagu for the demo: besides the pilot point,
#: Parainen has joint service points in Houtskär, Iniö, Korpo and Nagu
#: (seed 004), which the directory (the pilot points) does not list. Its
#: opening hours are not known here, so none are given.
DEMO_POINTS = {
    'parainen-nauvo': {'name_fi': 'Nauvon yhteispalvelupiste',
                       'name_sv': 'Samservicepunkten i Nagu',
                       'municipality': 'Parainen',
                       'region': 'Varsinais-Suomi', 'languages': 'sv fi'},
}
DEMO_MAIL = 'example.com'
DEMO_USERS = [
    # name, role, provider, point (several: a tuple, the home first),
    # locale
    ('admin', 'admin', None, None, None),
    ('central', 'central_editor', None, None, None),
    ('kela-editor', 'provider_editor', 'kela', None, None),
    ('kela-reviewer', 'provider_reviewer', 'kela', None, None),
    ('poliisi-editor', 'provider_editor', 'poliisi', None, None),
    ('poliisi-reviewer', 'provider_reviewer', 'poliisi', None, None),
    ('vero-editor', 'provider_editor', 'vero', None, None),
    ('maistraatti-editor', 'provider_editor', 'maistraatti', None, None),
    ('te-editor', 'provider_editor', 'te', None, None),
    ('kunta-editor', 'provider_editor', 'kunta', None, None),
    ('mikkeli-advisor', 'advisor', None, 'mikkeli', 'fi'),
    ('parainen-advisor', 'advisor', None, 'parainen', 'sv'),
    ('skargard-advisor', 'advisor', None, ('parainen', 'parainen-nauvo'),
     'sv'),
    ('pelkosenniemi-advisor', 'advisor', None, 'pelkosenniemi', 'se'),
    ('mikkeli-manager', 'point_manager', None, 'mikkeli', 'fi'),
]


def demo_document():
    """All demo cards as one exchange document."""
    folder = resources.files('kb').joinpath('demo').joinpath('cards')
    cards = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith('.json'):
            cards.extend(json.loads(entry.read_text('utf-8'))['cards'])
    # packages last, so that the cards they chain exist
    cards.sort(key=lambda card: card.get('kind') == 'package')
    return {'format': FORMAT, 'cards': cards}


def load_demo(root, registry, versioning):
    """Add demo users, publish the demo cards, and leave some work in
    progress (a draft, a review, a returned card, notices)."""
    if 'admin' in root['users']:
        return False
    for code, fields in DEMO_POINTS.items():
        add_point(root, registry, 'demo', code, fields)
    for name, role, provider, point, locale in DEMO_USERS:
        several = isinstance(point, tuple)
        user = add_user(root, registry, 'demo', name, role, DEMO_PASSWORD,
                        provider, None if several else point, locale,
                        point if several else None)
        # NB: example.com is reserved (RFC 2606): the demo's mail never
        # reaches anyone, and scripts/run's catcher keeps it
        change_mail(registry, 'demo', user, email=f'{name}@{DEMO_MAIL}')
    for owner in (*root['providers'].values(), *root['points'].values()):
        if owner.code != 'central':
            set_recipients(registry, 'demo', owner,
                           [f'raportit-{owner.code}@{DEMO_MAIL}'], None)
    cards = validate_document(root, demo_document())
    import_cards(root, versioning, cards, publish=True, comment='Demo content')
    _work_in_progress(root, registry, versioning)
    return True


def _edit(versioning, card, change, comment):
    content = card.current_content()
    change(content)
    versioning.save(card, content, card.head, comment)


def _work_in_progress(root, registry, versioning):
    cards = root['cards']
    vero = cards.get('vero-todistukset')
    if vero is not None:
        def note(content):
            content['content']['fi']['summary'] = (
                content['content']['fi']['summary'][:120].rstrip('.') +
                '. Päivitetty ohje.')
        _edit(versioning, vero, note, 'Summary clarified')
    kela = cards.get('kela-ajanvaraus')
    if kela is not None:
        def review(content):
            content['review_by'] = '2027-12-31'
            texts = content['content']['fi']
            texts['description'] = texts.get('description', '') + (
                '\n\nAjanvarauksen voi tehdä myös OmaKelassa.')
        _edit(versioning, kela, review, 'OmaKela booking mentioned')
        versioning.fire(kela, 'submit')
    now = versioning.now
    add_notice(root, registry, 'demo', 'poliisi', {
        'kind': 'disruption',
        'content': {
            'fi': {'title': 'Poliisin sähköisessä asioinnissa katko',
                   'body': 'Sähköinen asiointi ei ole käytettävissä '
                           'huoltotöiden vuoksi. Ohjaa asiakas käyttämään '
                           'palvelua myöhemmin tai varaamaan aika.'},
            'sv': {'title': 'Avbrott i polisens e-tjänster',
                   'body': 'E-tjänsterna är inte i bruk på grund av '
                           'underhåll. Be kunden använda tjänsten senare '
                           'eller boka en tid.'},
        },
        'valid_from': (now - datetime.timedelta(hours=1)).isoformat(),
        'valid_until': (now + datetime.timedelta(days=3)).isoformat(),
        'cards': [cid for cid in ('poliisi-sahkoinen-asiointi',)
                  if cid in cards],
        'public': True,
    }, now)
