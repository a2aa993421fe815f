"""Each user's own notifications and settings: the list (newest first,
mark read) and the "my settings" page (work e-mail address and when to
mail). The same functions answer the API (:mod:`kb.views.api.
notifications`); a user only ever reaches their own inbox."""
import re

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.accounts.users import change_mail
from kb.errors import ValidationError
from kb.i18n import _
from kb.i18n.formats import formatter
from kb.interfaces import IRoot
from kb.layout import render_page
from kb.notifications.texts import link, sentence

#: The most notifications one answer lists (and one request marks).
PAGE_SIZE = 200
#: A notification's id (its key: nanoseconds since 1970).
ID_PATTERN = '[0-9]{1,19}'
#: mail choice (:data:`kb.accounts.users.MAIL_CHOICES`) → its label
MAIL_LABELS = {
    'immediately': _('Immediately'),
    'digest': _('Once a day, as a digest'),
    'off': _('Never'),
}


def is_id(text):
    """True for a notification id (see :data:`ID_PATTERN`)."""
    return isinstance(text, str) and re.fullmatch(ID_PATTERN, text) \
        is not None


def listing(request, unread_only=False, limit=PAGE_SIZE):
    """The caller's notifications, newest first, in their language."""
    inbox = request.root['notifications'].inbox(request.user.name)
    if inbox is None:
        return []
    fmt = formatter(request)
    return [{'id': str(key), 'kind': entry['kind'], 'card': entry['card'],
             'time': entry['time'], 'read': entry['read'],
             'text': sentence(entry, request.localizer,
                              request.registry.workflows, fmt),
             'link': link(request, entry)}
            for key, entry in inbox.newest(limit, unread_only)]


def mark_read(request, ids):
    """Mark the caller's notifications of ``ids`` (all when None) read;
    ids that are not theirs are ignored.

    :returns: how many were unread.
    """
    inbox = request.root['notifications'].inbox(request.user.name)
    if inbox is None:
        return 0
    if ids is None:
        return inbox.mark_read()
    return inbox.mark_read(int(each) for each in ids if is_id(each))


def check_ids(ids):
    """A list of at most :data:`PAGE_SIZE` notification ids.

    :raises ValidationError: on ``ids`` otherwise.
    """
    if not isinstance(ids, list) or len(ids) > PAGE_SIZE or not all(
            is_id(each) for each in ids):
        raise ValidationError(_('The request has errors.'), details=[{
            'field': 'ids', 'message': _('Give a list of notification '
                                         'ids.')}])
    return ids


@view_config(route_name='notifications', context=IRoot,
             request_method='GET', permission=security.AUTHENTICATED)
def notifications_page(request):
    fmt = formatter(request)
    items = listing(request)
    for item in items:
        item['when'] = fmt.moment(item['time'])
    return render_page(request, 'notifications.pt', items=items,
                       any_unread=any(not item['read'] for item in items),
                       messages=request.session.pop_flash())


@view_config(route_name='notifications.read', context=IRoot,
             request_method='POST', permission=security.AUTHENTICATED)
def read_form(request):
    """Mark one notification (``id``) or all of them read."""
    if 'all' in request.POST:
        mark_read(request, None)
    else:
        mark_read(request, request.POST.getall('id'))
    return HTTPSeeOther(request.route_path('notifications'))


def mail_form(request, user):
    """Save the mail fields of a posted form for ``user``.

    :returns: ``(values, errors)`` for :func:`mail_fields`; no errors
        when it was saved.
    """
    values = {'email': request.POST.get('email', '').strip(),
              'mail': request.POST.get('mail', '')}
    try:
        change_mail(request.registry, request.user.name, user, **values)
    except ValidationError as error:
        translate = request.localizer.translate
        return values, {detail['field']: translate(detail['message'])
                        for detail in error.details}
    return values, {}


def mail_fields(request, user, values=None, errors=None):
    """The values of the mail fields' macro (``mail_fields.pt``)."""
    return {'mail_values': values or {'email': user.email or '',
                                      'mail': user.mail},
            'mail_errors': errors or {},
            'mail_choices': {code: request.localizer.translate(label)
                             for code, label in MAIL_LABELS.items()}}


@view_config(route_name='settings', context=IRoot,
             permission=security.AUTHENTICATED)
def settings_page(request):
    """The caller's work e-mail address and when to mail them."""
    values, errors = None, None
    if request.method == 'POST':
        values, errors = mail_form(request, request.user)
        if not errors:
            request.session.flash(request.localizer.translate(
                _('Your settings were saved.')))
            return HTTPSeeOther(request.route_path('settings'))
    response = render_page(
        request, 'settings.pt', messages=request.session.pop_flash(),
        **mail_fields(request, request.user, values, errors))
    response.status_int = 422 if errors else 200
    return response


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('notifications', '/notifications')
    config.add_route('notifications.read', '/notifications/read')
    config.add_route('settings', '/settings')
