"""The whole Suomi.fi publication as files: ``kb export suomifi DIR``.

``DIR/services/<card id>.json`` (the POST body of each published
service card, the PUT body with ``Deleted`` for each retired one),
``DIR/channels/<point>.json`` (ServiceLocation channels),
``DIR/connections/<card id>.json`` (each published service's point
channels by source id) and ``DIR/manifest.json``. Every document is
validated before anything is written; one problem stops it all.
"""
import json
import os
from pathlib import Path
import shutil
import tempfile

from kb import refdata
from kb.errors import ValidationError
from kb.i18n import _
from kb.suomifi import points as point_mapping
from kb.suomifi.config import MappingError
from kb.suomifi.mapping import document_for, live_content, schema_for
from kb.suomifi.validation import problems as document_problems
from kb.versioning import helsinki_today

FORMAT = 'kb-suomifi/1'


class Publication:
    """The documents to write, by relative file name, and problems.

    ``problems`` holds ``{"card": file, "field": path, "message"}``.
    """

    def __init__(self):
        self.files = {}
        self.problems = []
        self.counts = {'published': 0, 'deleted': 0, 'channels': 0,
                       'connections': 0}

    def add(self, name, document, schema, validate=True, same=None):
        """Add ``document`` as file ``name``, validated as ``schema``.

        :param same: a dict that remembers the problems of documents
            that repeat (connections), keyed by their JSON.
        """
        if validate:
            if same is None:
                found = document_problems(document, schema)
            else:
                key = json.dumps(document, sort_keys=True)
                if key not in same:
                    same[key] = document_problems(document, schema)
                found = same[key]
            self.problems.extend(
                {'card': name, 'field': path, 'message': message}
                for path, message in found
            )
        self.files[name] = document

    def refuse(self, name, error):
        self.problems.extend(
            {'card': name, 'field': detail['field'],
             'message': detail['message']}
            for detail in error.details
        )


def build(cards, today, config, point_rows, progress=None, validate=True):
    """Every Suomi.fi document for ``cards`` and the service points.

    :param point_rows: point code → its ``service_points.csv`` columns
        (and ``active``).
    :param progress: an optional ``(done, total)`` callback.
    :param validate: False only for the benchmark's baseline.
    """
    publication = Publication()
    offered = {}  # card id → the points offering it
    # NB: a closed point (``active`` false, once points live in the
    # database) is neither a channel nor offers services
    point_rows = {code: row for code, row in point_rows.items()
                  if row.get('active', True)}
    cards = sorted(cards, key=lambda card: card.id)
    for done, card in enumerate(cards, 1):
        live = live_content(card, today)
        if live is not None:
            content, status = live
            _add_service(publication, card, content, status, config,
                         validate)
            if status == 'published':
                offered[card.id] = [
                    code for code in point_rows
                    if point_mapping.offered_at(
                        code, card.provider, content.get('channels', ()),
                        config)
                ]
        if progress is not None:
            progress(done, len(cards))
    for code in sorted(point_rows):
        name = f'channels/{code}.json'
        try:
            document = point_mapping.channel_document(
                code, point_rows[code], config, today)
        except MappingError as exc:
            publication.refuse(name, exc)
            continue
        publication.add(name, document, point_mapping.CHANNEL_SCHEMA,
                        validate)
        publication.counts['channels'] += 1
    same = {}
    for card_id, codes in offered.items():
        publication.add(f'connections/{card_id}.json',
                        point_mapping.connection_document(codes),
                        point_mapping.CONNECTION_SCHEMA, validate, same)
        publication.counts['connections'] += 1
    return publication


def _add_service(publication, card, content, status, config, validate):
    name = f'services/{card.id}.json'
    try:
        document = document_for(card, content, status, config)
    except MappingError as exc:
        publication.refuse(name, exc)
        return
    publication.add(name, document, schema_for(status), validate)
    publication.counts['deleted' if status == 'retired'
                       else 'published'] += 1


def manifest(publication, now, config):
    """The summary written beside the documents."""
    return {
        'format': FORMAT,
        'generated': now.isoformat(),
        'counts': dict(publication.counts,
                       services=publication.counts['published']
                       + publication.counts['deleted']),
        # NB: any problem stops the export, so a written one has none;
        # placeholder organisation ids are warnings for the reader
        'problems': [],
        'placeholders': config.placeholders(),
    }


def write(publication, target, now, config):
    """Write everything into ``target`` at once: into a temporary
    directory beside it, then renamed into place.

    :raises ValidationError: listing every problem; nothing is written.
    """
    if publication.problems:
        raise ValidationError(
            _('${count} documents would be refused by Suomi.fi; nothing '
              'was written.',
              mapping={'count': len({p['card']
                                     for p in publication.problems})}),
            details=publication.problems,
        )
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix='.suomifi-', dir=target.parent))
    try:
        for folder in ('services', 'channels', 'connections'):
            (staging / folder).mkdir()
        for name, document in publication.files.items():
            _dump(staging / name, document)
        _dump(staging / 'manifest.json', manifest(publication, now, config),
              indent=2)
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _dump(path, document, indent=None):
    # NB: without indent json uses its C encoder, several times faster
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    path.write_text(text + '\n', encoding='utf-8')


def _replace(staging, target):
    """Put ``staging`` where ``target`` is; an old export goes away
    only once the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix='.suomifi-old-',
                                    dir=target.parent))
        os.rename(target, old / 'export')
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old)


def export(root, target, config, now, progress=None):
    """Build, validate and write the publication of ``root``.

    :returns: the :class:`Publication` written.
    :raises ValidationError: if any document would be refused.
    """
    today = helsinki_today(now)
    publication = build(root['cards'].values(), today, config,
                        refdata.points(), progress)
    write(publication, target, now, config)
    return publication
