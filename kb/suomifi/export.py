"""The whole Suomi.fi publication as files: ``kb export suomifi DIR``.

``DIR/services/<card id>.json`` (the POST body of each published
service card, the PUT body with ``Deleted`` for each retired one),
``DIR/channels/<point>.json`` (ServiceLocation channels),
``DIR/connections/<card id>.json`` (each published service's point
channels by source id), ``DIR/collections/<package id>.json`` (each
service package as a service collection, see
:mod:`kb.suomifi.collections`) and ``DIR/manifest.json``. Every document is
validated before it is written: one that PTV would refuse is left out
and listed, with its reasons, in the manifest's ``problems``; the
languages a service leaves out are listed in ``left_out``.
"""
import json
from pathlib import Path

from kb.clock import helsinki_today
from kb.directory.tables import directory_of
from kb.i18n import _
from kb.staged_directory import staged_directory
from kb.suomifi import collections
from kb.suomifi import points as point_mapping
from kb.suomifi.config import MappingError
from kb.suomifi.mapping import (
    document_for,
    left_out,
    live_content,
    schema_for,
)
from kb.suomifi.validation import problems as document_problems

FORMAT = 'kb-suomifi/1'


class Publication:
    """The documents to write, by relative file name, and the problems
    of those left out.

    ``problems`` holds ``{"card": file, "field": path, "message"}``;
    ``left_out`` holds ``{"card": file, "languages": [...]}``.
    """

    def __init__(self):
        self.files = {}
        self.problems = []
        self.left_out = []
        #: ``{"card": file, "services": [card ids]}``: members of a
        #: collection that PTV has not yet given an id
        self.unlinked = []
        self.collections = 0
        self.counts = {'published': 0, 'deleted': 0, 'channels': 0,
                       'connections': 0}

    @property
    def refused(self):
        """The files left out, sorted."""
        return sorted({problem['card'] for problem in self.problems})

    def add(self, name, document, schema, validate=True, same=None):
        """Add ``document`` as file ``name`` if it is valid as
        ``schema``; else record its problems.

        :param same: a dict that remembers the problems of documents
            that repeat (connections), keyed by their JSON.
        :returns: True if it was added.
        """
        found = ()
        if validate:
            if same is None:
                found = document_problems(document, schema)
            else:
                key = json.dumps(document, sort_keys=True)
                if key not in same:
                    same[key] = document_problems(document, schema)
                found = same[key]
        if found:
            self.problems.extend(
                {'card': name, 'field': path, 'message': message}
                for path, message in found
            )
            return False
        self.files[name] = document
        return True

    def refuse(self, name, error):
        self.problems.extend(
            {'card': name, 'field': detail['field'],
             'message': detail['message']}
            for detail in error.details
        )


def build(cards, today, config, point_rows, progress=None, validate=True,
          ptv_ids=None):
    """Every Suomi.fi document for ``cards`` and the service points.

    :param point_rows: point code → its ``service_points.csv`` columns
        (and ``active``).
    :param ptv_ids: card id → the PTV id of the service, where PTV has
        given one (a collection names its members by these).
    :param progress: an optional ``(done, total)`` callback.
    :param validate: False only for the benchmark's baseline.
    """
    publication = Publication()
    # NB: a closed point is neither a channel nor offers services
    channels = _add_channels(publication, point_rows, config, today,
                             validate)
    offered = {}  # card id → the points offering it
    packages = []
    cards = sorted(cards, key=lambda card: card.id)
    for done, card in enumerate(cards, 1):
        package = collections.live_package(card, today)
        if package is not None:
            packages.append((card.id, package))
        live = live_content(card, today)
        if live is not None:
            content, status, effective = live
            added = _add_service(publication, card, content, status,
                                 effective, config, validate)
            if added and status == 'published':
                offered[card.id] = [
                    code for code in channels
                    if point_mapping.offered_at(
                        code, card.provider, content.get('channels', ()),
                        config)
                ]
        if progress is not None:
            progress(done, len(cards))
    same = {}
    for card_id, codes in offered.items():
        if publication.add(f'connections/{card_id}.json',
                           point_mapping.connection_document(codes),
                           point_mapping.CONNECTION_SCHEMA, validate, same):
            publication.counts['connections'] += 1
    for card_id, (content, status, _effective) in packages:
        _add_collection(publication, card_id, content, status, config,
                        ptv_ids or {}, set(offered), validate)
    return publication


def _add_collection(publication, card_id, content, status, config, ptv_ids,
                    services, validate):
    name = f'collections/{card_id}.json'
    try:
        document, schema = collections.document_and_schema(
            card_id, content, status, config, ptv_ids)
    except MappingError as exc:
        publication.refuse(name, exc)
        return
    if not publication.add(name, document, schema, validate):
        return
    publication.collections += 1
    waiting = [member for member in content.get('cards', ())
               if member in services and member not in ptv_ids]
    if waiting and status == 'published':
        publication.unlinked.append({'card': name, 'services': waiting})


def _add_channels(publication, point_rows, config, today, validate):
    """Add the open points' channels; returns the codes added."""
    added = []
    for code in sorted(point_rows):
        if not point_rows[code].get('active', True):
            continue
        name = f'channels/{code}.json'
        try:
            document = point_mapping.channel_document(
                code, point_rows[code], config, today)
        except MappingError as exc:
            publication.refuse(name, exc)
            continue
        if publication.add(name, document, point_mapping.CHANNEL_SCHEMA,
                           validate):
            publication.counts['channels'] += 1
            added.append(code)
    return added


def _add_service(publication, card, content, status, effective, config,
                 validate):
    name = f'services/{card.id}.json'
    try:
        document = document_for(card, content, status, config, effective)
    except MappingError as exc:
        publication.refuse(name, exc)
        return False
    if not publication.add(name, document, schema_for(status), validate):
        return False
    if status == 'retired':
        publication.counts['deleted'] += 1
        return True
    languages = left_out(content, document)
    if languages:
        publication.left_out.append({'card': name, 'languages': languages})
    publication.counts['published'] += 1
    return True


def manifest(publication, now, config):
    """The summary written beside the documents."""
    return {
        'format': FORMAT,
        'generated': now.isoformat(),
        'counts': dict(publication.counts,
                       services=publication.counts['published']
                       + publication.counts['deleted'],
                       collections=publication.collections,
                       refused=len(publication.refused)),
        'problems': publication.problems,
        'left_out': publication.left_out,
        'unlinked': publication.unlinked,
        # NB: placeholder organisation ids are warnings for the reader
        'placeholders': config.placeholders(),
    }


def write(publication, target, now, config):
    """Write the valid documents and the manifest into ``target`` at
    once (see :func:`kb.staged_directory.staged_directory`).

    :raises KBError: if ``target`` is something other than an earlier
        Suomi.fi export (or an empty directory).
    """
    refusal = _('${target} exists and is not a Suomi.fi export; give a '
                'new directory.', mapping={'target': str(target)})
    with staged_directory(target, '.suomifi-', 'manifest.json',
                          refusal) as folder:
        staging = Path(folder)
        for name in ('services', 'channels', 'connections', 'collections'):
            (staging / name).mkdir()
        for name, document in publication.files.items():
            _dump(staging / name, document)
        _dump(staging / 'manifest.json', manifest(publication, now, config),
              indent=2)


def _dump(path, document, indent=None):
    # NB: without indent json uses its C encoder, several times faster
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    path.write_text(text + '\n', encoding='utf-8')


def export(root, target, config, now, progress=None):
    """Build, validate and write the publication of ``root``.

    :returns: the :class:`Publication` written; its ``problems`` say
        which documents were left out and why.
    """
    today = helsinki_today(now)
    ptv_ids = {card_id: status.ptv_id for card_id, status
               in root['suomifi'].statuses.items() if status.ptv_id}
    publication = build(root['cards'].values(), today, config,
                        directory_of(root).points, progress,
                        ptv_ids=ptv_ids)
    write(publication, target, now, config)
    return publication
