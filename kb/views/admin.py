"""Administration pages (theme ``admin``): users and the performance
price list, for administrators (providers and service points:
:mod:`kb.views.admin_directory`).

The rules are those of the API: users are added with
:func:`kb.accounts.users.add_user`, changed with
:func:`kb.accounts.users.change_user`
and :func:`kb.accounts.users.reset_password`, prices changed with
:func:`kb.tickets.prices.change_prices`.
"""
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from kb import refdata, security
from kb.accounts.login import log_in
from kb.accounts.users import (
    add_user,
    change_user,
    describe_user,
    reset_password,
)
from kb.directory import editing
from kb.errors import StateConflictError, ValidationError
from kb.i18n import _
from kb.i18n.formats import formatter
from kb.interfaces import IRoot
from kb.layout import render_page
from kb.tickets.prices import change_prices
from kb.views.notifications import mail_fields, mail_form

THEME = 'admin'
USER_FIELDS = ('name', 'role', 'provider', 'point')
PRICE_FIELDS = ('effective', 'provider', 'suorite', 'minutes',
                'minute_price')
#: role → its name in the interface
ROLE_NAMES = {
    'advisor': _('Advisor'),
    'provider_editor': _('Provider editor'),
    'provider_reviewer': _('Provider reviewer'),
    'central_editor': _('Central editor'),
    'point_manager': _('Point manager'),
    'admin': _('Administrator'),
}


def page(request, name, status=200, **values):
    values.setdefault('point_names', point_names(request))
    values.setdefault('fmt', formatter(request))
    response = render_page(request, name, theme=THEME, **values)
    response.status_int = status
    return response


def flash(request, message):
    request.session.flash(request.localizer.translate(message))


def role_names(request):
    return {role: request.localizer.translate(label)
            for role, label in ROLE_NAMES.items()}


def field_errors(request, error):
    """``{field: translated message}`` of a :class:`ValidationError`."""
    translate = request.localizer.translate
    details = error.details or []
    return {detail['field']: translate(detail['message'] or error.message)
            for detail in details}


def optional(request, key):
    """A form field's value, or None when it is empty or missing."""
    return request.POST.get(key, '').strip() or None


def point_names(request):
    """Code → (name, its language) of every service point: points are
    named in Finnish and Swedish."""
    return refdata.names_in(request.directory.points,
                            request.localizer.locale_name)


def provider_names(request):
    lang = request.localizer.locale_name
    return {code: provider.names.get(lang) or provider.names.get('fi')
            or code for code, provider in request.root['providers'].items()}


@view_config(route_name='admin', context=IRoot, request_method='GET',
             permission=security.ADMIN)
def admin_home(request):
    return HTTPSeeOther(request.route_path('admin.users'))


@view_config(route_name='admin.users', context=IRoot,
             permission=security.ADMIN)
def users_page(request):
    """The users and a form to add one."""
    errors, status = {}, 200
    values = {key: '' for key in USER_FIELDS}
    if request.method == 'POST':
        values = {key: request.POST.get(key, '').strip()
                  for key in USER_FIELDS}
        try:
            user = add_user(
                request.root, request.registry, request.user.name,
                values['name'], values['role'],
                request.POST.get('password', ''),
                values['provider'] or None, values['point'] or None)
        except ValidationError as error:
            errors, status = field_errors(request, error), 422
        except StateConflictError as error:
            errors = {'name': request.localizer.translate(error.message)}
            status = 409
        else:
            flash(request, _('The user "${name}" was added.',
                             mapping={'name': user.name}))
            return HTTPSeeOther(request.route_path('admin.users'))
    users = sorted((describe_user(user) for user in
                    request.root['users'].values()),
                   key=lambda row: row['name'])
    return page(request, 'users.pt', status, users=users, values=values,
                errors=errors, roles=role_names(request),
                providers=provider_names(request),
                points=editing.open_points(request.root),
                messages=request.session.pop_flash())


def the_user(request):
    user = request.root['users'].get(request.matchdict['name'])
    if user is None:
        raise HTTPNotFound()
    return user


@view_config(route_name='admin.user', context=IRoot,
             permission=security.ADMIN)
def user_page(request):
    """One user: change the role (with its provider or service points:
    the home point and any more the user serves) or deactivate; set a
    new password (:func:`password_form`)."""
    user = the_user(request)
    errors, status = {}, 200
    if request.method == 'POST':
        try:
            change_user(request.root, request.registry, request.user.name,
                        user, role=request.POST.get('role', ''),
                        provider=optional(request, 'provider'),
                        points=posted_points(request),
                        active='active' in request.POST)
        except ValidationError as error:
            errors, status = field_errors(request, error), 422
        except StateConflictError as error:
            errors, status = field_errors(request, error), 409
        else:
            flash(request, _('The user "${name}" was changed.',
                             mapping={'name': user.name}))
            return HTTPSeeOther(request.route_path('admin.user',
                                                   name=user.name))
    return user_page_response(request, user, errors, status)


def posted_points(request):
    """The user form's service points: the home point, then the
    further points ticked."""
    home = optional(request, 'point')
    more = [code for code in request.POST.getall('points')
            if code and code != home]
    return ([home] if home else []) + more


def user_page_response(request, user, errors, status,
                       password_errors=None, mail=()):
    values = describe_user(user)
    if errors:
        values.update(role=request.POST.get('role', ''),
                      provider=optional(request, 'provider'),
                      point=optional(request, 'point'),
                      points=posted_points(request),
                      active='active' in request.POST)
    points = editing.open_points(request.root)
    points += [code for code in user.points if code not in points]
    return page(request, 'user.pt', status, user=describe_user(user),
                values=values, errors=errors,
                password_errors=password_errors or {},
                roles=role_names(request), providers=provider_names(request),
                points=points, messages=request.session.pop_flash(),
                **mail_fields(request, user, *mail))


@view_config(route_name='admin.user.password', context=IRoot,
             request_method='POST', permission=security.ADMIN)
def password_form(request):
    user = the_user(request)
    try:
        reset_password(request.root, request.registry, request.user.name,
                       user, request.POST.get('password', ''))
    except ValidationError as error:
        return user_page_response(request, user, {}, 422,
                                  field_errors(request, error))
    if user.name == request.user.name:
        log_in(request, user)  # keep the administrator's own session
    flash(request, _('A new password was set for "${name}".',
                     mapping={'name': user.name}))
    return HTTPSeeOther(request.route_path('admin.user', name=user.name))


@view_config(route_name='admin.user.mail', context=IRoot,
             request_method='POST', permission=security.ADMIN)
def mail_settings_form(request):
    """A user's work e-mail address and when to mail them (the user
    sets them on their own settings page too)."""
    user = the_user(request)
    values, errors = mail_form(request, user)
    if errors:
        return user_page_response(request, user, {}, 422,
                                  mail=(values, errors))
    flash(request, _('The user "${name}" was changed.',
                     mapping={'name': user.name}))
    return HTTPSeeOther(request.route_path('admin.user', name=user.name))


@view_config(route_name='admin.prices', context=IRoot,
             permission=security.ADMIN)
def prices_page(request):
    """The price list and a form to change minutes or the minute
    price from a date on."""
    errors, status = {}, 200
    values = {key: '' for key in PRICE_FIELDS}
    if request.method == 'POST':
        values = {key: request.POST.get(key, '').strip()
                  for key in PRICE_FIELDS}
        minutes = optional(request, 'minutes')
        try:
            result = change_prices(
                request.root, request.registry, request.user.name,
                values['effective'], optional(request, 'provider'),
                optional(request, 'suorite'),
                int(minutes) if minutes and minutes.isdigit() else minutes,
                optional(request, 'minute_price'))
        except ValidationError as error:
            errors, status = field_errors(request, error), 422
        else:
            flash(request, _(
                'Prices changed from ${date}: ${count} price rows.',
                mapping={'date': formatter(request).date(
                    result['effective']), 'count': result['changed']}))
            return HTTPSeeOther(request.route_path('admin.prices'))
    return page(request, 'prices.pt', status, rows=price_rows(request),
                values=values, errors=errors,
                providers=provider_names(request),
                suoritteet=refdata.names_in(
                    refdata.suoritteet(), request.localizer.locale_name),
                messages=request.session.pop_flash())


def price_rows(request):
    """One row per (provider, performance type, period), with the
    formatted date, minutes, minute price and unit price."""
    fmt = formatter(request)
    names = provider_names(request)
    types = refdata.names_in(refdata.suoritteet(),
                             request.localizer.locale_name)
    rows = []
    for (provider, suorite), periods in request.root['prices'] \
            .periods.items():
        for effective, minutes, minute_price in periods:
            unit = request.root['prices'].price(provider, suorite,
                                                effective)
            name, name_lang = types.get(suorite, (suorite, None))
            rows.append({
                'provider': names.get(provider, provider),
                'suorite': name,
                'suorite_lang': name_lang,
                'code': suorite,
                'effective': fmt.date(effective),
                'minutes': fmt.number(minutes),
                'minute_price': fmt.money(minute_price),
                'unit_price': fmt.money(unit[1]) if unit else '',
            })
    return rows


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('admin', '/admin')
    config.add_route('admin.users', '/admin/users')
    config.add_route('admin.user', '/admin/users/{name}')
    config.add_route('admin.user.password', '/admin/users/{name}/password')
    config.add_route('admin.user.mail', '/admin/users/{name}/mail')
    config.add_route('admin.prices', '/admin/prices')
    config.include('kb.views.admin_directory')
