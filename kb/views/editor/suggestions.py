"""The suggestions page: keywords and synonyms learned from use
(:mod:`kb.search.suggestions`), each accepted or dismissed with one
form, and the accepted rules, each removable. Provider editors see and
decide only their provider's; the central editor all."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.errors import KBError, NotFoundError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.search import rules as search_rules
from kb.search import suggestions
from kb.views.editor import editor_page
from kb.views.editor.dashboard import card_title

CARD_PREFIX = 'card:'


def target_of(request, item):
    """``(words, title, url)``: a synonym's official words, or the
    card a keyword leads to (its title and editing page)."""
    target = item['target']
    if not target.startswith(CARD_PREFIX):
        return target, None, None
    card = request.root['cards'].get(target[len(CARD_PREFIX):])
    if card is None:
        return None, None, None
    return None, card_title(request, card)[0], request.route_path(
        'editor.card.edit', id=card.id)


def suggestions_page(request, status=200, error=None):
    providers = suggestions.user_providers(request.user)
    return editor_page(
        request, 'search_suggestions.pt', status=status, error=error,
        items=suggestions.for_request(request, providers),
        rules=request.root['search_rules'].listing(providers),
        target_of=lambda item: target_of(request, item),
        days=suggestions.DAYS, minimum=suggestions.MIN_COUNT,
        may_decide=request.has_permission(security.SYNONYMS,
                                          request.root))


def done(request, step):
    """Run ``step``; the page again with the refusal, else a redirect
    to it."""
    try:
        step()
    except KBError as exc:
        return suggestions_page(request, exc.status, exc.message)
    return HTTPSeeOther(request.route_path('editor.suggestions'))


@view_config(route_name='editor.suggestions', context=IRoot,
             request_method='GET', permission=security.ANALYTICS)
def show(request):
    return suggestions_page(request)


@view_config(route_name='editor.suggestion.accept', context=IRoot,
             request_method='POST', permission=security.SYNONYMS)
@view_config(route_name='editor.suggestion.dismiss', context=IRoot,
             request_method='POST', permission=security.SYNONYMS)
def decide(request):
    decision = request.matched_route.name.rpartition('.')[2]
    return done(request, lambda: suggestions.decide(
        request, request.matchdict['id'], decision))


def remove_rule(request):
    """Remove the accepted rule of the request's ``id``.

    :raises NotFoundError: if there is none.
    """
    if search_rules.remove(request.registry, request.user,
                           request.root['search_rules'],
                           request.matchdict['id'], request.now) is None:
        raise NotFoundError(_('This rule is not in the list.'))


@view_config(route_name='editor.rule.remove', context=IRoot,
             request_method='POST', permission=security.SYNONYMS)
def remove(request):
    return done(request, lambda: remove_rule(request))
