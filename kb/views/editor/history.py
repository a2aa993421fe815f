"""A card's version history: the list, a diff of any two versions, and
restoring an old version as a new one."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from kb import security
from kb.cards.versioning import diff, restore_note
from kb.errors import KBError
from kb.interfaces import ICard
from kb.views.common import checked_comment, int_param, versioning
from kb.views.editor import editor_page
from kb.views.editor.cards import base_version
from kb.views.editor.dashboard import card_title


def readable(value):
    """A card-level value as short text for the diff."""
    if value in (None, '', [], {}):
        return ''
    if isinstance(value, list):
        return ', '.join(readable(item) for item in value)
    if isinstance(value, dict):
        return '; '.join(f'{key}: {readable(item)}'
                         for key, item in sorted(value.items()))
    return str(value)


@view_defaults(context=ICard, route_name='editor.card.history',
               permission=security.VIEW_HISTORY,
               hide_without=(security.VIEW_WORKING, security.VIEW_HISTORY))
class History:

    def __init__(self, context, request):
        self.card = context
        self.request = request

    def render(self, status=200, error=None):
        card = self.card
        head = card.head
        new = int_param(self.request, 'to', head, 1, head)
        old = int_param(self.request, 'from', max(new - 1, 1), 1, head)
        changes = diff(card.versions[old].content,
                       card.versions[new].content)
        return editor_page(
            self.request, 'history.pt', status=status, card=card,
            versions=list(reversed(list(card.versions.values()))),
            old=old, new=new, changes=changes, readable=readable,
            error=error, workflow=versioning(self.request).workflow(card),
            title=card_title(self.request, card), restore_note=restore_note,
            may_edit=self.request.has_permission(security.EDIT, card),
            publication=self.request.root['publication'].of_card(card.id),
            suomifi=self.request.root['suomifi'].statuses.get(card.id))

    @view_config(request_method='GET')
    def show(self):
        return self.render()

    @view_config(route_name='editor.card.restore', request_method='POST',
                 permission=security.EDIT)
    def restore(self):
        card = self.card
        try:
            number = int_param(self.request, 'version', None, 1, card.head)
            comment = checked_comment(
                self.request.POST.get('comment', '').strip())
            versioning(self.request).restore(
                card, number, base_version(self.request), comment)
        except KBError as exc:
            return self.render(exc.status, exc.message)
        return HTTPSeeOther(self.request.route_path('editor.card.history',
                                                    id=card.id))
