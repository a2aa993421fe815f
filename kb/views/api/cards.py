"""JSON API for cards: list, create, read, save, history, diff,
transitions, restore, move, language confirmation, review-by lists."""
from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config, view_defaults

from kb import refdata, security
from kb.cards.exchange_format import (
    INTRANET_TEXTS,
    Problems,
    check_card_id,
    public_view,
    validated_content,
)
from kb.cards.versioning import diff, restore_note
from kb.cards.worklists import EVERY_PROVIDER, past_review_by, provider_cards
from kb.errors import NotFoundError, ValidationError, check_filter
from kb.i18n import _
from kb.interfaces import ICard, IRoot
from kb.views.common import (
    checked_comment,
    int_param,
    json_body,
    require,
    versioning,
)


def visible_version(request, card):
    """(version number, as editor?) the caller may see, or None.

    Editors see the newest (working) version with every field; readers
    see the live version.
    """
    if request.has_permission(security.VIEW_WORKING, card):
        return card.head, True
    if request.has_permission(security.VIEW, card):
        number = card.live_number(request.today)
        if number is not None:
            return number, False
    return None


def reader_content(content, intranet):
    """The content as a reader sees it: public fields, plus the intranet
    ones (advisor instructions, support line, remote-service contact,
    performance types) if ``intranet``."""
    shown = public_view(content)
    if intranet:
        for lang, texts in content['content'].items():
            for key in INTRANET_TEXTS:
                if key in texts:
                    shown['content'][lang][key] = texts[key]
        shown['support'] = content.get('support')
        shown['remote'] = content.get('remote') or {}
        shown['suoritteet'] = content.get('suoritteet')
        if content.get('default_suorite'):
            shown['default_suorite'] = content['default_suorite']
    return shown


def card_json(request, card, number, full):
    """The card as the caller may see it.

    :param full: every field of the version and the workflow metadata
        (the card's editors, reviewers and the central editor).
    """
    version = card.versions[number]
    content = version.content
    result = {
        'id': card.id,
        'provider': card.provider,
        'version': number,
        'languages': {
            lang: {'status': version.lang_status.get(lang, 'current')}
            for lang in content['content']
        },
    }
    if not full:
        intranet = request.has_permission(security.VIEW_INTRANET, card)
        result.update(reader_content(content, bool(intranet)))
        return result
    result.update(content)
    workflow = versioning(request).workflow(card)
    result.update(
        state=card.state,
        head_version=card.head,
        working_version=card.working,
        published_version=card.published,
        scheduled=(
            {'version': card.pending[0], 'effective': card.pending[1]}
            if card.pending else None
        ),
        last_transition=card.last_transition,
        transitions=[
            t.name
            for t in workflow.transitions_from(card.state)
            if request.has_permission(
                security.TRANSITION_PREFIX + t.name, card
            )
        ],
        workflow=workflow.name,
        open_flags=len(request.root['tickets'].open_flags(card)),
    )
    return result


def card_summary(card, number, staff, lang=None):
    """A short listing entry."""
    version = card.versions[number]
    content = version.content
    texts = content['content']
    titles = {code: texts[code]['title'] for code in texts}
    entry = {
        'id': card.id,
        'provider': card.provider,
        'kind': card.kind,
        'version': number,
        'titles': titles,
        'languages': sorted(texts),
    }
    if staff:
        entry.update(state=card.state, review_by=content.get('review_by'),
                     lang_status=dict(version.lang_status))
    return entry


@view_defaults(context=IRoot, renderer='json')
class CardCollection:
    """``/api/v1/cards`` and ``/api/v1/review-due``."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    @view_config(route_name='api.cards', request_method='GET',
                 permission=security.BROWSE)
    def list(self):
        params = self.request.params
        provider = params.get('provider')
        state = params.get('state')
        lang = params.get('lang')
        check_filter(provider, self.request.directory.providers,
                     'provider')
        check_filter(lang, refdata.LANGUAGES, 'lang')
        limit = int_param(self.request, 'limit', 50, 1, 500)
        offset = int_param(self.request, 'offset', 0, 0, 10 ** 9)
        items = []
        for card in provider_cards(self.context, provider):
            seen = visible_version(self.request, card)
            if seen is None:
                continue
            number, staff = seen
            if state and (not staff or card.state != state):
                continue
            if lang and lang not in card.versions[number].lang_status:
                continue
            items.append(card_summary(card, number, staff))
        return {
            'total': len(items),
            'offset': offset,
            'limit': limit,
            'items': items[offset:offset + limit],
        }

    @view_config(route_name='api.cards', request_method='POST',
                 permission=security.AUTHENTICATED)
    def create(self):
        data = json_body(self.request)
        data = dict(data)
        comment = data.pop('comment', '')
        problems = Problems()
        check_card_id(data.get('id'), problems)
        provider = data.get('provider')
        if not refdata.is_code(provider,
                               self.request.directory.providers):
            problems.add('provider', _('Unknown provider "${code}".',
                                       mapping={'code': str(provider)}))
        if problems:
            raise ValidationError(_('The card has errors.'),
                                  details=problems.items)
        require(self.request, security.ADD,
                self.context['providers'][provider])
        content = validated_content(self.context, data, provider)
        card = versioning(self.request).create(
            self.context, provider, data['id'], content, comment
        )
        response = HTTPCreated(
            location=self.request.route_url('api.card', id=card.id)
        )
        response.content_type = 'application/json'
        response.json_body = card_json(self.request, card, card.head, True)
        return response

    @view_config(route_name='api.review_due', request_method='GET',
                 permission=security.AUTHENTICATED)
    def review_due(self):
        """Cards past their review-by date that the caller edits or
        reviews, oldest first."""
        today = self.request.today.isoformat()
        provider = self.request.params.get('provider')
        check_filter(provider, self.request.directory.providers,
                     'provider')
        items = [
            card_summary(card, card.head, True)
            for card, _review_by in past_review_by(
                self.context, provider or EVERY_PROVIDER,
                self.request.has_permission, today)
        ]
        return {'today': today, 'total': len(items), 'items': items}


@view_defaults(context=ICard, renderer='json')
class CardViews:
    """``/api/v1/cards/{id}`` and its sub-resources."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def _visible(self):
        seen = visible_version(self.request, self.context)
        if seen is None:
            raise NotFoundError(_('Not found.'))
        return seen

    @view_config(route_name='api.card', request_method='GET',
                 permission=security.READ,
                 hide_without=security.READ)
    def get(self):
        card = self.context
        number, full = self._visible()
        requested = self.request.params.get('version')
        if requested is not None:
            wanted = int_param(self.request, 'version', None, 1, card.head)
            if wanted != number:
                require(self.request, security.VIEW_HISTORY, hide=True)
                number, full = wanted, True
        return card_json(self.request, card, number, full)

    @view_config(route_name='api.card', request_method='PUT',
                 permission=security.EDIT,
                 hide_without=security.READ)
    def put(self):
        card = self.context
        self._visible()
        data = dict(json_body(self.request, required=('base_version',)))
        base = data.pop('base_version')
        comment = checked_comment(data.pop('comment', ''))
        if not isinstance(base, int) or isinstance(base, bool):
            raise ValidationError(
                _('"base_version" must be a version number.'),
                details=[{'field': 'base_version', 'message': str(base)}],
            )
        for key, current in (('id', card.id), ('provider', card.provider),
                             ('kind', card.kind)):
            if key in data and data[key] != current:
                raise ValidationError(
                    _('"${key}" cannot change here.', mapping={'key': key}),
                    details=[{'field': key, 'message': str(data[key])}],
                )
        data.setdefault('kind', card.kind)
        data.pop('id', None)
        data.pop('provider', None)
        content = validated_content(
            self.request.root, data, card.provider
        )
        versioning(self.request).save(card, content, base, comment)
        return card_json(self.request, card, card.head, True)

    @view_config(route_name='api.card.versions', request_method='GET',
                 permission=security.VIEW_HISTORY,
                 hide_without=security.VIEW_HISTORY)
    def versions(self):
        card = self.context
        self._visible()
        return {
            'id': card.id,
            'head': card.head,
            'published': card.published,
            'working': card.working,
            'versions': [
                {
                    'version': v.number,
                    'author': v.author,
                    'time': v.created,
                    'state': v.state,
                    'comment': v.comment,
                    'restored': restore_note(v)[0],
                    'base': v.base,
                    'languages': dict(v.lang_status),
                }
                for v in reversed(list(card.versions.values()))
            ],
        }

    @view_config(route_name='api.card.diff', request_method='GET',
                 permission=security.VIEW_HISTORY,
                 hide_without=security.VIEW_HISTORY)
    def diff(self):
        card = self.context
        self._visible()
        old = int_param(self.request, 'from', None, 1, card.head)
        new = int_param(self.request, 'to', card.head, 1, card.head)
        result = diff(card.versions[old].content, card.versions[new].content)
        return dict(result, id=card.id, **{'from': old, 'to': new})

    @view_config(route_name='api.card.transitions', request_method='POST',
                 permission=security.READ,
                 hide_without=security.READ)
    def transition(self):
        card = self.context
        self._visible()
        # NB: before the checks below, which tell a card's state
        require(self.request, security.AUTHENTICATED, self.request.root)
        body = json_body(self.request,
                         allowed=('transition', 'comment', 'effective'),
                         required=('transition',))
        name = body['transition']
        acting = versioning(self.request)
        workflow = acting.workflow(card)
        if not refdata.is_code(name, workflow.transitions):
            raise ValidationError(
                _('Unknown transition "${name}"; this card\'s workflow has '
                  '${names}.',
                  mapping={'name': str(name),
                           'names': ', '.join(workflow.transitions)}),
                details=[{'field': 'transition', 'message': str(name)}],
            )
        # NB: a wrong state (409) is reported before a missing role (403)
        acting.possible_transition(card, name)
        require(self.request, security.TRANSITION_PREFIX + name)
        comment = checked_comment(body.get('comment') or '')
        acting.fire(card, name, comment, body.get('effective'))
        return card_json(self.request, card, card.head, True)

    @view_config(route_name='api.card.restore', request_method='POST',
                 permission=security.EDIT,
                 hide_without=security.READ)
    def restore(self):
        card = self.context
        self._visible()
        body = json_body(self.request,
                         allowed=('version', 'base_version', 'comment'),
                         required=('version', 'base_version'))
        for key in ('version', 'base_version'):
            if not isinstance(body[key], int) or isinstance(body[key], bool):
                raise ValidationError(
                    _('"${key}" must be a version number.',
                      mapping={'key': key}),
                    details=[{'field': key, 'message': str(body[key])}],
                )
        versioning(self.request).restore(card, body['version'],
                                         body['base_version'],
                                         str(body.get('comment') or ''))
        return card_json(self.request, card, card.head, True)

    @view_config(route_name='api.card.unschedule', request_method='POST',
                 permission=security.READ, hide_without=security.READ)
    def unschedule(self):
        """The central editor cancels the version approved for a later
        date (as on the card's editor page)."""
        card = self.context
        self._visible()
        require(self.request, security.PUBLISHING, self.request.root)
        versioning(self.request).cancel_scheduled(card)
        return card_json(self.request, card, card.head, True)

    @view_config(route_name='api.card.move', request_method='POST',
                 permission=security.MOVE,
                 hide_without=security.READ)
    def move(self):
        card = self.context
        self._visible()
        body = json_body(self.request, allowed=('provider',),
                         required=('provider',))
        provider = body['provider']
        if not refdata.is_code(provider,
                               self.request.directory.providers):
            raise ValidationError(
                _('Unknown provider "${code}".',
                  mapping={'code': str(provider)}),
                details=[{'field': 'provider', 'message': str(provider)}],
            )
        root = self.request.root
        versioning(self.request).move(
            root, card, provider,
            lambda content, code: validated_content(root, content, code),
        )
        return card_json(self.request, card, card.head, True)

    @view_config(route_name='api.card.confirm', request_method='POST',
                 permission=security.EDIT,
                 hide_without=security.READ)
    def confirm_language(self):
        card = self.context
        self._visible()
        lang = self.request.matchdict['lang']
        versioning(self.request).confirm_language(card, lang)
        return card_json(self.request, card, card.head, True)
