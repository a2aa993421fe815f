"""Search suggestions API: keywords and synonyms learned from use, to
accept or dismiss (:mod:`kb.search.suggestions`)."""
from pyramid.view import view_config

from kb import security
from kb.clock import from_nanos, stamp
from kb.interfaces import IRoot
from kb.search import suggestions


@view_config(route_name='api.search.suggestions', request_method='GET',
             context=IRoot, renderer='json', permission=security.ANALYTICS)
def list_suggestions(request):
    """The caller's provider's suggestions, or all for the central
    editor."""
    items = suggestions.for_request(
        request, suggestions.user_providers(request.user))
    return {'days': suggestions.DAYS, 'minimum': suggestions.MIN_COUNT,
            'items': [dict(item, last=stamp(from_nanos(item['last'])))
                      for item in items]}


@view_config(route_name='api.search.suggestion.accept',
             request_method='POST', context=IRoot, renderer='json',
             permission=security.SYNONYMS)
@view_config(route_name='api.search.suggestion.dismiss',
             request_method='POST', context=IRoot, renderer='json',
             permission=security.SYNONYMS)
def decide(request):
    decision = request.matched_route.name.rpartition('.')[2]
    return suggestions.decide(request, request.matchdict['id'], decision)
