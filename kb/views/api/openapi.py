"""The OpenAPI 3 document of the JSON API, served at
``/api/v1/openapi.json``. A test checks it against the routes."""
from pyramid.view import view_config

from kb import refdata, security
from kb.cards import exchange_format
from kb.directory.editing import CODE_RE, NAME_LANGUAGES, POINT_FIELDS
from kb.interfaces import IRoot

REF = '#/components/schemas/'
CODE_PATTERN = CODE_RE.pattern


def ref(name):
    return {'$ref': REF + name}


def _text(limit):
    return {'type': 'string', 'maxLength': limit}


LANG_TEXTS = {
    'type': 'object',
    'additionalProperties': False,
    'required': ['title', 'summary'],
    'properties': dict(
        {key: _text(limit)
         for key, limit in exchange_format.TEXT_LIMITS.items()},
        keywords={'type': 'array', 'maxItems': exchange_format.KEYWORDS_MAX,
                  'items': _text(exchange_format.KEYWORD_MAX)},
    ),
}

CARD = {
    'type': 'object',
    'description': 'A card in the exchange format (kb-cards/1). '
                   'Intranet only: advisor_instructions, support.',
    'additionalProperties': False,
    'required': ['id', 'provider', 'content'],
    'properties': {
        'id': {'type': 'string', 'pattern': exchange_format.ID_RE.pattern,
               'maxLength': exchange_format.ID_MAX},
        'provider': {'type': 'string',
                     'description': 'A provider code (GET /api/v1/providers)'},
        'kind': {'type': 'string', 'enum': list(refdata.KINDS)},
        'channels': {'type': 'array', 'items': {
            'type': 'string', 'enum': list(refdata.CHANNELS)}},
        'suoritteet': {'type': 'array', 'items': {'type': 'string'}},
        'life_events': {'type': 'array', 'items': {'type': 'string'}},
        'content': {'type': 'object', 'minProperties': 1,
                    'additionalProperties': False,
                    'properties': {lang: LANG_TEXTS
                                   for lang in refdata.LANGUAGES}},
        'links': {'type': 'array', 'items': {
            'type': 'object',
            'properties': {'url': {'type': 'string'},
                           'label': {'type': 'object'}}}},
        'support': {'type': 'object', 'properties': {
            key: _text(limit)
            for key, limit in exchange_format.SUPPORT_LIMITS.items()}},
        'valid_from': {'type': 'string', 'format': 'date'},
        'review_by': {'type': 'string', 'format': 'date'},
        'cards': {'type': 'array', 'items': {'type': 'string'},
                  'description': 'Packages only: the chained card ids.'},
        'comment': {'type': 'string', 'maxLength': 1000},
    },
}

SCHEMAS = {
    'Error': {
        'type': 'object',
        'required': ['error', 'message'],
        'properties': {
            'error': {'type': 'string'},
            'message': {'type': 'string'},
            'details': {},
        },
    },
    'Card': CARD,
    'CardSave': {
        'description': 'The card shape plus the version it is based on.',
        'allOf': [
            {'type': 'object', 'required': ['base_version'],
             'properties': {'base_version': {'type': 'integer'},
                            'comment': {'type': 'string'}}},
        ],
    },
    'CardView': {
        'type': 'object',
        'description': 'A card as the caller may see it: public fields '
                       'for the public; intranet fields for staff; '
                       'workflow metadata (state, head_version, '
                       'working_version, published_version, scheduled, '
                       'transitions) for its editors.',
        'properties': {
            'id': {'type': 'string'},
            'provider': {'type': 'string'},
            'version': {'type': 'integer'},
            'languages': {'type': 'object', 'additionalProperties': {
                'type': 'object',
                'properties': {'status': {
                    'type': 'string', 'enum': ['current', 'outdated']}}}},
            'state': {'type': 'string'},
            'transitions': {'type': 'array', 'items': {'type': 'string'}},
        },
    },
    'CardList': {
        'type': 'object',
        'properties': {'total': {'type': 'integer'},
                       'items': {'type': 'array', 'items': {
                           'type': 'object'}}},
    },
    'Transition': {
        'type': 'object',
        'additionalProperties': False,
        'required': ['transition'],
        'properties': {
            'transition': {'type': 'string'},
            'comment': {'type': 'string', 'maxLength': 1000},
            'effective': {'type': 'string', 'format': 'date'},
        },
    },
    'Restore': {
        'type': 'object',
        'required': ['version', 'base_version'],
        'properties': {'version': {'type': 'integer'},
                       'base_version': {'type': 'integer'},
                       'comment': {'type': 'string'}},
    },
    'Move': {'type': 'object', 'required': ['provider'],
             'properties': {'provider': {'type': 'string'}}},
    'Notice': {
        'type': 'object',
        'required': ['provider', 'kind', 'content', 'valid_from',
                     'valid_until'],
        'properties': {
            'provider': {'type': 'string'},
            'kind': {'type': 'string', 'enum': ['disruption', 'change']},
            'content': {'type': 'object', 'additionalProperties': {
                'type': 'object',
                'properties': {'title': _text(100), 'body': _text(2000)}}},
            'valid_from': {'type': 'string'},
            'valid_until': {'type': 'string'},
            'point': {'type': 'string'},
            'cards': {'type': 'array', 'items': {'type': 'string'}},
            'public': {'type': 'boolean'},
        },
    },
    'Login': {'type': 'object', 'required': ['username', 'password'],
              'properties': {'username': {'type': 'string'},
                             'password': {'type': 'string'}}},
    'User': {
        'type': 'object',
        'required': ['name', 'role'],
        'properties': {
            'name': {'type': 'string'},
            'role': {'type': 'string', 'enum': list(refdata.ROLES)},
            'password': {'type': 'string', 'writeOnly': True},
            'provider': {'type': 'string'},
            'point': {'type': 'string'},
            'locale': {'type': 'string', 'enum': list(refdata.UI_LANGUAGES)},
        },
    },
    'UserChange': {
        'type': 'object',
        'additionalProperties': False,
        'description': 'Fields not given keep their value, except a '
                       'provider or point the new role has no use for.',
        'properties': {
            'role': {'type': 'string', 'enum': list(refdata.ROLES)},
            'provider': {'type': 'string', 'nullable': True},
            'point': {'type': 'string', 'nullable': True},
            'active': {'type': 'boolean'},
        },
    },
    'Password': {'type': 'object', 'required': ['password'],
                 'additionalProperties': False,
                 'properties': {'password': {'type': 'string',
                                             'minLength': 10,
                                             'writeOnly': True}}},
    'Provider': {
        'type': 'object',
        'required': ['code', 'names'],
        'properties': {
            'code': {'type': 'string', 'pattern': CODE_PATTERN},
            'names': {'type': 'object', 'required': ['fi'],
                      'properties': {lang: _text(200)
                                     for lang in NAME_LANGUAGES}},
            'web': _text(200),
        },
    },
    'Point': {
        'type': 'object',
        'required': ['code', 'name_fi', 'municipality'],
        'description': 'The columns of service_points.csv; counts are '
                       'whole numbers as text.',
        'properties': dict(
            {field: _text(200) for field in POINT_FIELDS},
            code={'type': 'string', 'pattern': CODE_PATTERN},
            active={'type': 'boolean', 'description': 'false: nobody '
                    'may be assigned to the point; its history stays'}),
    },
    'ProviderChange': {
        'type': 'object', 'additionalProperties': False,
        'description': 'Names of the languages given replace those; the '
                       'others stay.',
        'properties': {'names': {'type': 'object'}, 'web': _text(200)}},
    'PointChange': {
        'type': 'object', 'additionalProperties': False,
        'properties': dict({field: _text(200) for field in POINT_FIELDS},
                           active={'type': 'boolean'})},
    'SearchResults': {
        'type': 'object',
        'properties': {
            'query_id': {'type': 'integer'},
            'stage': {'type': 'string',
                      'enum': ['exact', 'relaxed', 'fuzzy']},
            'total': {'type': 'integer'},
            'results': {'type': 'array', 'items': {
                'type': 'object',
                'properties': {
                    'id': {'type': 'string'},
                    'kind': {'type': 'string'},
                    'provider': {'type': 'string'},
                    'lang': {'type': 'string',
                             'description': 'The language that matched'},
                    'languages': {'type': 'array',
                                  'items': {'type': 'string'}},
                    'title': {'type': 'string'},
                    'summary': {'type': 'string'},
                    'score': {'type': 'number'},
                    'highlights': {
                        'type': 'object',
                        'description': 'Field → HTML snippet; matched '
                                       'words in <mark>, the rest '
                                       'escaped',
                        'additionalProperties': {'type': 'string'}},
                }}},
            'facets': {'type': 'object', 'description': 'provider, kind, '
                       'channel, life_event, lang → value → count'},
        },
    },
    'Opened': {'type': 'object', 'required': ['query_id', 'card'],
               'properties': {'query_id': {'type': 'integer'},
                              'card': {'type': 'string'}}},
    'Synonyms': {'type': 'object', 'properties': {
        'version': {'type': 'integer'},
        'base_version': {'type': 'integer', 'writeOnly': True},
        'groups': {'type': 'array', 'items': {
            'type': 'object',
            'properties': {'lang': {'type': 'string'},
                           'terms': {'type': 'array',
                                     'items': {'type': 'string'}}}}}}},
    'TicketOpen': {'type': 'object', 'required': ['card', 'channel', 'lang'],
                   'additionalProperties': False,
                   'description': 'No field exists for personal data; a '
                                  'note holding an identity code, e-mail '
                                  'or phone number is refused with 422.',
                   'properties': {
                       'point': {'type': 'string'},
                       'card': {'type': 'string'},
                       'channel': {'type': 'string',
                                   'enum': list(refdata.CHANNELS)},
                       'lang': {'type': 'string',
                                'enum': list(refdata.LANGUAGES)},
                       'visit': {'type': 'string'},
                       'note': {'type': 'string', 'maxLength': 500}}},
    'TicketResolve': {'type': 'object', 'required': ['suorite', 'outcome'],
                      'properties': {
                          'suorite': {'type': 'string'},
                          'outcome': {'type': 'string', 'enum': [
                              'resolved', 'referred', 'not_resolved']}}},
    'Ticket': {'type': 'object', 'properties': {
        'id': {'type': 'string'},
        'state': {'type': 'string', 'enum': [
            'open', 'resolved', 'closed', 'cancelled']},
        'allowed_suoritteet': {'type': 'array',
                               'items': {'type': 'string'}},
        'unit_price_eur': {'type': 'string', 'nullable': True}}},
    'Flag': {'type': 'object', 'required': ['reason'], 'properties': {
        'reason': {'type': 'string',
                   'enum': ['wrong', 'unclear', 'outdated']},
        'comment': {'type': 'string', 'maxLength': 1000},
        'ticket': {'type': 'string'}}},
    'FlagResolve': {'type': 'object', 'required': ['resolution'],
                    'properties': {'resolution': {'type': 'string'}}},
    'PriceChange': {'type': 'object', 'required': ['effective'],
                    'properties': {
                        'effective': {'type': 'string', 'format': 'date'},
                        'provider': {'type': 'string'},
                        'suorite': {'type': 'string'},
                        'minutes': {'type': 'integer'},
                        'minute_price': {'type': 'string'}}},
    'Token': {'type': 'object', 'properties': {
        'label': {'type': 'string'}, 'token': {'type': 'string',
                                               'readOnly': True}}},
}

ERRORS = {
    '400': 'Malformed request or missing CSRF token',
    '401': 'Not logged in',
    '403': 'Not allowed for the caller',
    '404': 'Not found (or not visible to the caller)',
    '409': 'Stale base version, id taken or transition not possible',
    '422': 'Validation errors, listed in details',
}


def _param(name, description, required=False, where='query',
           kind='string'):
    return {'name': name, 'in': where, 'required': required,
            'description': description, 'schema': {'type': kind}}


ID = _param('id', 'Card id', True, 'path')

#: (method, path, summary, parameters, request schema, response schema,
#: error codes)
OPERATIONS = [
    ('get', '/api/v1/session', 'The current user and a CSRF token', [],
     None, None, ''),
    ('post', '/api/v1/login', 'Log in; sets the session cookie', [],
     'Login', None, '400 401 422'),
    ('post', '/api/v1/logout', 'Log out', [], None, None, '400'),
    ('get', '/api/v1/cards', 'Cards visible to the caller',
     [_param('provider', 'Provider code'),
      _param('state', 'Workflow state (editors)'),
      _param('lang', 'Only cards with text in this language'),
      _param('limit', 'Page size (1-500)', kind='integer'),
      _param('offset', 'Skip this many', kind='integer')],
     None, 'CardList', '422'),
    ('post', '/api/v1/cards', 'Create a card (a draft)', [], 'Card',
     'CardView', '400 401 403 409 422'),
    ('get', '/api/v1/cards/{id}', 'The card as the caller may see it',
     [ID, _param('version', 'A version from the history', kind='integer')],
     None, 'CardView', '404 422'),
    ('put', '/api/v1/cards/{id}', 'Save a new version', [ID], 'CardSave',
     'CardView', '400 401 403 404 409 422'),
    ('get', '/api/v1/cards/{id}/versions', 'Version history', [ID], None,
     None, '404'),
    ('get', '/api/v1/cards/{id}/diff',
     'Differences of two versions, field by field and language by '
     'language',
     [ID, _param('from', 'Older version', True, kind='integer'),
      _param('to', 'Newer version (default: newest)', kind='integer')],
     None, None, '404 422'),
    ('post', '/api/v1/cards/{id}/transitions', 'Fire a workflow transition',
     [ID], 'Transition', 'CardView', '400 401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/restore',
     'Save an old version again as the newest (then through the '
     'workflow)', [ID], 'Restore', 'CardView', '400 401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/move', 'Move a card to another provider',
     [ID], 'Move', 'CardView', '400 401 403 404 409 422'),
    ('post', '/api/v1/cards/{id}/languages/{lang}/confirm',
     'Confirm that a translation is up to date',
     [ID, _param('lang', 'Language code', True, 'path')], None, 'CardView',
     '400 401 403 404 422'),
    ('get', '/api/v1/review-due', 'Cards past their review-by date',
     [_param('provider', 'Provider code')], None, 'CardList', '401 422'),
    ('get', '/api/v1/notices', 'Notices in force',
     [_param('provider', 'Provider code'),
      _param('point', 'Service point code')], None, None, '422'),
    ('post', '/api/v1/notices', 'Add a notice', [], 'Notice', None,
     '400 401 403 422'),
    ('get', '/api/v1/notices/{provider}/{id}', 'A notice',
     [_param('provider', 'Provider code', True, 'path'),
      _param('id', 'Notice id', True, 'path')], None, None, '404'),
    ('put', '/api/v1/notices/{provider}/{id}', 'Change a notice',
     [_param('provider', 'Provider code', True, 'path'),
      _param('id', 'Notice id', True, 'path')], 'Notice', None,
     '400 401 403 404 422'),
    ('get', '/api/v1/users', 'Users (administrators)', [], None, None,
     '401 403'),
    ('post', '/api/v1/users', 'Add a user (administrators)', [], 'User',
     None, '400 401 403 409 422'),
    ('get', '/api/v1/users/{name}', 'A user (self or administrators)',
     [_param('name', 'User name', True, 'path')], None, None, '404'),
    ('get', '/api/v1/users/{name}/tokens', "A user's API tokens",
     [_param('name', 'User name', True, 'path')], None, None, '404'),
    ('post', '/api/v1/users/{name}/tokens',
     'Issue an API token (shown once)',
     [_param('name', 'User name', True, 'path')], 'Token', 'Token',
     '400 404 422'),
    ('delete', '/api/v1/users/{name}/tokens/{token}', 'Revoke a token',
     [_param('name', 'User name', True, 'path'),
      _param('token', 'Token id', True, 'path')], None, None, '400 404'),
    ('patch', '/api/v1/users/{name}',
     'Change role, provider, point or active (administrators; never '
     'the last active administrator)',
     [_param('name', 'User name', True, 'path')], 'UserChange', None,
     '400 401 403 404 409 422'),
    ('post', '/api/v1/users/{name}/password',
     'Set a new password (administrators)',
     [_param('name', 'User name', True, 'path')], 'Password', None,
     '400 401 403 404 422'),
    ('get', '/api/v1/providers', 'Providers', [], None, None, ''),
    ('post', '/api/v1/providers', 'Add a provider (administrators)', [],
     'Provider', 'Provider', '400 401 403 409 422'),
    ('get', '/api/v1/providers/{code}', 'A provider',
     [_param('code', 'Provider code', True, 'path')], None, 'Provider',
     '404'),
    ('patch', '/api/v1/providers/{code}',
     'Change names (given languages) or web address (administrators)',
     [_param('code', 'Provider code', True, 'path')], 'ProviderChange',
     'Provider', '400 401 403 404 422'),
    ('get', '/api/v1/points', 'Service points', [], None, None, ''),
    ('post', '/api/v1/points', 'Add a service point (administrators)', [],
     'Point', 'Point', '400 401 403 409 422'),
    ('get', '/api/v1/points/{code}', 'A service point',
     [_param('code', 'Service point code', True, 'path')], None, 'Point',
     '404'),
    ('patch', '/api/v1/points/{code}',
     'Change fields or deactivate/reactivate (administrators; a point '
     'with active users stays active)',
     [_param('code', 'Service point code', True, 'path')], 'PointChange',
     'Point', '400 401 403 404 409 422'),
    ('get', '/api/v1/suoritteet', 'Performance types and prices',
     [_param('date', 'Prices in force on this date')], None, None, ''),
    ('get', '/api/v1/life-events', 'Life events', [], None, None, ''),
    ('get', '/api/v1/workflows', 'The workflows in force', [], None, None,
     ''),
    ('get', '/api/v1/audit', 'The audit log, newest first',
     [_param('object', 'Object id'), _param('actor', 'User name'),
      _param('limit', 'Page size', kind='integer'),
      _param('before', 'Entries before this seq', kind='integer')],
     None, None, '401 403 422'),
    ('get', '/api/v1/search',
     'Full-text search as the caller may see (public: published public '
     'text; advisors: also advisor instructions, procedure guides, '
     'notices in force; editors: also their drafts)',
     [_param('q', 'Search text (1-200 characters)', True),
      _param('lang', "The caller's language (default fi)"),
      _param('provider', 'Provider code'),
      _param('channel', 'Service channel'),
      _param('life_event', 'Life event code'),
      _param('kind', 'service, procedure, package or notice'),
      _param('limit', 'Page size (1-50)', kind='integer'),
      _param('offset', 'Skip this many', kind='integer')],
     None, 'SearchResults', '422'),
    ('get', '/api/v1/search/suggest', 'Titles for as-you-type',
     [_param('q', 'The text typed so far', True),
      _param('lang', "The caller's language")], None, None, '422'),
    ('post', '/api/v1/search/opened',
     'Record that a result of a search was opened', [], 'Opened', None,
     '400 404 422'),
    ('get', '/api/v1/search/analytics',
     'Zero-result and unopened queries (own provider; all for the '
     'central editor)',
     [_param('report', 'zero or unopened'), _param('lang', 'Language'),
      _param('days', 'How far back (default 30)', kind='integer')],
     None, None, '401 403 422'),
    ('get', '/api/v1/synonyms', 'The synonym list', [], None, 'Synonyms',
     ''),
    ('put', '/api/v1/synonyms', 'Replace the synonym list (editors)', [],
     'Synonyms', 'Synonyms', '400 401 403 409 422'),
    ('post', '/api/v1/tickets',
     'Open a ticket (advisors, at their own point); times are the '
     "server's", [], 'TicketOpen', 'Ticket', '400 401 403 422'),
    ('get', '/api/v1/tickets',
     "Open tickets of a point; stale=1: left open past the day",
     [_param('point', 'Service point (default: your own)'),
      _param('stale', 'Only tickets open past the day they were opened')],
     None, None, '401 403 422'),
    ('get', '/api/v1/tickets/{id}', 'A ticket of your point',
     [_param('id', 'Ticket id', True, 'path')], None, 'Ticket', '401 404'),
    ('post', '/api/v1/tickets/{id}/resolve',
     'Record (or change) the performance type and outcome',
     [_param('id', 'Ticket id', True, 'path')], 'TicketResolve', 'Ticket',
     '400 401 403 404 409 422'),
    ('post', '/api/v1/tickets/{id}/close',
     'Close: registers the performance for good',
     [_param('id', 'Ticket id', True, 'path')], None, 'Ticket',
     '400 401 403 404 409'),
    ('post', '/api/v1/tickets/{id}/cancel',
     'Cancel a ticket opened by mistake (never billed)',
     [_param('id', 'Ticket id', True, 'path')], None, 'Ticket',
     '400 401 403 404 409'),
    ('post', '/api/v1/cards/{id}/flags',
     "Flag a card as wrong, unclear or out of date (advisors)", [ID],
     'Flag', None, '400 401 403 404 422'),
    ('get', '/api/v1/cards/{id}/flags', "A card's open flags (its editors)",
     [ID], None, None, '404'),
    ('get', '/api/v1/cards/{id}/signals',
     'How often a card was used, outcomes, median handling time', [ID],
     None, None, '404'),
    ('get', '/api/v1/flags',
     "The provider's flag queue (all for the central editor)",
     [_param('state', 'all: also closed flags')], None, None, '401 403'),
    ('post', '/api/v1/flags/{provider}/{id}/resolve', 'Close a flag',
     [_param('provider', 'Provider code', True, 'path'),
      _param('id', 'Flag id', True, 'path')], 'FlagResolve', None,
     '400 401 403 404 422'),
    ('post', '/api/v1/prices',
     'New minutes or a new minute price from a date on (administrators)',
     [], 'PriceChange', None, '400 401 403 422'),
    ('get', '/api/v1/reports/monthly',
     "The month's reports and the cumulative ones from January",
     [_param('month', 'YYYY-MM', True), _param('point', 'Service point'),
      _param('provider', 'Provider'),
      _param('format', 'json (default) or csv')], None, None,
     '401 403 422'),
    ('get', '/api/v1/reports/billing',
     "The quarter's bills, one per point per provider",
     [_param('quarter', 'YYYYQn', True), _param('point', 'Service point'),
      _param('provider', 'Provider'),
      _param('format', 'json (default) or csv')], None, None,
     '401 403 422'),
    ('get', '/api/v1/publication',
     'The publication log, newest first (provider staff: their own '
     "provider's cards)",
     [_param('channel', 'intranet, public or suomifi'),
      _param('outcome', 'done, scheduled, pending or failed'),
      _param('before', 'Only entries older than this seq (paging)',
             kind='integer'),
      _param('limit', 'Page size (1-500)', kind='integer')],
     None, None, '401 403 422'),
    ('get', '/api/v1/cards/{id}/publication',
     "A card's publication log and its Suomi.fi state", [ID], None, None,
     '404'),
    ('get', '/api/v1/suomifi/status',
     'Suomi.fi publications that failed or still wait', [], None, None,
     '401 403'),
    ('post', '/api/v1/suomifi/{id}/retry',
     'Send a card to Suomi.fi again (central editor)', [ID], None, None,
     '400 401 403 404'),
    ('get', '/suomifi/v1/services',
     'Suomi.fi (PTV) service documents changed after since, oldest change '
     'first; pass the answer\'s until as the next since',
     [_param('since', 'ISO 8601 time with a time zone'),
      _param('limit', 'Page size (1-500)', kind='integer')],
     None, None, '422'),
    ('get', '/api/v1/openapi.json', 'This document', [], None, None, ''),
]


def _operation(summary, params, request_schema, response_schema, errors):
    op = {'summary': summary, 'parameters': params, 'responses': {
        '200': {'description': 'OK', 'content': {'application/json': {
            'schema': ref(response_schema) if response_schema
            else {'type': 'object'}}}}}}
    if request_schema:
        op['requestBody'] = {'required': True, 'content': {
            'application/json': {'schema': ref(request_schema)}}}
    for code in errors.split():
        op['responses'][code] = {
            'description': ERRORS[code],
            'content': {'application/json': {'schema': ref('Error')}},
        }
    return op


def document():
    """The OpenAPI document as a dict."""
    paths = {}
    for method, path, summary, params, body, result, errors in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(
            summary, params, body, result, errors)
    return {
        'openapi': '3.0.3',
        'info': {
            'title': 'Service card knowledge base API',
            'version': '1',
            'description': (
                'Authenticate with the session cookie (then send the CSRF '
                'token from GET /api/v1/session as X-CSRF-Token on every '
                'POST, PUT and DELETE) or with Authorization: Bearer TOKEN.'
            ),
        },
        'components': {
            'schemas': SCHEMAS,
            'securitySchemes': {
                'bearer': {'type': 'http', 'scheme': 'bearer'},
                'session': {'type': 'apiKey', 'in': 'cookie',
                            'name': 'session'},
            },
        },
        'security': [{'bearer': []}, {'session': []}, {}],
        'paths': paths,
    }


@view_config(route_name='api.openapi', context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def openapi(request):
    return document()
