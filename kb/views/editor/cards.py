"""Card pages: new card, the edit page (form, or the text read-only for
those who may not edit in this state), transitions, Markdown preview."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config, view_defaults

from kb import markdown, refdata, security
from kb.cards import remote_contact
from kb.cards.exchange_format import (
    ID_MAX,
    KEYWORD_MAX,
    KEYWORDS_MAX,
    SUPPORT_LIMITS,
    TEXT_LIMITS,
    Problems,
    check_card_id,
    validated_content,
)
from kb.cards.versioning import outdated_since
from kb.errors import KBError, StateConflictError, ValidationError
from kb.i18n import _
from kb.i18n.formats import formatter
from kb.i18n.labels import suorite_names
from kb.interfaces import ICard, IRoot
from kb.tickets.reports import card_feedback, counts_only
from kb.views.common import checked_comment, require, translate, versioning
from kb.views.editor import editor_page, home_provider
from kb.views.editor.dashboard import card_title
from kb.views.editor.forms import CardForm

LIMITS = dict(TEXT_LIMITS, keywords=KEYWORDS_MAX, keyword=KEYWORD_MAX,
              id=ID_MAX, **{f'support.{k}': v
                            for k, v in SUPPORT_LIMITS.items()},
              **{f'remote.{k}': remote_contact.TEXT_MAX
                 for k in remote_contact.FIELDS})


def published_cards(request):
    """``(id, title, its language)`` of live cards by title, offered
    for service packages."""
    found = []
    for card in request.root['cards'].values():
        workflow = request.registry.workflows.for_provider(card.provider)
        if card.published is not None and \
                workflow.live_state(card).stage == 'live':
            found.append((card.id, *card_title(request, card)))
    return sorted(found, key=lambda item: (item[1].lower(), item[0]))


def form_options(request, provider, kind):
    """The choices and limits a card form offers."""
    return dict(
        limits=LIMITS,
        channels=refdata.CHANNELS,
        suoritteet=sorted(refdata.allowed_suoritteet(provider)),
        suorite_names=refdata.names_in(refdata.suoritteet(),
                                       request.localizer.locale_name),
        life_events=refdata.life_events(),
        package_cards=published_cards(request) if kind == 'package' else (),
        kind=kind,
        provider=provider,
    )


def problems_of(exc):
    """The ``{"field", "message"}`` list of an error (may be empty)."""
    details = exc.details
    if isinstance(details, dict) and 'field' in details:
        return [{'field': details['field'], 'message': exc.message}]
    return [problem for problem in details or ()
            if isinstance(problem, dict) and 'field' in problem]


def base_version(request):
    try:
        return int(request.POST.get('base_version', ''))
    except ValueError:
        raise ValidationError(
            _('The form has no version number. Reload the page.'),
            details=[{'field': 'base_version', 'message': ''}],
        ) from None


@view_defaults(context=IRoot, route_name='editor.new',
               permission=security.EDITING)
class NewCard:
    """``/editor/cards/new``: a new card of the user's provider."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.provider = home_provider(request.user)
        require(request, security.ADD, context['providers'][self.provider])
        kind = request.params.get('kind')
        self.kind = kind if kind in refdata.KINDS else 'service'

    def render(self, form, status=200, error=None):
        return editor_page(
            self.request, 'new.pt', status=status, form=form, error=error,
            card_id=form.value('id'), kinds=refdata.KINDS,
            **form_options(self.request, self.provider, self.kind))

    @view_config(request_method='GET')
    def show(self):
        extra = [self.request.params.get('lang')]
        return self.render(CardForm({}, extra_languages=extra))

    @view_config(request_method='POST')
    def create(self):
        form = CardForm.from_post(self.request.POST)
        card_id = form.value('id').strip()
        try:
            problems = Problems()
            check_card_id(card_id, problems)
            if problems:
                raise ValidationError(_('The card has errors.'),
                                      details=problems.items)
            comment = checked_comment(form.value('comment'))
            content = validated_content(
                self.context, form.card_data(self.kind), self.provider)
            versioning(self.request).create(self.context, self.provider,
                                            card_id, content, comment)
        except (ValidationError, StateConflictError) as exc:
            for problem in problems_of(exc):
                form.add_error(problem['field'], translate(
                    self.request, problem['message']))
            return self.render(form, exc.status, exc.message)
        return HTTPSeeOther(self.request.route_path('editor.card.edit',
                                                    id=card_id))


@view_defaults(context=ICard, permission=security.VIEW_WORKING,
               hide_without=security.VIEW_WORKING)
class CardPage:
    """``/editor/cards/{id}/edit`` and its transitions, for those who
    may see the card's working copy (to others the card does not
    exist)."""

    def __init__(self, context, request):
        self.card = context
        self.request = request

    def transitions(self):
        """The transitions this user may fire in the card's state."""
        workflow = versioning(self.request).workflow(self.card)
        return [
            dict(name=t.name, title=t.title, comment=t.comment_required,
                 effective=t.effective_date,
                 live=workflow.stage_of(t.target) == 'live')
            for t in workflow.transitions_from(self.card.state)
            if self.request.has_permission(
                security.TRANSITION_PREFIX + t.name, self.card)
        ]

    def holds_role(self, transition):
        """Whether the user holds one of the transition's roles on this
        card (its ACL after a save, which may change the state, grants
        the transition to exactly these)."""
        principals = set(security.principals_of(self.request.user))
        return any(security.role_principal(role, self.card.provider)
                   in principals for role in transition.roles)

    def send_steps(self):
        """The steps the card form offers with "save, then ..." (see
        :meth:`Versioning.save_and_fire`): from the state a save leaves
        the card in, into another working state, without a comment."""
        card = self.card
        workflow = versioning(self.request).workflow(card)
        state = card.state if card.working is not None else workflow.initial
        return [dict(name=t.name, title=t.title)
                for t in workflow.transitions_from(state)
                if workflow.stage_of(t.target) == 'working'
                and not t.comment_required and self.holds_role(t)]

    def outdated(self):
        """``(language, date the Finnish changed)`` of each translation
        of the text under work that lags its Finnish, for the warning
        beside an approval."""
        card = self.card
        number = card.working if card.working is not None else card.head
        return [(lang, since) for lang, since in (
            (lang, outdated_since(card, number, lang))
            for lang in sorted(card.versions[number].lang_status)) if since]

    def render(self, form=None, status=200, error=None, conflict=None,
               transition_error=None):
        card = self.card
        content = card.current_content()
        if form is None:
            extra = [self.request.params.get('lang')]
            form = CardForm.from_content(content, extra_languages=extra)
        flags = self.request.root['tickets'].open_flags(card)
        # NB: counts only (no histograms): a few small objects per month
        feedback = card_feedback(counts_only(
            self.request.root['tickets'], None, None,
            provider=card.provider), card.id)
        feedback['mean'] = formatter(self.request).number(
            feedback['mean_rating']) or '–'
        return editor_page(
            self.request, 'edit.pt', status=status, card=card, form=form,
            error=error, conflict=conflict, content=content,
            transition_error=transition_error, flags=flags,
            feedback=feedback,
            workflow=versioning(self.request).workflow(card),
            transitions=self.transitions(), send_steps=self.send_steps(),
            outdated=self.outdated(), title=card_title(self.request, card),
            may_edit=self.request.has_permission(security.EDIT, card),
            # NB: a first publication has no baseline to keep
            may_unschedule=card.pending is not None and
            card.published is not None and
            self.request.has_permission(security.PUBLISHING,
                                        self.request.root),
            lang_status=dict(card.versions[card.head].lang_status),
            render_markdown=lambda text, lang: markdown.render(
                text, suorite_names(lang)),
            **form_options(self.request, card.provider, card.kind))

    @view_config(route_name='editor.card.edit', request_method='GET')
    def show(self):
        return self.render()

    @view_config(route_name='editor.card.edit', request_method='POST',
                 permission=security.EDIT)
    def save(self):
        card = self.card
        form = CardForm.from_post(self.request.POST)
        try:
            base = base_version(self.request)
            comment = checked_comment(form.value('comment'))
            content = validated_content(
                self.request.root, form.card_data(card.kind), card.provider)
            then = self.request.POST.get('then')
            if then:
                versioning(self.request).save_and_fire(
                    card, content, base, then, comment, self.holds_role)
            else:
                versioning(self.request).save(card, content, base, comment)
        except StateConflictError as exc:
            if exc.code != 'stale_version':
                return self.render(form, exc.status, exc.message)
            # NB: the user's text stays in the form; the new base lets
            # them save over the newer version once they have read the
            # diff.
            form.values['base_version'] = str(card.head)
            return self.render(form, exc.status, exc.message,
                               conflict={'base': base, 'head': card.head})
        except ValidationError as exc:
            for problem in problems_of(exc):
                form.add_error(problem['field'], translate(
                    self.request, problem['message']))
            return self.render(form, exc.status, exc.message)
        return HTTPSeeOther(self.request.route_path('editor.card.edit',
                                                    id=card.id))

    @view_config(route_name='editor.card.transition', request_method='POST')
    def transition(self):
        card = self.card
        post = self.request.POST
        acting = versioning(self.request)
        name = post.get('transition')
        try:
            if not refdata.is_code(name, acting.workflow(card).transitions):
                raise ValidationError(_('Unknown transition.'))
            # NB: a wrong state (409) is reported before a missing role
            acting.possible_transition(card, name)
            require(self.request, security.TRANSITION_PREFIX + name)
            comment = checked_comment(post.get('comment', '').strip())
            acting.fire(card, name, comment, post.get('effective') or None)
        except KBError as exc:
            problems = problems_of(exc)
            # NB: guard problems name card fields; show them there too
            form = CardForm.from_content(card.current_content())
            for problem in problems:
                form.add_error(problem['field'],
                               translate(self.request, problem['message']))
            return self.render(form, status=exc.status, transition_error={
                'message': exc.message, 'problems': problems})
        return HTTPSeeOther(self.request.route_path('editor.card.edit',
                                                    id=card.id))

    @view_config(route_name='editor.card.unschedule', request_method='POST')
    def unschedule(self):
        """The central editor cancels the version approved for a later
        date (the card's baseline stays as it is)."""
        try:
            require(self.request, security.PUBLISHING, self.request.root)
            versioning(self.request).cancel_scheduled(self.card)
        except KBError as exc:
            return self.render(status=exc.status, error=exc.message)
        return HTTPSeeOther(self.request.route_path('editor.card.edit',
                                                    id=self.card.id))

    @view_config(route_name='editor.card.confirm', request_method='POST',
                 permission=security.EDIT)
    def confirm_language(self):
        """Mark a translation as up to date with the Finnish text."""
        try:
            versioning(self.request).confirm_language(
                self.card, self.request.POST.get('lang'))
        except ValidationError as exc:
            return self.render(status=exc.status, error=exc.message)
        return HTTPSeeOther(self.request.route_path('editor.card.edit',
                                                    id=self.card.id))


@view_config(route_name='editor.preview', context=IRoot,
             request_method='POST', permission=security.EDITING)
def preview(request):
    """Sanitised HTML of the posted Markdown ``text`` in ``lang`` (for
    the live preview; the CSRF token comes in the ``X-CSRF-Token``
    header): the performance types it mentions are named as on the card
    pages."""
    lang = request.POST.get('lang')
    names = suorite_names(lang) if lang in refdata.LANGUAGES else None
    return Response(markdown.render(request.POST.get('text', ''), names),
                    content_type='text/html', charset='utf-8')
