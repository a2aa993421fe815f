"""Editing the directory of providers and service points (the
administrator's pages and the JSON API).

Every change stores a new random ``directory_serial`` on the root, which
tells every process (ZEO clients too) that its snapshot of the tables
(:mod:`kb.directory.tables`) is out of date.

Codes are never removed, so a code once used is never reused. A
deactivated service point keeps its history, tickets and reports, but
nobody can be assigned to it; it is deactivated only when no active
user is assigned to it.
"""
import re
import uuid

from kb.cards.remote_contact import checked_contact
from kb.errors import StateConflictError, ValidationError
from kb.events import ObjectAdded, ObjectModified
from kb.i18n import _
from kb.resources import Provider, ServicePoint
from kb.untrusted import whole_number

CODE_RE = re.compile(r'^[a-z0-9][a-z0-9-]{1,39}$')
NAME_LANGUAGES = ('fi', 'sv', 'se', 'en')
#: A point's fields: the columns of ``service_points.csv`` (other code
#: reads them by these names, e.g. ``opening_hours``).
POINT_FIELDS = ('name_fi', 'name_sv', 'municipality', 'region', 'languages',
                'opening_hours', 'remote_devices', 'advisors_full_time',
                'advisors_part_time', 'area_m2')
POINT_COUNTS = ('remote_devices', 'advisors_full_time', 'advisors_part_time',
                'area_m2')
POINT_REQUIRED = ('name_fi', 'municipality')
TEXT_MAX = 200


def _problem(field, message):
    return ValidationError(message, details=[{'field': field,
                                             'message': message}])


def _check_code(code, folder):
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise _problem('code', _('A code is 2-40 lower-case letters, '
                                 'digits or hyphens.'))
    if code in folder:
        raise StateConflictError(
            _('The code "${code}" is taken.', mapping={'code': code}),
            code='code_taken', details=[{'field': 'code', 'message': _(
                'The code "${code}" is taken.', mapping={'code': code})}])


def _text(field, value, required=False):
    """A field's value as stripped text, checked."""
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise _problem(field, _('Text of at most ${max} characters.',
                                mapping={'max': TEXT_MAX}))
    value = value.strip()
    if required and not value:
        raise _problem(field, _('This is required.'))
    return value


def _active(value):
    if not isinstance(value, bool):
        raise _problem('active', _('Give true or false.'))
    return value


def _changed(root, registry, obj, actor, event, **details):
    root.directory_serial = uuid.uuid4().hex
    registry.notify(event(obj, actor, **details))


# Providers

def checked_names(names, current=None):
    """A provider's names by language: Finnish required, others
    optional; languages not given keep their ``current`` name."""
    if not isinstance(names, dict):
        raise _problem('names', _('Give the names by language.'))
    merged = dict(current or {})
    for lang, name in names.items():
        if lang not in NAME_LANGUAGES:
            raise _problem('names', _('Unknown language.'))
        merged[lang] = _text(f'name_{lang}', name)
    merged['fi'] = _text('name_fi', merged.get('fi', ''), required=True)
    return {lang: name for lang, name in merged.items() if name}


def checked_remote(remote):
    """A provider's remote-service contact, checked
    (:func:`kb.cards.remote_contact.checked_contact`).

    :raises ValidationError: naming the first field that is wrong.
    """
    checked, problems = checked_contact(remote)
    if problems:
        field, message = problems[0]
        raise _problem(field or 'remote', message)
    return checked


def add_provider(root, registry, actor, code, names, web=''):
    """A new provider with its ``cards`` and ``notices`` folders; its
    cards follow the default workflow."""
    _check_code(code, root['providers'])
    provider = Provider(code, checked_names(names), _text('web', web))
    root['providers'].add(code, provider)
    _changed(root, registry, provider, actor, ObjectAdded)
    return provider


def change_provider(root, registry, actor, provider, names=None, web=None,
                    remote=None):
    """Change a provider's names (given languages), web address or
    remote-service contact (``remote`` replaces the whole contact).

    Everything is checked before anything changes: a page that shows an
    error is committed like any other response.
    """
    new = {'names': dict(provider.names), 'web': provider.web}
    if names is not None:
        new['names'] = checked_names(names, provider.names)
    if web is not None:
        new['web'] = _text('web', web)
    if remote is not None:
        remote = checked_remote(remote)
    changes = {}
    if new['names'] != dict(provider.names):
        changes['names'] = [dict(provider.names), new['names']]
        provider.names.clear()
        provider.names.update(new['names'])
    if new['web'] != provider.web:
        changes['web'] = [provider.web, new['web']]
        provider.web = new['web']
    if remote is not None and remote != provider.remote:
        changes['remote'] = [provider.remote, remote]
        provider.remote = remote  # NB: replaced whole, so it is stored
    if changes:
        _changed(root, registry, provider, actor, ObjectModified,
                 change='provider_changed', changes=changes)
    return changes


def describe_provider(provider, remote=False):
    """A provider as the API shows it; the remote-service contact only
    with ``remote`` (staff: a virtual room is no public address)."""
    described = {'code': provider.code, 'names': dict(provider.names),
                 'web': provider.web}
    if remote:
        described['remote'] = dict(provider.remote)
    return described


# Service points

def checked_point_fields(fields, required=False):
    """A point's fields, checked: known columns only, text; the counts
    are whole numbers (stored as text, as in the CSV)."""
    if not isinstance(fields, dict):
        raise _problem('fields', _('Give the fields as an object.'))
    checked = {}
    for field, value in fields.items():
        if field not in POINT_FIELDS:
            raise _problem(field, _('Unknown field.'))
        if field in POINT_COUNTS:
            value = whole_number(value)
        if field in POINT_COUNTS and isinstance(value, int) and not (
                isinstance(value, bool)):
            value = str(value)
        value = _text(field, value, field in POINT_REQUIRED)
        if field in POINT_COUNTS and value and not value.isdigit():
            raise _problem(field, _('Give a whole number.'))
        checked[field] = value
    if required:
        for field in POINT_REQUIRED:
            if field not in checked:
                raise _problem(field, _('This is required.'))
    return checked


def add_point(root, registry, actor, code, fields):
    _check_code(code, root['points'])
    checked = checked_point_fields(fields, required=True)
    point = ServicePoint(code, **{field: checked.get(field, '')
                                  for field in POINT_FIELDS})
    root['points'].add(code, point)
    _changed(root, registry, point, actor, ObjectAdded)
    return point


def change_point(root, registry, actor, point, fields=None, active=None):
    """Change a point's fields or deactivate/reactivate it (everything is
    checked before anything changes).

    :raises StateConflictError: deactivating a point that active users are
        assigned to (assign them elsewhere first).
    """
    checked = checked_point_fields(fields or {})
    if active is not None and not _active(active) and point.active:
        assigned = sorted(user.name for user in root['users'].values()
                          if user.active and point.code in user.points)
        if assigned:
            message = _('Active users are assigned to this point: '
                        '${names}. Assign them elsewhere first.',
                        mapping={'names': ', '.join(assigned)})
            raise StateConflictError(message, code='point_in_use', details=[
                {'field': 'active', 'message': message}])
    changes = {field: [point.fields.get(field, ''), value]
               for field, value in checked.items()
               if point.fields.get(field, '') != value}
    for field, (_old, value) in changes.items():
        point.fields[field] = value
    if active is not None and active != point.active:
        changes['active'] = [point.active, active]
        point.active = active
    if changes:
        action = {True: 'reactivate', False: 'deactivate'}.get(
            changes.get('active', [None, None])[1], 'point_changed')
        _changed(root, registry, point, actor, ObjectModified,
                 change=action, changes=changes)
    return changes


def describe_point(point):
    return dict(point.fields, code=point.code, active=point.active)


def open_points(root):
    """Codes of the active points (those users may be assigned to)."""
    return [code for code, point in root['points'].items() if point.active]
