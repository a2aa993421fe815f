"""Service packages → PTV Open API v11 service collections.

A published package is a ``POST /api/v11/ServiceCollection`` body
(``V11VmOpenApiServiceCollectionIn``): its public texts per language
(the same language versions as a service's, see
:func:`kb.suomifi.mapping.language_version`), the central desk's
organisation and its member services by their PTV ids. A retired
package is the PUT body by source id with ``Deleted`` alone. Only
public fields leave, never ``advisor_instructions``.

The push sends a collection after its member services: while a member
waits in the outbox for PTV, the collection waits too
(:func:`waiting_members`), so that it names the member by the id PTV
gives it.
"""
from kb.suomifi.mapping import (
    PUBLISHING_STATUS,
    deleted_body,
    language_version,
    live_version,
    no_language,
)

POST_SCHEMA = 'V11VmOpenApiServiceCollectionIn'
PUT_SCHEMA = 'V11VmOpenApiServiceCollectionInBase'


def is_collection(provider, kind):
    """Central service packages go to Suomi.fi as service collections."""
    return kind == 'package' and provider == 'central'


def live_package(card, today):
    """``(content, status, effective)`` of the package version Suomi.fi
    should show on ``today``, or None (not a package, never
    published)."""
    if not is_collection(card.provider, card.kind):
        return None
    return live_version(card, today)


def document_and_schema(card_id, content, status, config, ptv_ids):
    """``(document, schema name)`` of a package version in ``status``:
    the PUT body with ``Deleted`` for a retired one, else the POST body
    (:func:`collection_document`).

    :raises MappingError: as :func:`collection_document`.
    """
    if status == 'retired':
        return deleted_body(), PUT_SCHEMA
    return collection_document(card_id, content, config, ptv_ids), \
        POST_SCHEMA


def ptv_ids_of(statuses, members):
    """Member card id → PTV service id, for the members PTV has
    acknowledged (``statuses``: the outbox's, by card id)."""
    found = {}
    for member in members:
        status = statuses.get(member)
        if status is not None and status.ptv_id:
            found[member] = status.ptv_id
    return found


def waiting_members(outbox, members):
    """The members still in ``outbox`` on their way to PTV."""
    return [member for member in members if member in outbox.pending]


def collection_document(card_id, content, config, ptv_ids):
    """The POST body of a published package.

    :param ptv_ids: card id → PTV service id, for the services PTV
        has acknowledged; members without one are not sent.
    :raises MappingError: if no language can be shown or the central
        desk has no organisation id.
    """
    names, descriptions = [], []
    for lang, texts in sorted(content['content'].items()):
        version = language_version(texts)
        if version is None:
            continue
        names.append({'language': lang, 'value': version['Name']})
        descriptions.extend(
            {'type': kind, 'language': lang, 'value': version[kind]}
            for kind in ('Summary', 'Description'))
    if not names:
        raise no_language(content)
    return {
        'sourceId': card_id,
        'organizationId': config.organization('central'),
        'serviceCollectionNames': names,
        'serviceCollectionDescriptions': descriptions,
        'services': [ptv_ids[member] for member in content.get('cards', ())
                     if member in ptv_ids],
        'publishingStatus': PUBLISHING_STATUS['published'],
    }
