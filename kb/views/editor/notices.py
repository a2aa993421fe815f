"""Notice pages: the list of a provider's notices, create, edit, end."""
import datetime

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from kb import refdata, security
from kb.cards.notices import (
    BODY_MAX,
    KINDS,
    TITLE_MAX,
    add_notice,
    end_notice,
    notice_status,
    update_notice,
)
from kb.clock import HELSINKI, stamp
from kb.errors import ValidationError
from kb.i18n import _
from kb.interfaces import INotice, IRoot
from kb.views.common import versioning
from kb.views.editor import editor_page
from kb.views.editor.cards import problems_of
from kb.views.editor.forms import MAIN_LANGUAGES
from kb.views.editor.labels import notice_field

NOTICE_LIMITS = {'title': TITLE_MAX, 'body': BODY_MAX}


def local_input(moment):
    """A stored UTC timestamp as a ``datetime-local`` input value."""
    if not moment:
        return ''
    value = datetime.datetime.fromisoformat(moment.replace('Z', '+00:00'))
    return value.astimezone(HELSINKI).strftime('%Y-%m-%dT%H:%M')


def notice_providers(request):
    """Providers whose notices the user may write."""
    return [code for code, folder in request.root['providers'].items()
            if request.has_permission(security.NOTICE, folder)]


def notice_values(notice):
    """Form values of a stored notice."""
    values = {
        'kind': notice.kind, 'point': notice.point or '',
        'valid_from': local_input(notice.valid_from),
        'valid_until': local_input(notice.valid_until),
        'cards': ' '.join(notice.cards), 'public': notice.public,
        'provider': notice.provider,
    }
    for lang, texts in notice.texts.items():
        for key, text in texts.items():
            values[f'content.{lang}.{key}'] = text
    return values


def notice_data(post):
    """The notice in the API's format from the posted form."""
    content = {}
    for lang in refdata.LANGUAGES:
        texts = {key: post.get(f'content.{lang}.{key}', '').strip()
                 for key in NOTICE_LIMITS}
        if any(texts.values()):
            content[lang] = texts
    return {
        'kind': post.get('kind'),
        'content': content,
        'valid_from': post.get('valid_from', '').strip(),
        'valid_until': post.get('valid_until', '').strip(),
        'point': post.get('point') or None,
        'cards': post.get('cards', '').replace(',', ' ').split(),
        'public': post.get('public') == 'on',
    }


def render_form(request, values, notice=None, status=200, error=None,
                problems=()):
    # NB: messages are joined per field, so they are translated first
    translate = request.localizer.translate
    problems = [dict(problem, message=translate(problem['message']),
                     label=notice_field(translate, problem['field']))
                for problem in problems]
    errors = {}
    for problem in problems:
        errors.setdefault(problem['field'], []).append(problem['message'])
    languages = [lang for lang in refdata.LANGUAGES
                 if lang in MAIN_LANGUAGES
                 or values.get(f'content.{lang}.title')]
    return editor_page(
        request, 'notice.pt', status=status, values=values, notice=notice,
        error=error, errors=errors, problems=problems,
        languages=languages, kinds=KINDS, limits=NOTICE_LIMITS,
        providers=notice_providers(request),
        points=refdata.names_in(request.directory.points,
                                request.locale_name))


@view_config(route_name='editor.notices', context=IRoot,
             permission=security.EDITING)
def notice_list(request):
    now = stamp(request.now)
    notices = [
        dict(notice=notice, status=notice_status(notice, now))
        for code in notice_providers(request)
        for notice in request.root['providers'][code]['notices'].values()
    ]
    notices.sort(key=lambda item: item['notice'].valid_from, reverse=True)
    return editor_page(request, 'notices.pt', notices=notices,
                       may_add=bool(notice_providers(request)))


@view_defaults(context=IRoot, route_name='editor.notice.new',
               permission=security.EDITING)
class NewNotice:

    def __init__(self, context, request):
        self.context = context
        self.request = request

    @view_config(request_method='GET')
    def show(self):
        today = self.request.today.isoformat()
        return render_form(self.request, {'valid_from': f'{today}T00:00',
                                          'kind': 'disruption'})

    @view_config(request_method='POST')
    def create(self):
        post = self.request.POST
        provider = post.get('provider')
        acting = versioning(self.request)
        try:
            if provider not in notice_providers(self.request):
                raise ValidationError(
                    _('Choose a provider whose notices you write.'),
                    details=[{'field': 'provider', 'message': _(
                        'Choose a provider whose notices you write.')}])
            add_notice(self.context, self.request.registry, acting.actor,
                       provider, notice_data(post), acting.now)
        except ValidationError as exc:
            return render_form(self.request, dict(post), status=exc.status,
                               error=exc.message, problems=problems_of(exc))
        return HTTPSeeOther(self.request.route_path('editor.notices'))


@view_defaults(context=INotice, route_name='editor.notice.edit',
               permission=security.NOTICE)
class NoticePage:

    def __init__(self, context, request):
        self.notice = context
        self.request = request

    @view_config(request_method='GET')
    def show(self):
        return render_form(self.request, notice_values(self.notice),
                           self.notice)

    @view_config(request_method='POST')
    def save(self):
        post = self.request.POST
        try:
            update_notice(self.request.root, self.request.registry,
                          self.request.user.name, self.notice,
                          notice_data(post))
        except ValidationError as exc:
            values = dict(post, provider=self.notice.provider)
            return render_form(self.request, values, self.notice,
                               exc.status, exc.message, problems_of(exc))
        return HTTPSeeOther(self.request.route_path('editor.notices'))

    @view_config(route_name='editor.notice.end', request_method='POST')
    def end(self):
        end_notice(self.request.registry, self.request.user.name,
                   self.notice, stamp(self.request.now))
        return HTTPSeeOther(self.request.route_path('editor.notices'))
