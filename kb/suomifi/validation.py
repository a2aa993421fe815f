"""Validation of documents for PTV Open API v11, as PTV validates them.

Two layers:

- the JSON Schema of the body in the spec's ``components.schemas``
  (``kb/data/ptv-openapi-v11.json``), compiled once per schema name;
- the rules PTV states only in ``description`` texts (lengths, allowed
  values, required description types per language), in :data:`LIMITS`,
  :data:`ALLOWED` and :func:`_language_rules`. ``docs/suomifi.md`` says
  where each comes from; ``tests/suomifi`` checks each against the spec.

A problem is ``(path, message)`` with a JSON-pointer path into the
document (``/serviceDescriptions/2/value``) and an English message.
"""
from collections import namedtuple
import datetime
import functools
from importlib import resources
import json
import uuid

import jsonschema

from kb.i18n import _
from kb.suomifi import fastcheck
from kb.suomifi.collections import document_and_schema, live_package
from kb.suomifi.config import MappingError
from kb.suomifi.mapping import (
    DESCRIPTION_TYPES,
    SUMMARY_MAX,
    card_document,
    is_suomifi_content,
    left_out,
    live_content,
    schema_for,
    service_document,
)
from kb.suomifi.text import same_text

#: PTV content languages (PTV documentation; the v11 spec lists none).
LANGUAGES = ('fi', 'sv', 'en', 'se', 'smn', 'sms')
#: (list property, item type or None) → maximum length of ``value``,
#: from the "(Max.Length: N Type)" notes in the spec's descriptions.
LIMITS = {
    ('serviceNames', 'Name'): 100,
    ('serviceNames', 'AlternativeName'): 100,
    ('serviceDescriptions', 'Summary'): SUMMARY_MAX,
    ('serviceDescriptions', 'Description'): 5000,
    ('serviceDescriptions', 'UserInstruction'): 5000,
    ('keywords', None): 150,
    ('serviceChannelNames', 'Name'): 100,
    ('serviceChannelDescriptions', 'Summary'): 150,
    ('serviceChannelDescriptions', 'Description'): 5000,
    ('serviceCollectionDescriptions', 'Summary'): 150,
    ('serviceCollectionDescriptions', 'Description'): 5000,
}
#: Property path (``*`` for any list index) → allowed values, from the
#: "Possible values are: ..." texts of the properties we emit.
ALLOWED = {
    'type': ('Service', 'PermitOrObligation', 'ProfessionalQualification'),
    'serviceChargeType': ('Chargeable', 'FreeOfCharge'),
    'fundingType': ('PubliclyFunded', 'MarketFunded'),
    'areaType': ('Nationwide', 'NationwideExceptAlandIslands',
                 'LimitedType'),
    'areas/*/type': ('Municipality', 'Region', 'BusinessSubRegion',
                     'HospitalDistrict', 'WellbeingServiceCounties'),
    'serviceNames/*/type': ('Name', 'AlternativeName'),
    'serviceDescriptions/*/type': (
        'Description', 'Summary', 'UserInstruction', 'ValidityTime',
        'ProcessingTime', 'DeadLine', 'ChargeTypeAdditionalInfo',
        'ServiceType'),
    'serviceProducers/*/provisionType': (
        'SelfProducedServices', 'ProcuredServices', 'Other'),
    'serviceChannelNames/*/type': ('Name', 'AlternativeName'),
    'serviceChannelDescriptions/*/type': ('Description', 'Summary'),
    'serviceCollectionDescriptions/*/type': ('Description', 'Summary'),
    'displayNameType/*/type': ('Name', 'AlternativeName'),
    'addresses/*/type': ('Location', 'Postal'),
    'addresses/*/subType': ('Single', 'Street', 'PostOfficeBox', 'Abroad',
                            'Other'),
    'serviceHours/*/serviceHourType': ('DaysOfTheWeek', 'Exceptional',
                                       'OverMidnight'),
}
#: ``publishingStatus`` per schema: POST bodies "Draft or Published",
#: the service PUT body also "Deleted or Modified".
PUBLISHING_STATUSES = {
    'V9VmOpenApiServiceInBase': ('Draft', 'Published', 'Deleted',
                                 'Modified'),
    'V11VmOpenApiServiceCollectionInBase': ('Draft', 'Published',
                                            'Deleted', 'Modified'),
}
DEFAULT_STATUSES = ('Draft', 'Published')
#: Name/description lists whose languages must each have Name, Summary
#: and Description.
NAME_LISTS = (
    ('serviceNames', 'serviceDescriptions'),
    ('serviceChannelNames', 'serviceChannelDescriptions'),
)


class Problem(tuple):
    """``(path, message)``; ``missing`` is ``(lang, type)`` when a
    required text is absent (so the editor can be shown the field)."""

    def __new__(cls, path, message, missing=None):
        self = super().__new__(cls, (path, message))
        self.missing = missing
        return self


REF_PREFIX = '#/components/schemas/'
WEEKDAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday',
            'Saturday', 'Sunday')


def _spec():
    text = (resources.files('kb').joinpath('data')
            .joinpath('ptv-openapi-v11.json').read_text('utf-8'))
    return json.loads(text)


def _nullable(schema):
    """OpenAPI 3.0 ``nullable: true`` as JSON Schema: null is allowed."""
    if isinstance(schema, list):
        return [_nullable(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _nullable(value) for key, value in schema.items()
              if key != 'nullable'}
    if schema.get('nullable') and 'type' in schema:
        result['type'] = [schema['type'], 'null']
    return result


def _date_time(value):
    if not isinstance(value, str):
        return True
    try:
        datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    except ValueError:
        return False
    return True


def _uuid(value):
    if not isinstance(value, str):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks('date-time')(_date_time)
FORMATS.checks('uuid')(_uuid)


@functools.lru_cache(maxsize=None)
def _components():
    return {'components': {'schemas': {
        name: _nullable(schema)
        for name, schema in _spec()['components']['schemas'].items()
    }}}


def _inline(schema, schemas, seen=()):
    """``schema`` with every ``$ref`` replaced by its target (a ref back
    into a schema being inlined stays a ref), so that validation does
    not resolve references document after document."""
    if isinstance(schema, list):
        return [_inline(item, schemas, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get('$ref', '')
    if ref.startswith(REF_PREFIX):
        name = ref[len(REF_PREFIX):]
        if name not in seen:
            return _inline(schemas[name], schemas, seen + (name,))
    return {key: _inline(value, schemas, seen)
            for key, value in schema.items()}


@functools.lru_cache(maxsize=None)
def validator(schema_name):
    """A compiled Draft 4 validator for ``components.schemas.NAME``
    (OpenAPI 3.0 schemas are a Draft 4/5 dialect).

    :raises KeyError: for an unknown schema name.
    """
    components = _components()
    schemas = components['components']['schemas']
    root = dict(components, **_inline(schemas[schema_name], schemas,
                                      (schema_name,)))
    jsonschema.Draft4Validator.check_schema(root)
    return jsonschema.Draft4Validator(root, format_checker=FORMATS)


def _pointer(parts):
    return '/' + '/'.join(str(part) for part in parts)


@functools.lru_cache(maxsize=None)
def _compiler():
    return fastcheck.Compiler(
        _components(), {'date-time': _date_time, 'uuid': _uuid})


def is_valid(document, schema_name):
    """True if ``document`` passes the schema ``schema_name`` (fast)."""
    return _compiler().named(schema_name)(document)


def _schema_problems(document, schema_name):
    # NB: the fast check answers for the many valid documents; only a
    # refused one goes through jsonschema, for its messages
    if is_valid(document, schema_name):
        return []
    return [
        (_pointer(error.absolute_path), error.message)
        for error in sorted(validator(schema_name).iter_errors(document),
                            key=lambda e: list(map(str, e.absolute_path)))
    ]


def _items(document, key):
    value = document.get(key)
    return enumerate(value) if isinstance(value, list) else ()


def _length_problems(document):
    problems = []
    for (key, kind), limit in LIMITS.items():
        for index, item in _items(document, key):
            if not isinstance(item, dict) or item.get('type') != kind:
                continue
            value = item.get('value')
            if isinstance(value, str) and len(value) > limit:
                problems.append((
                    _pointer((key, index, 'value')),
                    f'{kind or "value"} is {len(value)} characters; '
                    f'PTV allows {limit}',
                ))
    return problems


def _values_at(document, path):
    """``(pointer parts, value)`` for a ``*``-path in ``document``."""
    found = [((), document)]
    for part in path.split('/'):
        step = []
        for parts, value in found:
            if part == '*' and isinstance(value, list):
                step.extend((parts + (i,), v) for i, v in enumerate(value))
            elif isinstance(value, dict) and part in value:
                step.append((parts + (part,), value[part]))
        found = step
    return found


def _allowed_problems(document, schema_name):
    allowed = dict(ALLOWED)
    allowed['publishingStatus'] = PUBLISHING_STATUSES.get(
        schema_name, DEFAULT_STATUSES
    )
    problems = []
    for path, values in allowed.items():
        for parts, value in _values_at(document, path):
            if value is not None and value not in values:
                problems.append((
                    _pointer(parts),
                    f'{value!r} is not one of {", ".join(values)}',
                ))
    for parts, value in _values_at(document, 'serviceHours/*/openingHour/*'):
        for key in ('dayFrom', 'dayTo'):
            day = value.get(key) if isinstance(value, dict) else None
            if day is not None and day not in WEEKDAYS:
                problems.append((_pointer(parts + (key,)),
                                 f'{day!r} is not a weekday'))
    return problems


def _language_rules(document):
    problems = []
    for names_key, descriptions_key in NAME_LISTS:
        if names_key not in document:
            continue
        texts = {}
        for key in (names_key, descriptions_key):
            for index, item in _items(document, key):
                # NB: the schema layer reports items of the wrong shape
                if isinstance(item, dict) and \
                        isinstance(item.get('language'), str):
                    texts.setdefault(item['language'], {})[
                        item.get('type')] = (key, index, item.get('value'))
        for lang, found in sorted(texts.items()):
            if lang not in LANGUAGES:
                problems.append((
                    _pointer(next(iter(found.values()))[:2] + ('language',)),
                    f'language {lang!r} is not one of {", ".join(LANGUAGES)}',
                ))
                continue
            for kind in ('Name', 'Summary', 'Description'):
                if kind not in found:
                    key = names_key if kind == 'Name' else descriptions_key
                    problems.append(Problem(
                        _pointer((key,)), f'{kind} is missing in {lang!r}',
                        missing=(lang, kind),
                    ))
            name, summary = found.get('Name'), found.get('Summary')
            if name and summary and same_text(name[2], summary[2]):
                problems.append((
                    _pointer(summary[:2] + ('value',)),
                    f'the Summary repeats the Name in {lang!r}',
                ))
    for index, lang in _items(document, 'languages'):
        if lang not in LANGUAGES:
            problems.append((
                _pointer(('languages', index)),
                f'language {lang!r} is not one of {", ".join(LANGUAGES)}',
            ))
    return problems


def _all_problems(document, schema_name):
    found = _schema_problems(document, schema_name)
    if isinstance(document, dict):
        found += _length_problems(document)
        found += _allowed_problems(document, schema_name)
        found += _language_rules(document)
    return found


def problems(document, schema_name):
    """Every reason PTV would refuse ``document`` as ``schema_name``.

    :returns: a list of ``(path, message)``; empty if it would pass.
    """
    return [(found[0], found[1])
            for found in _all_problems(document, schema_name)]


# -- in terms of our card's fields ----------------------------------------

_DESCRIPTION_FIELDS = {ptv: ours for ours, ptv in DESCRIPTION_TYPES}


_NAME_FIELDS = {'Name': 'title', **_DESCRIPTION_FIELDS}


def _card_field(problem, document):
    """Our card field for a problem in a service document."""
    missing = getattr(problem, 'missing', None)
    if missing:
        lang, kind = missing
        return f'content.{lang}.{_NAME_FIELDS[kind]}'
    parts = problem[0].strip('/').split('/')
    key = parts[0]
    if key in ('serviceNames', 'serviceDescriptions', 'keywords') \
            and len(parts) > 1 and parts[1].isdigit():
        item = document[key][int(parts[1])]
        if key == 'keywords':
            return f"content.{item['language']}.keywords"
        field = _NAME_FIELDS.get(item.get('type'), 'summary')
        return f"content.{item['language']}.{field}"
    # NB: the rest comes from the configuration of the card's provider
    return 'provider'


def _field_message(problem, document):
    """A translatable message for the editor about ``problem``."""
    path, text = problem
    parts = path.strip('/').split('/')
    if getattr(problem, 'missing', None):
        return _('Suomi.fi needs this text in every language of the card.')
    if 'characters; PTV allows' in text:
        item = document[parts[0]][int(parts[1])]
        limit = LIMITS[(parts[0], item.get('type'))]
        return _('Suomi.fi allows ${max} characters here; this is '
                 '${length} after conversion to plain text.',
                 mapping={'max': limit, 'length': len(item['value'])})
    if 'repeats the Name' in text:
        return _('The summary must say more than the title.')
    return _('Suomi.fi would refuse this: ${problem}',
             mapping={'problem': text})


def card_problems(card_id, provider, content, config):
    """Why Suomi.fi would refuse the card, as ``(field, message)``
    pairs on our card's fields (``content.sv.summary``) for the editor.

    Cards that are not Suomi.fi content (central procedure guides and
    service packages) have none.
    """
    if not is_suomifi_content(provider, content.get('kind')):
        return []
    try:
        document = service_document(card_id, provider, content,
                                    'published', config)
    except MappingError as exc:
        return [(detail['field'], detail['message'])
                for detail in exc.details]
    found = [
        (f'content.{lang}.summary',
         _('Suomi.fi would leave this language out: its summary must say '
           'more than the title, or the card needs a description in it.'))
        for lang in left_out(content, document)
    ]
    return found + [
        (_card_field(problem, document), _field_message(problem, document))
        for problem in _all_problems(document, schema_for('published'))
    ]


# -- a card's document, built and checked -----------------------------------

#: A service document with the reasons PTV would refuse it:
#: ``document`` is None when our mapping could not build it, ``status``
#: is ``published`` or ``retired``, ``problems`` are
#: ``{'field', 'message'}`` dicts (empty when PTV would accept it).
Checked = namedtuple('Checked', 'document status problems')


def checked(document, status, schema=None):
    """``document`` in ``status`` with the reasons PTV would refuse it
    as ``schema`` (by default a service's schema for ``status``)."""
    return Checked(document, status, [
        {'field': field, 'message': message}
        for field, message in problems(
            document, schema or schema_for(status))])


def live_document(card, today, config):
    """The :class:`Checked` document of ``card``'s live version on
    ``today``, as the push sends it and the feed shows it; None if the
    card is not Suomi.fi content or has no live version."""
    try:
        built = card_document(card, today, config)
    except MappingError as error:
        return Checked(None, live_content(card, today)[1],
                       list(error.details or ()))
    return None if built is None else checked(*built)


def live_collection(card, today, config, ptv_ids):
    """The :class:`Checked` service collection of the package ``card``'s
    live version on ``today``, its members named by ``ptv_ids``; None if
    ``card`` is no central package or has no live version."""
    live = live_package(card, today)
    if live is None:
        return None
    content, status, _effective = live
    try:
        document, schema = document_and_schema(
            card.id, content, status, config, ptv_ids)
    except MappingError as error:
        return Checked(None, status, list(error.details or ()))
    return checked(document, status, schema)
