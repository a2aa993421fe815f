"""Notices: a provider's disruption or change announcements.

A notice has a validity period (``valid_from`` ≤ now < ``valid_until``,
stored as UTC ISO timestamps), texts per language, optionally one
service point, and the cards it affects. It is not a card edit and has
no approval step: a disruption cannot wait for review.
"""
import datetime
import secrets

from kb import refdata
from kb.clock import HELSINKI, midnight, stamp
from kb.errors import ValidationError
from kb.events import ObjectAdded, ObjectModified
from kb.i18n import _
from kb.privacy import find_personal_data
from kb.resources import Notice

KINDS = ('disruption', 'change')
NOTICE_KEYS = frozenset(
    ('kind', 'content', 'valid_from', 'valid_until', 'point', 'cards',
     'public')
)
TITLE_MAX = 100
BODY_MAX = 2000


def parse_moment(value, end_of_day=False):
    """A date or an ISO datetime → UTC ISO timestamp, or None.

    A bare date means the start of that day in Finland (or the start of
    the next day when ``end_of_day``); a datetime without an offset is
    Finnish time.
    """
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            if end_of_day:
                day += datetime.timedelta(days=1)
            moment = midnight(day)
        else:
            moment = datetime.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=HELSINKI)
    except ValueError:
        return None
    return stamp(moment)


def validate_notice(root, data, provider):
    """Check a notice body; return the normalised data.

    :raises ValidationError: listing every problem.
    """
    problems = []

    def add(field, message):
        problems.append({'field': field, 'message': message})

    for key in sorted(set(data) - NOTICE_KEYS):
        add(key, _('Unknown field.'))
    if data.get('kind') not in KINDS:
        add('kind', _('The kind must be one of ${kinds}.',
                      mapping={'kinds': ', '.join(KINDS)}))
    content = data.get('content')
    if not isinstance(content, dict) or not content:
        add('content', _('At least one language must be present.'))
        content = {}
    for lang, texts in content.items():
        field = f'content.{lang}'
        if lang not in refdata.LANGUAGES:
            add(field, _('Unknown language code "${code}"; use one of '
                         '${codes}.',
                         mapping={'code': lang,
                                  'codes': ', '.join(refdata.LANGUAGES)}))
            continue
        if not isinstance(texts, dict) or set(texts) - {'title', 'body'}:
            add(field, _('A notice text has a "title" and a "body".'))
            continue
        for key, limit in (('title', TITLE_MAX), ('body', BODY_MAX)):
            value = texts.get(key)
            if not isinstance(value, str) or not value.strip():
                add(f'{field}.{key}', _('This is required.'))
            elif len(value) > limit:
                add(f'{field}.{key}',
                    _('This is ${length} characters; the limit is ${max}.',
                      mapping={'length': len(value), 'max': limit}))
            elif find_personal_data(value, kinds=('identity_code',)):
                # NB: a service's own phone number and e-mail address
                # are a notice's business; an identity code never is
                add(f'{field}.{key}', _('A notice must not hold a '
                                        'personal identity code.'))
    valid_from = parse_moment(data.get('valid_from'))
    valid_until = parse_moment(data.get('valid_until'), end_of_day=True)
    if valid_from is None:
        add('valid_from', _('Give a date (YYYY-MM-DD) or a date and time.'))
    if valid_until is None:
        add('valid_until', _('Give a date (YYYY-MM-DD) or a date and time.'))
    if valid_from and valid_until and valid_until <= valid_from:
        add('valid_until', _('The notice must end after it starts.'))
    point = data.get('point')
    if point is not None and not refdata.is_code(point, root['points']):
        add('point', _('Unknown service point "${code}".',
                       mapping={'code': str(point)}))
    cards = data.get('cards', [])
    if not isinstance(cards, list):
        add('cards', _('This must be a list of card ids.'))
        cards = []
    for card_id in cards:
        card = root['cards'].get(card_id) if isinstance(card_id, str) else None
        if card is None or card.provider != provider:
            add('cards', _('"${id}" is not a card of this provider.',
                           mapping={'id': str(card_id)}))
    if not isinstance(data.get('public', False), bool):
        add('public', _('This must be true or false.'))
    if problems:
        raise ValidationError(_('The notice has errors.'), details=problems)
    return dict(data, valid_from=valid_from, valid_until=valid_until,
                cards=cards)


def add_notice(root, registry, actor, provider, data, now):
    """Validate and add a notice to ``provider``."""
    clean = validate_notice(root, data, provider)
    notice_id = secrets.token_hex(6)
    folder = root['providers'][provider]['notices']
    notice = folder.add(notice_id, Notice(notice_id, clean, actor,
                                          stamp(now)))
    registry.notify(ObjectAdded(notice, actor, kind=notice.kind))
    return notice


def update_notice(root, registry, actor, notice, data):
    clean = validate_notice(root, data, notice.provider)
    notice.update(clean)
    registry.notify(ObjectModified(notice, actor, change='edit'))


def end_notice(registry, actor, notice, now_iso):
    """End ``notice`` at ``now_iso``; one that has not begun yet never
    will."""
    notice.valid_until = max(now_iso, notice.valid_from)
    registry.notify(ObjectModified(notice, actor, change='end'))


def notice_status(notice, now_iso):
    """``upcoming``, ``in_force`` or ``ended`` at ``now_iso``."""
    if now_iso < notice.valid_from:
        return 'upcoming'
    return 'in_force' if notice.in_force(now_iso) else 'ended'


def notices_in_force(root, now_iso, provider=None, point=None,
                     public_only=False):
    """Notices in force at ``now_iso``, newest first."""
    found = []
    for code, prov in root['providers'].items():
        if provider and code != provider:
            continue
        for notice in prov['notices'].values():
            if not notice.in_force(now_iso):
                continue
            if point and notice.point not in (None, point):
                continue
            if public_only and not notice.public:
                continue
            found.append(notice)
    found.sort(key=lambda n: n.valid_from, reverse=True)
    return found


def describe_notice(notice):
    return {
        'id': notice.id,
        'provider': notice.provider,
        'kind': notice.kind,
        'content': dict(notice.texts),
        'valid_from': notice.valid_from,
        'valid_until': notice.valid_until,
        'point': notice.point,
        'cards': list(notice.cards),
        'public': notice.public,
        'author': notice.author,
        'created': notice.created,
    }
