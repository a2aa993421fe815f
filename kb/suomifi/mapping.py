"""Cards → PTV Open API v11 service documents.

Only public fields leave: ``title``, ``summary``, ``description``,
``user_instructions``, ``plain_summary`` (where a description is
missing) and ``keywords`` per language, and the card's
``life_events``; never ``advisor_instructions`` or ``support``. See
``docs/suomifi.md`` for the whole mapping.
"""
import datetime

from kb.clock import midnight
from kb.i18n import _
from kb.suomifi.config import MappingError
from kb.suomifi.text import lead, plain_text, same_text

#: Schema of each body (POST creates, PUT by source id updates).
POST_SCHEMA = 'V9VmOpenApiServiceIn'
PUT_SCHEMA = 'V9VmOpenApiServiceInBase'
#: Our state → PTV publishing status. ``Deleted`` is allowed only by
#: the PUT body (V9VmOpenApiServiceInBase: "Draft, Published, Deleted
#: or Modified"); POST's V9VmOpenApiServiceIn allows "Draft or
#: Published", since nothing is created deleted.
PUBLISHING_STATUS = {'published': 'Published', 'retired': 'Deleted'}
#: Our text fields → PTV description types (``title`` is the Name).
DESCRIPTION_TYPES = (
    ('summary', 'Summary'),
    ('description', 'Description'),
    ('user_instructions', 'UserInstruction'),
)
#: PTV's limit of a Summary ("Max.Length: 150").
SUMMARY_MAX = 150
#: Properties of the POST body that the PUT body does not have.
POST_ONLY = ('serviceChannels',)


def is_suomifi_content(provider, kind):
    """Service cards of a provider go to Suomi.fi as services; central
    packages go as collections (:mod:`kb.suomifi.collections`)."""
    return kind == 'service' and provider != 'central'


def valid_from(effective):
    """``YYYY-MM-DD`` → midnight in Helsinki as an ISO date-time."""
    return midnight(datetime.date.fromisoformat(effective)).isoformat()


def language_version(texts):
    """PTV's texts for one language of a card, as ``{PTV type: text}``,
    or None if Suomi.fi cannot take that language.

    PTV needs a Name, a Summary that differs from it and a Description
    in every language it shows. Where the card has no description in a
    language, its plain-language summary or else its summary stands in;
    where the summary only repeats the title, the opening sentence of
    the description does. Markdown becomes plain text.
    """
    name = (texts.get('title') or '').strip()
    summary = (texts.get('summary') or '').strip()
    description = plain_text(texts.get('description'))
    plain_summary = plain_text(texts.get('plain_summary'))
    if same_text(summary, name):
        own = description or plain_summary
        summary = lead(own, SUMMARY_MAX) if own else ''
    if not name or not summary or same_text(summary, name):
        return None
    version = {'Name': name, 'Summary': summary,
               'Description': description or plain_summary or summary}
    instructions = plain_text(texts.get('user_instructions'))
    if instructions:
        version['UserInstruction'] = instructions
    return version


def _names_and_descriptions(content):
    names, descriptions, keywords, languages = [], [], [], []
    for lang, texts in sorted(content['content'].items()):
        version = language_version(texts)
        if version is None:
            continue
        languages.append(lang)
        names.append({'type': 'Name', 'language': lang,
                      'value': version.pop('Name')})
        descriptions.extend(
            {'type': ptv_type, 'language': lang, 'value': value}
            for ptv_type, value in version.items()
        )
        keywords.extend(
            {'language': lang, 'value': word.strip()}
            for word in texts.get('keywords', ())
            if word.strip()
        )
    if not languages:
        raise no_language(content)
    return names, descriptions, keywords, languages


def no_language(content):
    """The :class:`MappingError` of content Suomi.fi can take in no
    language (see :func:`language_version`)."""
    return MappingError(
        _('Suomi.fi needs, in at least one language, a summary that '
          'says more than the title.'),
        details=[{'field': f'content.{lang}.summary',
                  'message': _('The summary must say more than the '
                               'title.')}
                 for lang in sorted(content['content'])],
    )


def left_out(content, document):
    """The card's languages that ``document`` leaves out (see
    :func:`language_version`)."""
    return sorted(set(content['content']) - set(document['languages']))


def _lookups(provider, content, config):
    """Everything taken from the configuration, with every missing
    entry collected into one :class:`MappingError`."""
    kind = content['kind']
    values, missing = {}, []

    def attempt(key, lookup):
        try:
            values[key] = lookup()
        except MappingError as exc:
            missing.extend(exc.details)

    attempt('organization', lambda: config.organization(provider))
    for key in ('service_type', 'charge_type', 'funding_type',
                'area_type', 'provision_type', 'target_groups',
                'service_classes'):
        attempt(key, lambda key=key: config.card_value(key, provider, kind))
    values['areas'] = config.optional_card_value('areas', provider, kind,
                                                 default=[])
    events = []
    for code in content.get('life_events', ()):
        try:
            events.append(config.life_event(code))
        except MappingError as exc:
            missing.extend(exc.details)
    values['life_events'] = events
    if missing:
        raise MappingError(missing[0]['message'], details=missing)
    return values


def service_document(card_id, provider, content, status, config,
                     effective=None):
    """The ``POST /api/v11/Service`` body (``V9VmOpenApiServiceIn``)
    for a card version's ``content``.

    A retired card's document has publishing status ``Deleted``, which
    only the PUT body accepts: validate and send it with
    :func:`put_document` / :data:`PUT_SCHEMA`.

    :param status: ``'published'`` or ``'retired'``.
    :param effective: the ``YYYY-MM-DD`` the version was approved to
        go live on → ``validFrom``.
    :raises MappingError: if the configuration lacks an entry.
    """
    found = _lookups(provider, content, config)
    names, descriptions, keywords, languages = \
        _names_and_descriptions(content)
    document = {
        'sourceId': card_id,
        'type': found['service_type'],
        'serviceChargeType': found['charge_type'],
        'fundingType': found['funding_type'],
        'areaType': found['area_type'],
        'serviceNames': names,
        'serviceDescriptions': descriptions,
        'languages': languages,
        'keywords': keywords,
        'targetGroups': list(found['target_groups']),
        'serviceClasses': list(found['service_classes']),
        'lifeEvents': found['life_events'],
        'mainResponsibleOrganization': found['organization'],
        'serviceProducers': [{
            'provisionType': found['provision_type'],
            'organizations': [found['organization']],
            'orderNumber': 1,
        }],
        'publishingStatus': PUBLISHING_STATUS[status],
    }
    if found['areas']:
        document['areas'] = [
            {'type': area['type'], 'areaCodes': list(area['codes'])}
            for area in found['areas']
        ]
    if effective:
        document['validFrom'] = valid_from(effective)
    return document


def put_document(card_id, provider, content, status, config,
                 effective=None):
    """The ``PUT /api/v11/Service/sourceId/{sourceId}`` body
    (``V9VmOpenApiServiceInBase``): the POST body without the
    properties only POST has (we send none of them today).

    A retired card is always withdrawn: if its texts or the
    configuration cannot make the whole body, the status alone goes
    (the PUT body requires nothing else).
    """
    try:
        return put_body(service_document(card_id, provider, content,
                                         status, config, effective))
    except MappingError:
        if status != 'retired':
            raise
        return deleted_body()


def deleted_body():
    """The least PUT body there is: a withdrawal."""
    return {'publishingStatus': PUBLISHING_STATUS['retired']}


def put_body(document):
    """The PUT body of a POST body: without what only POST takes."""
    return {key: value for key, value in document.items()
            if key not in POST_ONLY}


def schema_for(status):
    """The schema a card's document is validated against: POST's for
    a published card, PUT's for a retired one (``Deleted``)."""
    return PUT_SCHEMA if status == 'retired' else POST_SCHEMA


def live_content(card, today):
    """``(content, status, effective)`` of the version of ``card`` that
    Suomi.fi should show on ``today`` (``effective``: the date it was
    approved to go live on, if any), or None if it is not Suomi.fi
    content or has no live version."""
    if not is_suomifi_content(card.provider, card.kind):
        return None
    return live_version(card, today)


def live_version(card, today):
    """:func:`live_content` of any card, Suomi.fi content or not."""
    number = card.live_number(today)
    if number is None:
        return None
    version = card.versions[number]
    # NB: every workflow file names its retired-stage state "retired",
    # and retiring marks the baseline version with that state
    if version.state == 'retired':
        return version.content, 'retired', None
    return version.content, 'published', version.effective


def document_for(card, content, status, config, effective=None):
    """The body for ``card`` with ``content`` in ``status``: the PUT
    body for a retired card, else the POST body."""
    builder = put_document if status == 'retired' else service_document
    return builder(card.id, card.provider, content, status, config,
                   effective)


def card_document(card, today, config):
    """The document for ``card``'s live version on ``today``.

    :returns: ``(document, status)``, or None if the card is not
        Suomi.fi content or has no live version. A retired card gives
        the PUT body with ``Deleted``.
    :raises MappingError: if the configuration lacks an entry.
    """
    live = live_content(card, today)
    if live is None:
        return None
    content, status, effective = live
    return document_for(card, content, status, config, effective), status
