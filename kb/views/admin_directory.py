"""Administration pages for the directory: providers and service points
(list, add, change, deactivate a point). The rules are those of the
API, in :mod:`kb.directory.editing`."""
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.directory import editing, recipients
from kb.errors import StateConflictError, ValidationError
from kb.i18n import _
from kb.i18n.labels import LANGUAGE_NAMES, REMOTE_LABELS
from kb.interfaces import IRoot
from kb.refdata import UI_LANGUAGES
from kb.views.admin import (
    field_errors,
    flash,
    page,
    point_names,
    provider_names,
)

CODE_LABEL = _('Code (lower-case letters, digits and hyphens; it cannot '
               'be changed later)')
#: form field → label, in form order
PROVIDER_LABELS = {
    'name_fi': _('Name in Finnish'),
    'name_sv': _('Name in Swedish'),
    'name_se': _('Name in Northern Sámi'),
    'name_en': _('Name in English'),
    'web': _('Web address'),
}
#: the languages report packs are mailed in
REPORT_LANGUAGES = {lang: LANGUAGE_NAMES[lang] for lang in UI_LANGUAGES}
POINT_LABELS = {
    'name_fi': _('Name in Finnish'),
    'name_sv': _('Name in Swedish'),
    'municipality': _('Municipality'),
    'region': _('Region'),
    'languages': _('Languages of service (codes separated by spaces)'),
    'opening_hours': _('Opening hours'),
    'remote_devices': _('Remote service devices'),
    'advisors_full_time': _('Full-time advisors'),
    'advisors_part_time': _('Part-time advisors'),
    'area_m2': _('Floor area (m²)'),
}


def labels(request, table):
    translate = request.localizer.translate
    return {field: translate(label) for field, label in table.items()}


def posted(request, fields):
    return {field: request.POST.get(field, '').strip() for field in fields}


def provider_names_of(values):
    """The ``name_xx`` form fields as the names by language."""
    return {lang: values[f'name_{lang}']
            for lang in editing.NAME_LANGUAGES}


def provider_values(provider):
    values = {f'name_{lang}': provider.names.get(lang, '')
              for lang in editing.NAME_LANGUAGES}
    values['web'] = provider.web
    values.update({field: provider.remote.get(field, '')
                   for field in REMOTE_LABELS})
    return values


def directory_page(request, template, status, errors, values, **extra):
    return page(request, template, status, errors=errors, values=values,
                code_label=request.localizer.translate(CODE_LABEL),
                messages=request.session.pop_flash(),
                language_names=labels(request, REPORT_LANGUAGES), **extra)


def recipient_values(owner):
    """The report recipients form's fields of a provider or a point."""
    return {'report_recipients': '\n'.join(owner.report_recipients),
            'report_lang': owner.report_lang or ''}


def attempt(request, change):
    """Run ``change()``; :returns: ``(errors, status)``, empty on
    success."""
    try:
        change()
    except ValidationError as error:
        return field_errors(request, error), 422
    except StateConflictError as error:
        return field_errors(request, error), 409
    return {}, 200


def recipients_page(request, owner, route, template, values, **extra):
    """Save the report recipients form of a provider's or a point's page
    (``route``): a redirect once saved, else the page (``template``)
    with the form's errors."""
    sent = {'report_recipients': request.POST.get('report_recipients', ''),
            'report_lang': request.POST.get('report_lang', '')}
    errors, status = attempt(request, lambda: recipients.set_recipients(
        request.registry, request.user.name, owner,
        sent['report_recipients'].split(), sent['report_lang']))
    if not errors:
        flash(request, _('The report recipients were saved.'))
        return HTTPSeeOther(request.route_path(route, code=owner.code))
    errors = {{'addresses': 'report_recipients', 'lang': 'report_lang'}[
        field]: message for field, message in errors.items()}
    return directory_page(request, template, status, errors, values,
                          recipients=sent, **extra)


@view_config(route_name='admin.providers', context=IRoot,
             permission=security.ADMIN)
def providers_page(request):
    """The providers and a form to add one."""
    errors, status = {}, 200
    values = dict.fromkeys(('code',) + tuple(PROVIDER_LABELS), '')
    if request.method == 'POST':
        values = posted(request, values)
        errors, status = attempt(request, lambda: editing.add_provider(
            request.root, request.registry, request.user.name,
            values['code'], provider_names_of(values), values['web']))
        if not errors:
            flash(request, _('The provider "${code}" was added.',
                             mapping={'code': values['code']}))
            return HTTPSeeOther(request.route_path('admin.providers'))
    names = provider_names(request)
    rows = [dict(editing.describe_provider(provider),
                 name=names[provider.code])
            for provider in request.root['providers'].values()]
    return directory_page(request, 'providers.pt', status, errors, values,
                          rows=rows, labels=labels(request, PROVIDER_LABELS))


@view_config(route_name='admin.provider', context=IRoot,
             permission=security.ADMIN)
def provider_page(request):
    """One provider's names, web address and remote-service contact."""
    provider = request.root['providers'].get(request.matchdict['code'])
    if provider is None:
        raise HTTPNotFound()
    errors, status = {}, 200
    values = provider_values(provider)
    extra = dict(code=provider.code,
                 display_name=provider_names(request)[provider.code],
                 labels=labels(request, PROVIDER_LABELS),
                 remote_labels=labels(request, REMOTE_LABELS))
    if request.method == 'POST' and 'report_recipients' in request.POST:
        return recipients_page(request, provider, 'admin.provider',
                               'provider.pt', values, **extra)
    if request.method == 'POST':
        values = posted(request, {**PROVIDER_LABELS, **REMOTE_LABELS})
        errors, status = attempt(request, lambda: editing.change_provider(
            request.root, request.registry, request.user.name, provider,
            provider_names_of(values), values['web'],
            {field: values[field] for field in REMOTE_LABELS}))
        if not errors:
            flash(request, _('The provider "${code}" was changed.',
                             mapping={'code': provider.code}))
            return HTTPSeeOther(request.route_path('admin.provider',
                                                   code=provider.code))
    return directory_page(request, 'provider.pt', status, errors, values,
                          recipients=recipient_values(provider), **extra)


@view_config(route_name='admin.points', context=IRoot,
             permission=security.ADMIN)
def points_page(request):
    """The service points and a form to add one."""
    errors, status = {}, 200
    values = dict.fromkeys(('code',) + editing.POINT_FIELDS, '')
    if request.method == 'POST':
        values = posted(request, values)
        fields = {field: values[field] for field in editing.POINT_FIELDS}
        errors, status = attempt(request, lambda: editing.add_point(
            request.root, request.registry, request.user.name,
            values['code'], fields))
        if not errors:
            flash(request, _('The service point "${code}" was added.',
                             mapping={'code': values['code']}))
            return HTTPSeeOther(request.route_path('admin.points'))
    rows = [editing.describe_point(point)
            for point in request.root['points'].values()]
    return directory_page(request, 'points.pt', status, errors, values,
                          rows=rows, labels=labels(request, POINT_LABELS))


@view_config(route_name='admin.point', context=IRoot,
             permission=security.ADMIN)
def point_page(request):
    """One service point's fields; deactivate or reactivate it."""
    point = request.root['points'].get(request.matchdict['code'])
    if point is None:
        raise HTTPNotFound()
    errors, status = {}, 200
    values = editing.describe_point(point)
    extra = dict(code=point.code,
                 display_name=point_names(request)[point.code][0],
                 labels=labels(request, POINT_LABELS))
    if request.method == 'POST' and 'report_recipients' in request.POST:
        return recipients_page(request, point, 'admin.point', 'point.pt',
                               values, **extra)
    if request.method == 'POST':
        values = posted(request, editing.POINT_FIELDS)
        values['active'] = 'active' in request.POST
        fields = {field: values[field] for field in editing.POINT_FIELDS}
        errors, status = attempt(request, lambda: editing.change_point(
            request.root, request.registry, request.user.name, point,
            fields, values['active']))
        if not errors:
            flash(request, _('The service point "${code}" was changed.',
                             mapping={'code': point.code}))
            return HTTPSeeOther(request.route_path('admin.point',
                                                   code=point.code))
    return directory_page(request, 'point.pt', status, errors, values,
                          recipients=recipient_values(point), **extra)


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('admin.providers', '/admin/providers')
    config.add_route('admin.provider', '/admin/providers/{code}')
    config.add_route('admin.points', '/admin/points')
    config.add_route('admin.point', '/admin/points/{code}')
