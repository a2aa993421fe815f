"""Validation of cards in the exchange format (``kb-cards/1``).

Every check reports the field it is about, so that an import can list
every error of every card and the API can answer 422 with all of them.
"""
import datetime
import re

from kb import refdata
from kb.cards.remote_contact import checked_contact
from kb.errors import ValidationError
from kb.i18n import _

FORMAT = 'kb-cards/1'
ID_RE = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')
ID_MAX = 80
#: Text limits per language field (PTV's own limits for the public ones).
TEXT_LIMITS = {
    'title': 100,
    'summary': 150,
    'description': 5000,
    'user_instructions': 5000,
    'plain_summary': 500,
    'advisor_instructions': 5000,
}
REQUIRED_TEXTS = ('title', 'summary')
KEYWORD_MAX = 100
KEYWORDS_MAX = 30
LINKS_MAX = 20
SUPPORT_LIMITS = {'phone': 50, 'hours': 200, 'note': 1000}
PUBLIC_TEXTS = (
    'title',
    'summary',
    'description',
    'user_instructions',
    'plain_summary',
    'keywords',
)
INTRANET_TEXTS = ('advisor_instructions',)
SHARED_FIELDS = (
    'channels',
    'suoritteet',
    'default_suorite',
    'life_events',
    'links',
    'support',
    'remote',
    'valid_from',
    'review_by',
    'cards',
)
PUBLIC_SHARED = ('channels', 'life_events', 'links', 'valid_from', 'cards')
CARD_KEYS = frozenset(('id', 'provider', 'kind', 'content') + SHARED_FIELDS)


class Problems:
    """Collects ``{"field": ..., "message": ...}`` entries."""

    def __init__(self):
        self.items = []

    def add(self, field, message):
        self.items.append({'field': field, 'message': message})

    def __bool__(self):
        return bool(self.items)


def parse_date(value):
    """``YYYY-MM-DD`` → ``date``, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def check_card_id(card_id, problems):
    if not isinstance(card_id, str) or not ID_RE.match(card_id):
        problems.add(
            'id',
            _('The id must be lower-case letters, digits and hyphens.'),
        )
    elif len(card_id) > ID_MAX:
        problems.add(
            'id',
            _('The id is longer than ${max} characters.',
              mapping={'max': ID_MAX}),
        )


def _check_text(value, field, limit, problems, required):
    if value is None and not required:
        return None
    if not isinstance(value, str):
        problems.add(field, _('This must be text.'))
        return None
    if required and not value.strip():
        problems.add(field, _('This is required.'))
    if len(value) > limit:
        problems.add(
            field,
            _('This is ${length} characters; the limit is ${max}.',
              mapping={'length': len(value), 'max': limit}),
        )
    return value


def _check_keywords(value, field, problems):
    if not isinstance(value, list) or not all(
        isinstance(word, str) for word in value
    ):
        problems.add(field, _('Keywords must be a list of texts.'))
        return []
    if len(value) > KEYWORDS_MAX:
        problems.add(
            field,
            _('At most ${max} keywords.', mapping={'max': KEYWORDS_MAX}),
        )
    for word in value:
        if not word.strip() or len(word) > KEYWORD_MAX:
            problems.add(
                field,
                _('Each keyword must be 1 to ${max} characters.',
                  mapping={'max': KEYWORD_MAX}),
            )
            break
    return [word.strip() for word in value]


def check_content(content, problems):
    """Validate the per-language texts; return the normalised dict."""
    if not isinstance(content, dict) or not content:
        problems.add(
            'content', _('At least one language must be present.')
        )
        return {}
    result = {}
    for lang, texts in content.items():
        base = f'content.{lang}'
        if lang not in refdata.LANGUAGES:
            problems.add(
                base,
                _('Unknown language code "${code}"; use one of ${codes}.',
                  mapping={'code': lang,
                           'codes': ', '.join(refdata.LANGUAGES)}),
            )
            continue
        if not isinstance(texts, dict):
            problems.add(base, _('This must be an object.'))
            continue
        clean = {}
        for key in sorted(set(texts) - set(TEXT_LIMITS) - {'keywords'}):
            problems.add(f'{base}.{key}', _('Unknown field.'))
        for key, limit in TEXT_LIMITS.items():
            value = _check_text(
                texts.get(key),
                f'{base}.{key}',
                limit,
                problems,
                key in REQUIRED_TEXTS,
            )
            if value:
                clean[key] = value
        if 'keywords' in texts:
            words = _check_keywords(
                texts['keywords'], f'{base}.keywords', problems
            )
            if words:
                clean['keywords'] = words
        result[lang] = clean
    return result


def _check_codes(value, field, allowed, problems, what):
    if not isinstance(value, list) or not all(
        isinstance(code, str) for code in value
    ):
        problems.add(field, _('This must be a list of codes.'))
        return []
    for code in value:
        if code not in allowed:
            problems.add(
                field,
                _('"${code}" is not a valid ${what}.',
                  mapping={'code': code, 'what': what}),
            )
    if len(set(value)) != len(value):
        problems.add(field, _('A code is listed twice.'))
    return list(value)


def _check_links(value, problems):
    if not isinstance(value, list):
        problems.add('links', _('This must be a list of links.'))
        return []
    if len(value) > LINKS_MAX:
        problems.add(
            'links', _('At most ${max} links.', mapping={'max': LINKS_MAX})
        )
    links = []
    for number, link in enumerate(value):
        field = f'links.{number}'
        if not isinstance(link, dict) or set(link) - {'url', 'label'}:
            problems.add(
                field, _('A link has a "url" and a "label" and nothing else.')
            )
            continue
        url = link.get('url')
        if not isinstance(url, str) or not re.match(
            r'^https?://[^\s<>"]+$', url
        ) or len(url) > 500:
            problems.add(
                f'{field}.url', _('The address must start with https://.')
            )
        label = link.get('label', {})
        if not isinstance(label, dict) or not all(
            lang in refdata.LANGUAGES
            and isinstance(text, str)
            and 0 < len(text) <= 200
            for lang, text in label.items()
        ):
            problems.add(
                f'{field}.label',
                _('The label is texts of at most 200 characters by '
                  'language code.'),
            )
        links.append({'url': url, 'label': label})
    return links


def _check_support(value, problems):
    if not isinstance(value, dict) or set(value) - set(SUPPORT_LIMITS):
        problems.add(
            'support',
            _('Support has only "phone", "hours" and "note".'),
        )
        return {}
    support = {}
    for key, limit in SUPPORT_LIMITS.items():
        text = _check_text(
            value.get(key), f'support.{key}', limit, problems, False
        )
        if text:
            support[key] = text
    return support


def _check_remote(value, problems):
    contact, found = checked_contact(value)
    for field, message in found:
        problems.add(f'remote.{field}' if field else 'remote', message)
    return contact


def _check_date(value, field, problems):
    if value is None:
        return None
    if parse_date(value) is None:
        problems.add(field, _('Write the date as YYYY-MM-DD.'))
        return None
    return value


def check_card(data, problems, provider=None):
    """Validate a card; return its versioned content (no id/provider).

    :param provider: the provider code the card belongs to (for the
        performance types it may offer); taken from ``data`` if None.
    """
    if not isinstance(data, dict):
        problems.add('', _('A card must be a JSON object.'))
        return {}
    for key in sorted(set(data) - CARD_KEYS):
        problems.add(key, _('Unknown field.'))
    provider = provider or data.get('provider')
    kind = data.get('kind', 'service')
    if kind not in refdata.KINDS:
        problems.add(
            'kind',
            _('The kind must be one of ${kinds}.',
              mapping={'kinds': ', '.join(refdata.KINDS)}),
        )
    content = {
        'kind': kind,
        'content': check_content(data.get('content'), problems),
        'channels': _check_codes(
            data.get('channels', []), 'channels', refdata.CHANNELS,
            problems, _('channel'),
        ),
        'suoritteet': _check_codes(
            data.get('suoritteet', []), 'suoritteet',
            refdata.allowed_suoritteet(provider), problems,
            _('performance type for this provider'),
        ),
        'life_events': _check_codes(
            data.get('life_events', []), 'life_events',
            refdata.life_events(), problems, _('life event'),
        ),
        'links': _check_links(data.get('links', []), problems),
        'support': _check_support(data.get('support', {}), problems),
        'remote': _check_remote(data.get('remote', {}), problems),
        'valid_from': _check_date(
            data.get('valid_from'), 'valid_from', problems
        ),
        'review_by': _check_date(
            data.get('review_by'), 'review_by', problems
        ),
    }
    default = data.get('default_suorite')
    if default is not None:
        # NB: stored only when named, so that older versions compare equal
        if default not in content['suoritteet']:
            problems.add('default_suorite', _(
                'The default performance type must be one of the card\'s '
                'performance types.'))
        else:
            content['default_suorite'] = default
    cards = data.get('cards')
    if kind == 'package':
        content['cards'] = _check_codes(
            cards or [], 'cards', _AnyId(), problems, _('card id')
        )
        if not content['cards']:
            problems.add('cards', _('A service package lists its cards.'))
    elif cards:
        problems.add('cards', _('Only a service package lists cards.'))
    return content


class _AnyId:
    """Container that accepts any well-formed id (existence is checked
    against the database by the caller)."""

    def __contains__(self, value):
        return bool(ID_RE.match(value))


def validated_content(root, data, provider):
    """Check a card body; return its content or raise 422 with every
    problem."""
    problems = Problems()
    content = check_card(data, problems, provider=provider)
    for card_id in content.get('cards') or ():
        if card_id not in root['cards']:
            problems.add('cards', _('There is no card "${id}".',
                                    mapping={'id': card_id}))
    if problems:
        raise ValidationError(_('The card has errors.'),
                              details=problems.items)
    return content


def public_view(content):
    """The public part of a version's content."""
    result = {key: content.get(key) for key in PUBLIC_SHARED}
    result['kind'] = content['kind']
    result['content'] = {
        lang: {k: v for k, v in texts.items() if k in PUBLIC_TEXTS}
        for lang, texts in content['content'].items()
    }
    return result
