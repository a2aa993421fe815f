"""The OpenAPI 3.1 document of the JSON API, served at
``/api/v1/openapi.json``.

It is the contract: each body schema accepts what the view's validation
accepts and refuses what it refuses where a schema can say so (types,
limits, enums, unknown fields); codes that live in the database
(providers, service points) are listed as they are when the document is
asked for. Tests check it against the routes, validate every API
response of the suite against it, and fuzz the app from it
(``tests/views/api/test_contract.py``, ``test_fuzz.py``)."""
from pyramid.view import view_config

from kb import refdata, security
from kb.accounts.users import (
    MAIL_CHOICES,
    NAME_RE,
    PASSWORD_MIN,
)
from kb.cards import exchange_format as fmt
from kb.cards import notices, remote_contact
from kb.directory.editing import (
    CODE_RE,
    NAME_LANGUAGES,
    POINT_COUNTS,
    POINT_FIELDS,
    POINT_REQUIRED,
    TEXT_MAX,
)
from kb.directory.point_cards import ADDENDUM_MAX, HOURS_MAX
from kb.directory.recipients import RECIPIENTS_MAX
from kb.i18n.formats import WEEKDAYS
from kb.interfaces import IRoot
from kb.mail import ADDRESS_MAX, ADDRESS_RE
from kb.notifications.store import KINDS
from kb.publication import log
from kb.reports import packs
from kb.reports.tables import BILLING_TABLES
from kb.search import rules, suggestions, synonyms
from kb.search.query import LANGS
from kb.search.service import FILTER_CODES, QUERY_MAX
from kb.tickets import desk
from kb.untrusted import CONTROL, TEXT_PATTERN
from kb.views.common import COMMENT_MAX
from kb.views.notifications import ID_PATTERN, PAGE_SIZE

REF = '#/components/schemas/'
#: White space as Python's str.strip sees it (an ECMA ``\s`` differs).
SPACES = (r'\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028'
          r'\u2029\u202f\u205f\u3000')
#: Text that is not only white space, without a refused character.
FILLED = f'^[^{CONTROL}]*[^{CONTROL}{SPACES}][^{CONTROL}]*$'


def ref(name):
    return {'$ref': REF + name}


def _text(limit, filled=False, nullable=False):
    schema = {'type': ['string', 'null'] if nullable else 'string',
              'maxLength': limit}
    if filled:
        schema['pattern'] = FILLED
    return schema


def _closed(properties, required=()):
    """An object with these properties only (the view refuses others)."""
    schema = {'type': 'object', 'additionalProperties': False,
              'properties': properties}
    if required:
        schema['required'] = list(required)
    return schema


def _open(properties, required=()):
    """A response object: these properties at least (more may come)."""
    return {'type': 'object', 'required': list(required),
            'properties': properties}


def _items(schema, **more):
    return _open(dict({'items': {'type': 'array', 'items': schema}},
                      **more), ['items'])


def _enum(values, nullable=False):
    values = list(values)
    if nullable:
        return {'enum': values + [None]}
    return {'type': 'string', 'enum': values}


STRING = {'type': 'string'}
INTEGER = {'type': 'integer'}
BOOLEAN = {'type': 'boolean'}
OBJECT = {'type': 'object'}
NULLABLE_STRING = {'type': ['string', 'null']}
NULLABLE_INTEGER = {'type': ['integer', 'null']}
DATE = {'type': 'string', 'format': 'date'}
VERSION = {'type': 'integer', 'minimum': 1}
STRINGS = {'type': 'array', 'items': STRING}
NULL = {'type': 'null'}
#: A minute price: euros from 0 to 100.
MINUTE_PRICE = r'^(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)$'


def _given(field):
    """``field`` present and not null."""
    return {'required': [field], 'properties': {field: {'not': NULL}}}


def _unique(values):
    return {'type': 'array', 'uniqueItems': True,
            'items': _enum(values)}


def _lang_texts():
    properties = {key: _text(limit, key in fmt.REQUIRED_TEXTS)
                  for key, limit in fmt.TEXT_LIMITS.items()}
    properties['keywords'] = {
        'type': 'array', 'maxItems': fmt.KEYWORDS_MAX,
        'items': _text(fmt.KEYWORD_MAX, filled=True)}
    return _closed(properties, fmt.REQUIRED_TEXTS)


def _card_fields():
    """The versioned fields of a card (a save's body, less the
    version it is based on)."""
    life_events = sorted(refdata.life_events())
    return {
        'kind': _enum(refdata.KINDS),
        'content': {'type': 'object', 'minProperties': 1,
                    'additionalProperties': False,
                    'properties': {lang: _lang_texts()
                                   for lang in refdata.LANGUAGES}},
        'channels': _unique(refdata.CHANNELS),
        'suoritteet': dict(_unique(sorted(refdata.suoritteet())),
                           description='Those the provider offers'),
        'default_suorite': dict(_enum(sorted(refdata.suoritteet())),
                                description='One of the card\'s '
                                'performance types, offered first on '
                                'its tickets (else the most used)'),
        'life_events': _unique(life_events),
        'links': {'type': 'array', 'maxItems': fmt.LINKS_MAX,
                  'items': _closed({
                      'url': {'type': 'string', 'maxLength': 500,
                              'pattern': rf'^https?://[^\s<>"{CONTROL}]+$'},
                      'label': {'type': 'object',
                                'additionalProperties': False,
                                'properties': {
                                    lang: {'type': 'string', 'minLength': 1,
                                           'maxLength': 200}
                                    for lang in refdata.LANGUAGES}}},
                      ['url'])},
        'support': _closed({key: _text(limit) for key, limit in
                            fmt.SUPPORT_LIMITS.items()}),
        'remote': dict(_remote_contact(), description='Intranet only: '
                       "the card's own remote-service expert, shown in "
                       "place of its provider's contact. room_url and "
                       'booking_url: https only.'),
        'valid_from': DATE,
        'review_by': DATE,
        'cards': {'type': 'array', 'minItems': 1, 'uniqueItems': True,
                  'items': {'type': 'string',
                            'pattern': fmt.ID_RE.pattern},
                  'description': 'Packages only (and required there): '
                                 'the ids of existing cards'},
        'comment': _text(COMMENT_MAX),
    }


def _remote_contact():
    """How to reach an expert for a remote session
    (:mod:`kb.cards.remote_contact`)."""
    return _closed({field: _text(remote_contact.TEXT_MAX)
                    for field in remote_contact.FIELDS})


def roles_where(belongs):
    """The roles for which ``belongs(role)`` (a kb.security question)."""
    return [role for role in refdata.ROLES if belongs(role)]


def _role(roles, provider=None, point=False):
    """A user of one of ``roles``: with a provider of this schema or
    none, a point (or points) or none."""
    schema = {'properties': {'role': _enum(roles)}, 'required': []}
    if provider:
        schema['required'].append('provider')
        schema['properties']['provider'] = provider
    else:
        schema['properties']['provider'] = False
    if point:
        schema['oneOf'] = [{'required': ['point']}, {'required': ['points']}]
    else:
        schema['properties'].update(point=False, points=False)
    return schema


def _points(codes):
    """A user's service points: distinct codes, the home point first."""
    return {'type': 'array', 'items': _enum(codes), 'minItems': 1,
            'uniqueItems': True,
            'description': 'Point roles only, instead of point: the '
                           'service points the user serves, the home point '
                           'first'}


def _request_schemas(providers, points, open_points):
    """The request bodies; ``providers`` and ``points`` are the codes
    in the directory now, ``open_points`` those not closed."""
    provider = _enum(providers)
    point = _enum(points)
    card = _card_fields()
    code = {'type': 'string', 'pattern': CODE_RE.pattern}
    point_fields = {field: _text(TEXT_MAX, field in POINT_REQUIRED)
                    for field in POINT_FIELDS}
    for field in POINT_COUNTS:
        point_fields[field] = {'anyOf': [
            {'type': 'integer', 'minimum': 0, 'maximum': 2 ** 53 - 1},
            {'type': 'string', 'maxLength': TEXT_MAX,
             'pattern': r'^[\t\n\r ]*[0-9]*[\t\n\r ]*$'}]}
    names = {lang: _text(TEXT_MAX) for lang in NAME_LANGUAGES}
    names['fi'] = _text(TEXT_MAX, filled=True)
    notice_texts = _closed({'title': _text(notices.TITLE_MAX, True),
                            'body': _text(notices.BODY_MAX, True)},
                           ['title', 'body'])
    moment = {'type': 'string', 'anyOf': [{'format': 'date'},
                                          {'format': 'date-time'}],
              'description': 'A date or an ISO 8601 time (Finnish time '
                             'without an offset)'}
    synonym_group = _closed({
        'id': dict(INTEGER, description='An existing group (none: a new '
                   'one, or the existing group of the same words)'),
        'lang': _enum(synonyms.LANGS),
        'terms': {'type': 'array', 'minItems': 2,
                  'maxItems': synonyms.TERMS_MAX,
                  'items': _text(synonyms.TERM_MAX, True)},
        'provider': dict(_enum(providers, nullable=True),
                         description="The owner; null: shared (none "
                         "given: the group's own, or the caller's for a "
                         "new group)")}, ['terms'])
    notice = _closed({
        'provider': provider,
        'kind': _enum(notices.KINDS),
        'content': {'type': 'object', 'minProperties': 1,
                    'additionalProperties': False,
                    'properties': {lang: notice_texts
                                   for lang in refdata.LANGUAGES}},
        'valid_from': moment,
        'valid_until': dict(moment, description='After valid_from'),
        'point': _enum(points, nullable=True),
        'cards': {'type': 'array', 'items': dict(
            STRING, description="A card of the notice's provider")},
        'public': BOOLEAN,
    }, ['provider', 'kind', 'content', 'valid_from', 'valid_until'])
    return {
        'Card': dict(_closed(dict(
            {'id': {'type': 'string', 'pattern': fmt.ID_RE.pattern,
                    'maxLength': fmt.ID_MAX},
             'provider': provider}, **card),
            ['id', 'provider', 'content']),
            description='A card in the exchange format (kb-cards/1); '
                        'a package (kind package) lists its cards.'),
        'CardSave': dict(_closed(dict(card, base_version=VERSION),
                                 ['base_version', 'content']),
                         description='The versioned fields and the '
                                     'version the save is based on.'),
        'Transition': _closed({'transition': _text(100, True),
                               'comment': _text(COMMENT_MAX),
                               'effective': NULLABLE_STRING},
                              ['transition']),
        'Restore': _closed({'version': VERSION, 'base_version': VERSION,
                            'comment': _text(COMMENT_MAX, nullable=True)},
                           ['version', 'base_version']),
        'Move': _closed({'provider': provider}, ['provider']),
        'Notice': notice,
        'NoticeChange': dict(notice, required=notice['required'][1:]),
        'Login': _closed({'username': STRING, 'password': STRING},
                         ['username', 'password']),
        'User': dict(_closed({
            'name': {'type': 'string', 'pattern': NAME_RE.pattern},
            'role': _enum(refdata.ROLES),
            'password': {'type': 'string', 'minLength': PASSWORD_MIN,
                         'writeOnly': True},
            'provider': dict(provider, description='Provider roles only'),
            'point': dict(_enum(open_points),
                          description='Point roles only; an open point '
                                      '(the home point)'),
            'points': _points(open_points),
            'locale': _enum(refdata.UI_LANGUAGES, nullable=True),
        }, ['name', 'role', 'password']), oneOf=[
            _role(roles_where(security.belongs_to_provider),
                  provider=_enum([code for code in providers
                                  if code != 'central'])),
            _role(roles_where(security.belongs_to_point), point=True),
            _role(roles_where(lambda role: not (
                security.belongs_to_provider(role)
                or security.belongs_to_point(role))))]),
        'UserChange': dict(_closed({
            'role': _enum(refdata.ROLES),
            'provider': _enum(providers, nullable=True),
            'point': _enum(points, nullable=True),
            'points': _points(points),
            'active': BOOLEAN,
        }), **{'not': {'required': ['point', 'points']}},
            description='Fields not given keep their value, except a '
                        'provider or points the new role has no use for; '
                        'a point alone makes it the only point.'),
        'Password': _closed({'password': {
            'type': 'string', 'minLength': PASSWORD_MIN,
            'writeOnly': True}}, ['password']),
        'TokenRequest': _closed({'label': _text(100)}),
        'MailSettings': _closed({
            'email': {'type': ['string', 'null'], 'maxLength': ADDRESS_MAX,
                      'pattern': f'^$|^(?:{ADDRESS_RE.pattern})$',
                      'description': 'A work e-mail address; empty or '
                                     'null for none'},
            'mail': dict(_enum(MAIL_CHOICES), description='When to mail '
                         'notifications (to an address only)')}),
        'NotificationsRead': _closed({
            'ids': {'type': 'array', 'maxItems': PAGE_SIZE,
                    'items': {'type': 'string',
                              'pattern': f'^{ID_PATTERN}$'}},
            'all': dict(BOOLEAN, description='true: every notification '
                        '(then ids are not needed)')},
            ) | {'anyOf': [{'required': ['ids']}, {
                'required': ['all'], 'properties': {'all': {
                    'const': True}}}]},
        'Provider': _closed({'code': code,
                             'names': _closed(names, ['fi']),
                             'web': _text(TEXT_MAX)}, ['code', 'names']),
        'ProviderChange': dict(_closed({
            'names': _closed({lang: _text(TEXT_MAX)
                              for lang in NAME_LANGUAGES}),
            'web': _text(TEXT_MAX),
            'remote': dict(_remote_contact(),
                           description='How to reach the expert for a '
                           'remote session; replaces the whole contact. '
                           'room_url and booking_url: https only.')}),
            description='Names of the languages given replace those; the '
                        'others stay.'),
        'Point': _closed(dict(point_fields, code=code),
                         ('code',) + POINT_REQUIRED),
        'PointChange': _closed(dict(point_fields,
                                    active={'type': ['boolean', 'null']})),
        'PointCardChange': _closed({
            'offered': BOOLEAN,
            'onsite': dict(BOOLEAN, description='Offered only when the '
                           "provider's own clerk is on site (false if "
                           'omitted or not offered)'),
            'addendum': {'type': 'string', 'maxLength': ADDENDUM_MAX}},
            ['offered', 'addendum']),
        'OnsiteChange': _closed({
            'days': {'type': 'array', 'uniqueItems': True,
                     'items': {'enum': list(WEEKDAYS)}},
            'hours': {'type': 'string', 'maxLength': HOURS_MAX}},
            ['days']),
        'Opened': _closed({'query_id': INTEGER, 'card': STRING},
                          ['query_id', 'card']),
        'SynonymsChange': _closed({
            'base_version': INTEGER,
            'groups': {'type': 'array', 'maxItems': synonyms.GROUPS_MAX,
                       'items': synonym_group}},
            ['base_version', 'groups']),
        'SynonymGroupChange': _closed(dict(
            {name: schema for name, schema
             in synonym_group['properties'].items() if name != 'id'},
            base_version=INTEGER), ['base_version', 'terms']),
        'TicketOpen': dict(_closed({
            'point': dict(point, description='One of your service points '
                          '(default: the one you chose in the intranet, '
                          'else your home point); 403 for any other'),
            'card': dict(STRING, description='A published card'),
            'channel': dict(_enum(refdata.CHANNELS),
                            description="One of the card's channels"),
            'lang': _enum(refdata.LANGUAGES),
            'visit': {'type': ['string', 'null'],
                      'pattern': desk.VISIT_RE.pattern},
            'note': _text(desk.NOTE_MAX, nullable=True)},
            ['card', 'channel', 'lang']),
            description='No field exists for personal data; a note '
                        'holding an identity code, e-mail or phone '
                        'number is refused with 422.'),
        'TicketResolve': _closed({
            'suorite': dict(STRING, description='One of the ticket\'s '
                            'allowed_suoritteet'),
            'outcome': _enum(desk.OUTCOMES)}, ['suorite', 'outcome']),
        'TicketClose': dict(_closed({
            'rating': {'type': ['integer', 'null'], 'minimum': 1,
                       'maximum': 5},
            'feedback': _text(desk.FEEDBACK_MAX, nullable=True)}),
            description="The customer's optional rating (1 = poor, 5 = "
                        'excellent) and feedback; feedback holding an '
                        'identity code, e-mail or phone number is refused '
                        'with 422 personal_data. The body may be empty.'),
        'Flag': _closed({'reason': _enum(desk.FLAG_REASONS),
                         'comment': _text(desk.COMMENT_MAX, nullable=True),
                         'ticket': dict(NULLABLE_STRING, description=(
                             'One of your tickets about the card'))},
                        ['reason']),
        'FlagResolve': _closed({'resolution': _text(1000, True)},
                               ['resolution']),
        'PriceChange': dict(_closed({
            'effective': DATE,
            'provider': _enum(providers, nullable=True),
            'suorite': _enum(sorted(refdata.suoritteet()), nullable=True),
            'minutes': {'type': ['integer', 'null'], 'minimum': 0,
                        'maximum': 240},
            'minute_price': {'type': ['string', 'null'],
                             'pattern': MINUTE_PRICE}},
            ['effective']),
            description='New minutes for one provider and performance '
                        'type (both given), or a new minute price (euros, '
                        'at most 100) for all.',
            anyOf=[
                {'required': ['provider', 'suorite'], 'properties': {
                    'provider': STRING, 'suorite': STRING},
                 'anyOf': [_given('minutes'), _given('minute_price')]},
                {'required': ['minute_price'], 'properties': {
                    'provider': NULL, 'suorite': NULL, 'minutes': NULL,
                    'minute_price': STRING}}]),
    }


def _response_schemas():
    user = _open({'name': STRING, 'role': _enum(refdata.ROLES),
                  'provider': NULLABLE_STRING, 'point': NULLABLE_STRING,
                  'points': STRINGS,
                  'locale': NULLABLE_STRING, 'active': BOOLEAN,
                  'email': NULLABLE_STRING, 'mail': _enum(MAIL_CHOICES)},
                 ['name', 'role', 'provider', 'point', 'points', 'active'])
    notice = _open({'id': STRING, 'provider': STRING,
                    'kind': _enum(notices.KINDS), 'content': OBJECT,
                    'valid_from': STRING, 'valid_until': STRING,
                    'point': NULLABLE_STRING, 'cards': STRINGS,
                    'public': BOOLEAN, 'author': STRING,
                    'created': STRING},
                   ['id', 'provider', 'kind', 'content', 'valid_from',
                    'valid_until'])
    status = _open({'card': STRING, 'provider': NULLABLE_STRING,
                    'version': NULLABLE_INTEGER, 'action': NULLABLE_STRING,
                    'state': STRING, 'attempts': INTEGER,
                    'messages': {'type': 'array'}},
                   ['card', 'state'])
    moment = NULLABLE_STRING
    return {
        'Error': {
            'type': 'object',
            'description': 'Every error answer (kb.views.errors)',
            'required': ['error', 'message', 'details'],
            'properties': {
                'error': dict(STRING, description='A code: validation, '
                              'conflict, stale_version, not_found, ...'),
                'message': dict(STRING, description='In the caller\'s '
                                'language'),
                'details': {'description': 'null, or for 422 a list of '
                            '{"field", "message"}'},
            },
        },
        'Session': _open({'user': {'anyOf': [ref('UserView'), {
            'type': 'null'}]}, 'csrf_token': STRING},
            ['user', 'csrf_token']),
        'LoggedOut': _open({'user': {'type': 'null'}}, ['user']),
        'UserView': user,
        'Users': _items(ref('UserView')),
        'CardView': _open({
            'id': STRING, 'provider': STRING, 'version': VERSION,
            'languages': {'type': 'object', 'additionalProperties': _open(
                {'status': _enum(['current', 'outdated'])}, ['status'])},
            'kind': _enum(refdata.KINDS), 'content': OBJECT,
            'state': STRING, 'head_version': VERSION,
            'working_version': NULLABLE_INTEGER,
            'published_version': NULLABLE_INTEGER,
            'transitions': STRINGS, 'workflow': STRING,
            'open_flags': INTEGER},
            ['id', 'provider', 'version', 'languages', 'content']),
        'CardSummary': _open({
            'id': STRING, 'provider': STRING, 'kind': STRING,
            'version': VERSION, 'titles': OBJECT, 'languages': STRINGS,
            'state': STRING}, ['id', 'provider', 'kind', 'version',
                               'titles', 'languages']),
        'CardList': _items(ref('CardSummary'), total=INTEGER,
                           offset=INTEGER, limit=INTEGER),
        'ReviewDue': _items(ref('CardSummary'), today=DATE, total=INTEGER),
        'Versions': _open({'id': STRING, 'head': VERSION,
                           'published': NULLABLE_INTEGER,
                           'working': NULLABLE_INTEGER,
                           'versions': {'type': 'array', 'items': _open({
                               'version': VERSION, 'author': STRING,
                               'time': STRING, 'state': STRING,
                               'comment': NULLABLE_STRING,
                               'restored': NULLABLE_INTEGER},
                               ['version', 'author', 'time'])}},
                          ['id', 'head', 'versions']),
        'Diff': _open({'id': STRING, 'from': VERSION, 'to': VERSION},
                      ['id', 'from', 'to']),
        'NoticeView': notice,
        'Notices': _items(ref('NoticeView'), now=STRING),
        'Token': _open({'token': STRING, 'label': STRING},
                       ['token', 'label']),
        'Tokens': _items(_open({'id': STRING, 'label': STRING,
                                'created': STRING}, ['id', 'label'])),
        'Revoked': _open({'revoked': STRING}, ['revoked']),
        'Notifications': _items(_open({
            'id': STRING, 'kind': _enum(KINDS), 'card': STRING,
            'time': STRING, 'read': BOOLEAN,
            'text': dict(STRING, description="In the caller's language"),
            'link': dict(STRING, description='The page to open')},
            ['id', 'kind', 'card', 'time', 'read', 'text', 'link']),
            unread=INTEGER),
        'NotificationsMarked': _open({'marked': INTEGER, 'unread': INTEGER},
                                     ['marked', 'unread']),
        'ProviderView': _open({
            'code': STRING, 'names': OBJECT, 'web': STRING,
            'remote': dict(OBJECT, description='Logged-in users only')},
            ['code', 'names', 'web']),
        'Providers': _items(ref('ProviderView')),
        'PointView': _open(dict({field: STRING for field in POINT_FIELDS},
                                code=STRING, active=BOOLEAN),
                           ['code', 'active']),
        'Points': _items(ref('PointView')),
        'PointCardView': _open({'point': STRING, 'card': STRING,
                                'offered': BOOLEAN, 'onsite': BOOLEAN,
                                'addendum': STRING},
                               ['point', 'card', 'offered', 'onsite',
                                'addendum']),
        'PointCards': _items(_open({'card': STRING, 'offered': BOOLEAN,
                                    'onsite': BOOLEAN, 'addendum': STRING},
                                   ['card', 'offered', 'onsite',
                                    'addendum']), point=STRING),
        'OnsiteView': _open({'point': STRING, 'provider': STRING,
                             'days': STRINGS, 'hours': STRING},
                            ['point', 'provider', 'days', 'hours']),
        'Onsite': _items(ref('OnsiteView'), point=STRING),
        'Items': _items(OBJECT),
        'SearchResults': _open({
            'query_id': NULLABLE_INTEGER,
            'stage': STRING,
            'total': INTEGER,
            'results': {'type': 'array', 'items': _open({
                'id': STRING, 'kind': STRING, 'provider': STRING,
                'lang': dict(STRING, description='The language that '
                             'matched'),
                'languages': STRINGS, 'title': STRING, 'summary': STRING,
                'score': {'type': 'number'},
                'offered_here': dict(BOOLEAN, description="Advisors: "
                                     "whether the advisor's service point "
                                     'offers the service today (those it '
                                     'does not come last)'),
                'highlights': {
                    'type': 'object',
                    'description': 'Field → HTML snippet; matched words '
                                   'in <mark>, the rest escaped',
                    'additionalProperties': STRING}}, ['id'])},
            'facets': dict(OBJECT, description='provider, kind, channel, '
                           'life_event, lang → value → count')},
            ['total', 'results']),
        'Suggestions': _open({'q': STRING, 'suggestions': {
            'type': 'array',
            'items': _open({'id': STRING, 'title': STRING}, ['id'])}},
            ['q', 'suggestions']),
        'OpenedView': _open({'query_id': INTEGER, 'card': STRING},
                            ['query_id', 'card']),
        'Analytics': _items(OBJECT, report=_enum(['zero', 'unopened']),
                            days=INTEGER),
        'SearchSuggestions': _items(_open({
            'id': STRING, 'kind': _enum(suggestions.KINDS),
            'lang': STRING, 'everyday': STRING,
            'target': dict(STRING, description='Official words, or '
                           'card:<card id> for a keyword'),
            'card': STRING, 'provider': STRING,
            'count': dict(INTEGER, description='Searches that led to it'),
            'used': dict(INTEGER, description='Of them, the card was used'),
            'audiences': dict(OBJECT, description='Searches by audience'),
            'points': dict(OBJECT, description='Searches by service point'),
            'last': STRING}, ['id', 'kind', 'lang', 'everyday', 'target',
                              'provider', 'count']),
            days=INTEGER, minimum=INTEGER),
        'SuggestionDecided': _open({
            'id': STRING, 'decision': _enum(rules.DECISIONS),
            'kind': _enum(suggestions.KINDS), 'lang': STRING,
            'everyday': STRING, 'target': STRING, 'provider': STRING,
            'count': INTEGER}, ['id', 'decision', 'lang', 'everyday',
                                'target']),
        'Synonyms': _open({'version': INTEGER, 'groups': {
            'type': 'array', 'items': ref('SynonymGroup')}},
            ['version', 'groups']),
        'SynonymGroup': _open(
            {'id': INTEGER, 'lang': STRING, 'terms': STRINGS,
             'provider': NULLABLE_STRING},
            ['id', 'lang', 'terms', 'provider']),
        'Ticket': _open({
            'id': STRING, 'point': STRING, 'card': STRING,
            'state': _enum(['open', 'resolved', 'closed', 'cancelled']),
            'allowed_suoritteet': STRINGS,
            'opened': moment, 'resolved': moment, 'closed': moment,
            'cancelled': moment,
            'unit_price_eur': NULLABLE_STRING,
            'rating': {'type': ['integer', 'null']}, 'feedback': STRING},
            ['id', 'point', 'card', 'state', 'allowed_suoritteet']),
        'Tickets': _items(ref('Ticket'), point=STRING),
        'FlagView': _open({
            'id': STRING, 'card': STRING, 'provider': STRING,
            'reason': _enum(desk.FLAG_REASONS),
            'state': STRING, 'resolution': NULLABLE_STRING},
            ['id', 'card', 'provider', 'reason', 'state']),
        'Flags': _items(ref('FlagView')),
        'CardFlags': _items(ref('FlagView'), card=STRING),
        'Signals': _open({'card': STRING, 'uses': INTEGER,
                          'outcomes': OBJECT, 'closed': OBJECT,
                          'resolved': OBJECT, 'open_flags': INTEGER,
                          'feedback': _open({
                              'count': INTEGER, 'rated': INTEGER,
                              'mean_rating': {'type': ['number', 'null']}},
                              ['count', 'rated', 'mean_rating'])},
                         ['card', 'uses', 'outcomes', 'open_flags']),
        'PriceChanged': _open({'effective': DATE, 'changed': {}},
                              ['effective', 'changed']),
        'Monthly': _open({'month': STRING, 'monthly': OBJECT,
                          'cumulative': OBJECT},
                         ['month', 'monthly', 'cumulative']),
        'Billing': _open({'quarter': STRING, 'bills': {
            'type': 'array', 'items': OBJECT}, 'times': {
            'type': 'array', 'items': OBJECT}}, ['quarter', 'bills']),
        'PackView': _open({
            'id': STRING, 'kind': _enum(packs.KINDS),
            'period': STRING, 'scope': _enum(packs.SCOPES),
            'code': NULLABLE_STRING, 'created': STRING},
            ['id', 'kind', 'period', 'scope', 'code', 'created']),
        'Packs': _items(ref('PackView')),
        'Recipients': _closed({
            'addresses': {'type': 'array', 'maxItems': RECIPIENTS_MAX,
                          'items': _text(ADDRESS_MAX)},
            'lang': _enum(refdata.UI_LANGUAGES, nullable=True)},
            ['addresses']),
        'RecipientsView': _open({
            'addresses': STRINGS, 'lang': _enum(refdata.UI_LANGUAGES)},
            ['addresses', 'lang']),
        'Pack': {'allOf': [ref('PackView'), _open({'report': OBJECT},
                                                  ['report'])]},
        'Audit': _items(OBJECT, next_before=NULLABLE_INTEGER),
        'Publication': _items(OBJECT, next=NULLABLE_INTEGER),
        'CardPublication': _items(OBJECT, suomifi={
            'anyOf': [status, {'type': 'null'}]}),
        'SuomifiStatus': _items(status, push=BOOLEAN),
        'SuomifiState': status,
        'Feed': OBJECT,
        'Document': dict(OBJECT, description='This document'),
    }


ERRORS = {
    '400': 'The CSRF token is missing (session cookie), the address or '
           'the body is not valid UTF-8, or JSON is nested deeper than 32',
    '401': 'Not logged in, or the API token or session is not valid',
    '403': 'Not allowed for the caller',
    '404': 'Not found (or not visible to the caller)',
    '409': 'Stale base version, code or name taken, or not possible in '
           'the current state',
    '413': 'The body is larger than 1 MiB',
    '422': 'Validation errors, listed in details (also text with control '
           'characters or lone surrogates, in the body, path or query)',
    '429': 'Too many failed logins; Retry-After tells when to try again',
    '503': 'The data stayed busy (others changed it at the same time); '
           'try again after Retry-After',
}
#: What any request may meet, before or whatever its view: the edge's
#: refusals (kb.views.input), a bad token, a conflict that outlived
#: the retries.
EVERY_OPERATION = ('400', '401', '422', '503')


def _param(name, description, required=False, where='query',
           schema=STRING):
    return {'name': name, 'in': where, 'required': required,
            'description': description, 'schema': schema}


def _path(name, description):
    return _param(name, description, True, 'path')


def _filter(values):
    """A query filter: one of ``values``, or empty for none."""
    return {'type': 'string', 'enum': list(values) + ['']}


def _codes(name, description, table):
    """A query filter by a directory code: ``table`` (``providers`` or
    ``points``) names the codes, listed when the document is made."""
    return _param(name, description, schema=table)


def _int(name, description, minimum, maximum, required=False):
    return _param(name, description, required,
                  schema={'type': 'integer', 'minimum': minimum,
                          'maximum': maximum})


ID = _path('id', 'Card id')
LIMIT = 2 ** 63 - 1
PROVIDER = _path('provider', 'Provider code')
USER = _path('name', 'User name')
TICKET = _path('id', 'Ticket id')
SUGGESTION = _path('id', 'Suggestion id')
PROVIDER_FILTER = _codes('provider', 'Provider code', 'providers')
#: The scope and format of a report.
REPORT_SCOPE = (_codes('point', 'Service point', 'points'),
                _codes('provider', 'Provider', 'providers'),
                _param('format', 'csv, or anything else for json'))

#: (method, path, summary, parameters, request schema, (success status,
#: response schema), error statuses besides 400, 401 (a token that is
#: not valid) and, for writes, 503)
OPERATIONS = [
    ('get', '/api/v1/session', 'The current user and a CSRF token', [],
     None, ('200', 'Session'), ''),
    ('post', '/api/v1/login', 'Log in; sets the session cookie', [],
     'Login', ('200', 'Session'), '401 422 429'),
    ('post', '/api/v1/logout', 'Log out', [], None, ('200', 'LoggedOut'),
     ''),
    ('get', '/api/v1/cards', 'Cards visible to the caller',
     [PROVIDER_FILTER,
      _param('state', 'Workflow state (editors)'),
      _param('lang', 'Only cards with text in this language',
             schema=_filter(refdata.LANGUAGES)),
      _int('limit', 'Page size', 1, 500),
      _int('offset', 'Skip this many', 0, 10 ** 9)],
     None, ('200', 'CardList'), '422'),
    ('post', '/api/v1/cards', 'Create a card (a draft)', [], 'Card',
     ('201', 'CardView'), '401 403 409 422'),
    ('get', '/api/v1/cards/{id}', 'The card as the caller may see it',
     [ID, _int('version', 'A version from the history', 1, LIMIT)],
     None, ('200', 'CardView'), '404 422'),
    ('put', '/api/v1/cards/{id}', 'Save a new version', [ID], 'CardSave',
     ('200', 'CardView'), '401 403 404 409 422'),
    ('get', '/api/v1/cards/{id}/versions', 'Version history', [ID], None,
     ('200', 'Versions'), '404'),
    ('get', '/api/v1/cards/{id}/diff',
     'Differences of two versions, field by field and language by '
     'language',
     [ID, _int('from', 'Older version', 1, LIMIT, True),
      _int('to', 'Newer version (default: newest)', 1, LIMIT)],
     None, ('200', 'Diff'), '404 422'),
    ('post', '/api/v1/cards/{id}/transitions', 'Fire a workflow transition',
     [ID], 'Transition', ('200', 'CardView'), '401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/restore',
     'Save an old version again as the newest (then through the '
     'workflow)', [ID], 'Restore', ('200', 'CardView'),
     '401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/unschedule',
     'Cancel the version approved for a later date (central editor); '
     'the published version stays', [ID], None, ('200', 'CardView'),
     '401 403 404 409'),
    ('post', '/api/v1/cards/{id}/move', 'Move a card to another provider',
     [ID], 'Move', ('200', 'CardView'), '401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/languages/{lang}/confirm',
     'Confirm that a translation is up to date',
     [ID, _path('lang', 'Language code')], None, ('200', 'CardView'),
     '401 403 404 409 422'),
    ('get', '/api/v1/review-due', 'Cards past their review-by date',
     [PROVIDER_FILTER], None, ('200', 'ReviewDue'),
     '401 403 422'),
    ('get', '/api/v1/notices', 'Notices in force',
     [PROVIDER_FILTER, _codes('point', 'Service point code', 'points')],
     None, ('200', 'Notices'),
     '422'),
    ('post', '/api/v1/notices', 'Add a notice', [], 'Notice',
     ('201', 'NoticeView'), '401 403 422'),
    ('get', '/api/v1/notices/{provider}/{id}', 'A notice',
     [PROVIDER, _path('id', 'Notice id')], None, ('200', 'NoticeView'),
     '404'),
    ('put', '/api/v1/notices/{provider}/{id}', 'Change a notice',
     [PROVIDER, _path('id', 'Notice id')], 'NoticeChange',
     ('200', 'NoticeView'), '401 403 404 422'),
    ('get', '/api/v1/notifications',
     "The caller's notifications, newest first",
     [_param('unread', 'true: only the unread ones')], None,
     ('200', 'Notifications'), '401'),
    ('post', '/api/v1/notifications/read',
     "Mark some or all of the caller's notifications read", [],
     'NotificationsRead', ('200', 'NotificationsMarked'), '401 422'),
    ('get', '/api/v1/users', 'Users (administrators)', [], None,
     ('200', 'Users'), '401 403'),
    ('post', '/api/v1/users', 'Add a user (administrators)', [], 'User',
     ('201', 'UserView'), '401 403 409 422'),
    ('get', '/api/v1/users/{name}', 'A user (self or administrators)',
     [USER], None, ('200', 'UserView'), '404'),
    ('get', '/api/v1/users/{name}/tokens', "A user's API tokens",
     [USER], None, ('200', 'Tokens'), '404'),
    ('post', '/api/v1/users/{name}/tokens',
     'Issue an API token (shown once)', [USER], 'TokenRequest',
     ('201', 'Token'), '404 422'),
    ('delete', '/api/v1/users/{name}/tokens/{token}', 'Revoke a token',
     [USER, _path('token', 'Token id')], None, ('200', 'Revoked'), '404'),
    ('patch', '/api/v1/users/{name}',
     'Change role, provider, point or active (administrators; never '
     'the last active administrator)',
     [USER], 'UserChange', ('200', 'UserView'), '401 403 404 409 422'),
    ('put', '/api/v1/users/{name}/mail',
     'Set the work e-mail address and when to mail notifications (the '
     'user, or administrators)',
     [USER], 'MailSettings', ('200', 'UserView'), '401 404 422'),
    ('post', '/api/v1/users/{name}/password',
     'Set a new password (administrators)',
     [USER], 'Password', ('200', 'UserView'), '401 403 404 422'),
    ('get', '/api/v1/providers', 'Providers', [], None,
     ('200', 'Providers'), ''),
    ('post', '/api/v1/providers', 'Add a provider (administrators)', [],
     'Provider', ('201', 'ProviderView'), '401 403 409 422'),
    ('get', '/api/v1/providers/{code}', 'A provider',
     [_path('code', 'Provider code')], None, ('200', 'ProviderView'),
     '404'),
    ('patch', '/api/v1/providers/{code}',
     'Change names (given languages) or web address (administrators)',
     [_path('code', 'Provider code')], 'ProviderChange',
     ('200', 'ProviderView'), '401 403 404 422'),
    ('get', '/api/v1/points', 'Service points', [], None,
     ('200', 'Points'), ''),
    ('post', '/api/v1/points', 'Add a service point (administrators)', [],
     'Point', ('201', 'PointView'), '401 403 409 422'),
    ('get', '/api/v1/points/{code}', 'A service point',
     [_path('code', 'Service point code')], None, ('200', 'PointView'),
     '404'),
    ('patch', '/api/v1/points/{code}',
     'Change fields or deactivate/reactivate (administrators; a point '
     'with active users stays active)',
     [_path('code', 'Service point code')], 'PointChange',
     ('200', 'PointView'), '401 403 404 409 422'),
    ('get', '/api/v1/points/{code}/cards/{id}',
     "Whether a card's service is offered at the point, and the point's "
     'local addendum (the point\'s staff, central editor, administrators)',
     [_path('code', 'Service point code'), _path('id', 'Card id')], None,
     ('200', 'PointCardView'), '401 403 404'),
    ('put', '/api/v1/points/{code}/cards/{id}',
     "Set whether a card's service is offered at the point and its local "
     "addendum (the point's manager, administrators; no personal data)",
     [_path('code', 'Service point code'), _path('id', 'Card id')],
     'PointCardChange', ('200', 'PointCardView'), '401 403 404 422'),
    ('get', '/api/v1/points/{code}/cards',
     'The cards the point has said something about (the others are '
     "offered, with no addendum; the point's staff, central editor, "
     'administrators)', [_path('code', 'Service point code')], None,
     ('200', 'PointCards'), '401 403 404'),
    ('get', '/api/v1/points/{code}/onsite',
     "Each provider's on-site days at the point: the weekdays its own "
     "clerk is there (the point's staff, central editor, administrators)",
     [_path('code', 'Service point code')], None, ('200', 'Onsite'),
     '401 403 404'),
    ('get', '/api/v1/points/{code}/onsite/{provider}',
     "A provider's on-site days at the point",
     [_path('code', 'Service point code'), _path('provider',
                                                 'Provider code')],
     None, ('200', 'OnsiteView'), '401 403 404'),
    ('put', '/api/v1/points/{code}/onsite/{provider}',
     "Set a provider's on-site days at the point and a short hours text "
     "(the point's manager, administrators; no personal data)",
     [_path('code', 'Service point code'), _path('provider',
                                                 'Provider code')],
     'OnsiteChange', ('200', 'OnsiteView'), '401 403 404 422'),
    ('get', '/api/v1/suoritteet', 'Performance types and prices',
     [_param('date', 'Prices in force on this date')], None,
     ('200', 'Items'), ''),
    ('get', '/api/v1/life-events', 'Life events', [], None,
     ('200', 'Items'), ''),
    ('get', '/api/v1/workflows', 'The workflows in force', [], None,
     ('200', 'Items'), ''),
    ('get', '/api/v1/audit', 'The audit log, newest first',
     [_param('object', 'Object id'), _param('actor', 'User name'),
      _int('limit', 'Page size', 1, 1000),
      _int('before', 'Entries before this seq', 0, LIMIT)],
     None, ('200', 'Audit'), '401 403 422'),
    ('get', '/api/v1/search',
     'Full-text search as the caller may see (public: published public '
     'text; advisors: also advisor instructions, procedure guides, '
     'notices in force; editors: also their drafts)',
     [_param('q', 'Search text', True, schema={
         'type': 'string', 'maxLength': QUERY_MAX, 'pattern': FILLED}),
      _param('lang', "The caller's language (default fi)",
             schema=_filter(LANGS)),
      PROVIDER_FILTER,
      _param('channel', 'Service channel',
             schema=_filter(FILTER_CODES['channel']())),
      _param('life_event', 'Life event code',
             schema=_filter(sorted(FILTER_CODES['life_event']()))),
      _param('kind', 'service, procedure, package or notice',
             schema=_filter(FILTER_CODES['kind']())),
      _param('point', 'Advisors of several service points: the point to '
             'search for (one of theirs; default the chosen one)',
             schema={'type': 'string', 'maxLength': 40}),
      _int('limit', 'Page size', 1, 50),
      _int('offset', 'Skip this many', 0, 1000)],
     None, ('200', 'SearchResults'), '403 422'),
    ('get', '/api/v1/search/suggest', 'Titles for as-you-type',
     [_param('q', 'The text typed so far', True, schema={
         'type': 'string', 'maxLength': QUERY_MAX, 'pattern': FILLED}),
      _param('lang', "The caller's language", schema=_filter(LANGS))],
     None, ('200', 'Suggestions'), '422'),
    ('post', '/api/v1/search/opened',
     'Record that a result of a search was opened', [], 'Opened',
     ('200', 'OpenedView'), '404 422'),
    ('get', '/api/v1/search/analytics',
     'Zero-result and unopened queries (own provider; all for the '
     'central editor)',
     [_param('report', 'zero (default) or unopened',
             schema=_filter(['zero', 'unopened'])),
      _param('lang', 'Language', schema=_filter(LANGS)),
      _int('days', 'How far back (default 30)', 1, 3650)],
     None, ('200', 'Analytics'), '401 403 422'),
    ('get', '/api/v1/search/suggestions',
     'Keywords and synonyms suggested from searches that led to a card '
     'they did not find, last 90 days (own provider; all for the '
     'central editor)', [], None, ('200', 'SearchSuggestions'),
     '401 403'),
    ('post', '/api/v1/search/suggestions/{id}/accept',
     'Accept a suggestion: a search rule at once, audited (editors, own '
     'provider)', [SUGGESTION], None, ('200', 'SuggestionDecided'),
     '401 403 404 409'),
    ('post', '/api/v1/search/suggestions/{id}/dismiss',
     'Dismiss a suggestion for good, audited (editors, own provider)',
     [SUGGESTION], None, ('200', 'SuggestionDecided'), '401 403 404 409'),
    ('get', '/api/v1/synonyms', 'The synonym list', [], None,
     ('200', 'Synonyms'), ''),
    ('put', '/api/v1/synonyms',
     'Replace the synonym list (editors; a provider editor may change '
     "only their provider's groups: 403 not_your_group)", [],
     'SynonymsChange', ('200', 'Synonyms'), '401 403 409 422'),
    ('post', '/api/v1/synonyms/groups',
     "Add a synonym group (editors; the caller's provider's unless "
     'provider says otherwise)', [], 'SynonymGroupChange',
     ('201', 'SynonymGroup'), '401 403 409 422'),
    ('put', '/api/v1/synonyms/groups/{id}',
     "Change a synonym group (editors: their provider's; the central "
     'editor: any); provider left out: the owner stays',
     [_path('id', 'Group id')], 'SynonymGroupChange',
     ('200', 'SynonymGroup'), '401 403 404 409 422'),
    ('delete', '/api/v1/synonyms/groups/{id}',
     "Remove a synonym group (editors: their provider's; the central "
     'editor: any)',
     [_path('id', 'Group id'),
      _int('base_version', 'The list version the removal is based on',
           1, LIMIT, True)],
     None, ('200', 'Synonyms'), '401 403 404 409 422'),
    ('post', '/api/v1/tickets',
     'Open a ticket (advisors, at their own point); times are the '
     "server's", [], 'TicketOpen', ('201', 'Ticket'), '401 403 422'),
    ('get', '/api/v1/tickets',
     "Open tickets of a point; stale=1: left open past the day",
     [_codes('point', 'Service point (default: your own; required of '
             'a caller without one)', 'points'),
      _param('stale', 'Only tickets open past the day they were opened')],
     None, ('200', 'Tickets'), '401 403 422'),
    ('get', '/api/v1/tickets/{id}', 'A ticket of your point',
     [TICKET], None, ('200', 'Ticket'), '401 404'),
    ('post', '/api/v1/tickets/{id}/resolve',
     'Record (or change) the performance type and outcome',
     [TICKET], 'TicketResolve', ('200', 'Ticket'),
     '401 403 404 409 422'),
    ('post', '/api/v1/tickets/{id}/close',
     "Close: registers the performance for good, with the customer's "
     'optional feedback',
     [TICKET], 'TicketClose', ('200', 'Ticket'), '401 403 404 409 422'),
    ('post', '/api/v1/tickets/{id}/cancel',
     'Cancel a ticket opened by mistake (never billed)',
     [TICKET], None, ('200', 'Ticket'), '401 403 404 409'),
    ('post', '/api/v1/cards/{id}/flags',
     "Flag a card as wrong, unclear or out of date (advisors)", [ID],
     'Flag', ('201', 'FlagView'), '401 403 404 422'),
    ('get', '/api/v1/cards/{id}/flags', "A card's open flags (its editors)",
     [ID], None, ('200', 'CardFlags'), '404'),
    ('get', '/api/v1/cards/{id}/signals',
     'How often a card was used, outcomes, median handling time, '
     'customer feedback', [ID],
     None, ('200', 'Signals'), '404'),
    ('get', '/api/v1/flags',
     "The provider's flag queue (all for the central editor)",
     [_param('state', 'all: also closed flags')], None, ('200', 'Flags'),
     '401 403'),
    ('post', '/api/v1/flags/{provider}/{id}/resolve', 'Close a flag',
     [PROVIDER, _path('id', 'Flag id')], 'FlagResolve',
     ('200', 'FlagView'), '401 403 404 409 422'),
    ('post', '/api/v1/prices',
     'New minutes or a new minute price from a date on (administrators)',
     [], 'PriceChange', ('200', 'PriceChanged'), '401 403 422'),
    ('get', '/api/v1/reports/monthly',
     "The month's reports and the cumulative ones from January",
     [_param('month', 'YYYY-MM', True, schema={
         'type': 'string', 'pattern': r'^[0-9]{4}-(0[1-9]|1[0-2])$'}),
      *REPORT_SCOPE], None,
     ('200', 'Monthly'), '401 403 422'),
    ('get', '/api/v1/reports/billing',
     "The quarter's bills, one per point per provider",
     [_param('quarter', 'YYYYQn', True, schema={
         'type': 'string', 'pattern': r'^[0-9]{4}Q[1-4]$'}),
      *REPORT_SCOPE,
      _param('table', 'With format=csv: bills (the default) or times '
             '(priced minutes against measured handling times)',
             schema=_filter(BILLING_TABLES))], None,
     ('200', 'Billing'), '401 403 422'),
    ('get', '/api/v1/reports/packs',
     'The month-end and quarter-end report packs the caller may read, '
     'newest first',
     [_param('kind', 'monthly or billing', schema=_filter(packs.KINDS)),
      _param('period', 'YYYY-MM (monthly) or YYYYQn (billing)', schema={
          'type': 'string',
          'pattern': r'^([0-9]{4}-(0[1-9]|1[0-2])|[0-9]{4}Q[1-4])?$'})],
     None,
     ('200', 'Packs'), '401 403 422'),
    ('get', '/api/v1/reports/packs/{id}',
     "One report pack: its figures as the report gave them when the "
     "period had ended (format=csv: one table)",
     [_path('id', 'Pack id, e.g. monthly-2015-03-provider-kela'),
      _param('format', 'csv, or anything else for json'),
      _param('table', 'With format=csv, of a billing pack: bills (the '
             'default) or times', schema=_filter(BILLING_TABLES))], None,
     ('200', 'Pack'), '401 403 404 422'),
    *(op for kind, code in (('providers', 'Provider code'),
                            ('points', 'Service point code'))
      for op in (
          ('get', f'/api/v1/{kind}/{{code}}/report-recipients',
           'Who receives the report packs, in which language '
           '(administrators)', [_path('code', code)], None,
           ('200', 'RecipientsView'), '401 403 404'),
          ('put', f'/api/v1/{kind}/{{code}}/report-recipients',
           'Replace the report packs\' recipients (at most '
           f'{RECIPIENTS_MAX} e-mail addresses) and their language '
           '(null: a point\'s first language of service, else fi; '
           'administrators)', [_path('code', code)], 'Recipients',
           ('200', 'RecipientsView'), '401 403 404 422'))),
    ('get', '/api/v1/publication',
     'The publication log, newest first (provider staff: their own '
     "provider's cards)",
     [_param('channel', 'intranet, public or suomifi',
             schema=_filter(log.CHANNELS)),
      _param('outcome', 'done, scheduled, pending or failed',
             schema=_filter(log.OUTCOMES)),
      _int('before', 'Only entries older than this seq (paging)', 0,
           LIMIT),
      _int('limit', 'Page size', 1, 500)],
     None, ('200', 'Publication'), '401 403 422'),
    ('get', '/api/v1/cards/{id}/publication',
     "A card's publication log and its Suomi.fi state", [ID], None,
     ('200', 'CardPublication'), '404'),
    ('get', '/api/v1/suomifi/status',
     'Suomi.fi publications that failed or still wait', [], None,
     ('200', 'SuomifiStatus'), '401 403'),
    ('post', '/api/v1/suomifi/{id}/retry',
     'Send a card to Suomi.fi again (central editor)', [ID], None,
     ('200', 'SuomifiState'), '401 403 404'),
    ('get', '/suomifi/v1/services',
     'Suomi.fi (PTV) service documents changed after since, oldest change '
     'first; pass the answer\'s until as the next since',
     [_param('since', 'ISO 8601 time with a time zone', schema={
         'type': 'string', 'anyOf': [{'const': ''}, {
             'format': 'date-time',
             'pattern': r'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:'
                        r'[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$'}]}),
      _int('limit', 'Page size', 1, 500)],
     None, ('200', 'Feed'), '422'),
    ('get', '/api/v1/openapi.json', 'This document', [], None,
     ('200', 'Document'), ''),
]
NOTICE_RULES = (
    ('cards', 'validation', "A card that is not the notice's provider's"),
    ('valid_until', 'validation', 'Not after valid_from'))
CARD_RULES = (
    ('cards', 'validation', 'Not the id of an existing card, or given for '
                            'a card that is not a package (required for '
                            'one)'),
    ('suoritteet', 'validation', 'A performance type the provider does not '
                                 'offer'),
    ('default_suorite', 'validation', "Not one of the card's suoritteet"))
PERSONAL_DATA = 'personal_data', ('Holds an identity code, e-mail address '
                                  'or phone number')
#: (method, path) → the rules a schema cannot state (they compare two
#: fields' values, or depend on the data or the caller): (field, error
#: code, rule); a request breaking one is refused with 422 and that
#: error code, naming the field in its details.
RULES = {
    ('post', '/api/v1/cards'): CARD_RULES,
    ('put', '/api/v1/cards/{id}'): CARD_RULES,
    ('post', '/api/v1/notices'): NOTICE_RULES,
    ('put', '/api/v1/notices/{provider}/{id}'): NOTICE_RULES,
    ('post', '/api/v1/tickets'): (
        ('card', 'validation', 'No card of this id is published, or it '
                               'is a service package or procedure guide '
                               '(tickets are opened on its cards)'),
        ('channel', 'validation', "Not one of the card's channels (a card "
                                  'with none has no tickets)'),
        ('note', *PERSONAL_DATA)),
    ('get', '/api/v1/tickets'): (
        ('point', 'validation', 'Not given by a caller who has no point'),),
    ('post', '/api/v1/cards/{id}/flags'): (('comment', *PERSONAL_DATA),),
}
#: Answers in CSV besides JSON (``format=csv``).
CSV = ('/api/v1/reports/monthly', '/api/v1/reports/billing',
       '/api/v1/reports/packs/{id}')


def _json(schema):
    return {'application/json': {'schema': schema}}


def _operation(codes, method, path, summary, params, request_schema,
               success, errors):
    """One operation; ``codes``: table name → the directory's codes."""
    status, response_schema = success
    params = [dict(param, schema=_filter(codes[param['schema']]))
              if isinstance(param['schema'], str) else param
              for param in params]
    content = _json(ref(response_schema))
    if path in CSV:
        content['text/csv'] = {'schema': STRING}
    op = {'summary': summary, 'parameters': params, 'responses': {
        status: {'description': 'Created' if status == '201' else 'OK',
                 'content': content}}}
    if request_schema:
        op['requestBody'] = {'required': True,
                             'content': _json(ref(request_schema))}
    codes = set(EVERY_OPERATION).union(
        errors.split(), ['413'] if request_schema else [])
    for code in sorted(codes):
        op['responses'][code] = {'description': ERRORS[code],
                                 'content': _json(ref('Error'))}
    rules = RULES.get((method, path))
    if rules:
        op['x-rules'] = [{'status': 422, 'error': error, 'field': field,
                          'rule': rule} for field, error, rule in rules]
        op['responses']['422']['description'] += (
            '; also, beyond the schema: ' + '; '.join(
                f'{field}: {rule} ({error})' for field, error, rule in rules))
    return op


def refuse_control_characters(schema):
    """``schema`` (a document or a part of it) with every free string
    given :data:`~kb.untrusted.TEXT_PATTERN`, as the edge refuses those
    characters in any text (a string with a pattern, an enum or a
    format is narrower already)."""
    if isinstance(schema, list):
        return [refuse_control_characters(each) for each in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: refuse_control_characters(value)
            for key, value in schema.items()}
    kind = schema.get('type')
    if (kind == 'string' or isinstance(kind, list) and 'string' in kind) \
            and not {'pattern', 'enum', 'const', 'format', 'anyOf'} & set(
                schema):
        copy['pattern'] = TEXT_PATTERN
    return copy


def document(providers=(), points=(), closed=()):
    """The OpenAPI document as a dict; ``providers`` and ``points``: the
    codes in the directory, ``closed``: the points closed."""
    providers, points = sorted(providers), sorted(points)
    codes = {'providers': providers, 'points': points}
    paths = {}
    for method, path, *rest in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(codes, method, path,
                                                        *rest)
    return refuse_control_characters({
        'openapi': '3.1.0',
        'info': {
            'title': 'Service card knowledge base API',
            'version': '1',
            'description': (
                'Authenticate with the session cookie (then send the CSRF '
                'token from GET /api/v1/session as X-CSRF-Token on every '
                'POST, PUT, PATCH and DELETE) or with Authorization: '
                'Bearer TOKEN. A method not listed for a path answers '
                '405 with an Allow header.'
            ),
        },
        'components': {
            'schemas': dict(_request_schemas(
                providers, points,
                [code for code in points if code not in closed]),
                **_response_schemas()),
            'securitySchemes': {
                'bearer': {'type': 'http', 'scheme': 'bearer'},
                'session': {'type': 'apiKey', 'in': 'cookie',
                            'name': 'session'},
            },
        },
        'security': [{'bearer': []}, {'session': []}, {}],
        'paths': paths,
    })


@view_config(route_name='api.openapi', context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def openapi(request):
    points = request.directory.points
    return document(request.directory.providers, points,
                    [code for code, row in points.items()
                     if not row['active']])
