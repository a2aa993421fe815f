"""Search API: results, suggestions, opened results, analytics,
synonyms."""
from pyramid.view import view_config

from kb import security
from kb.clock import stamp
from kb.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationError,
    check_filter,
)
from kb.i18n import _
from kb.interfaces import IRoot
from kb.search import pairs
from kb.search import synonyms as synonym_list
from kb.search.query import LANGS, Search, audience_for
from kb.search.service import (
    QUERY_MAX,
    analytics_report,
    engine,
    run_search,
    search_filters,
)
from kb.views.common import int_param, json_body


def query_params(request):
    text = request.params.get('q', '')
    if not text.strip() or len(text) > QUERY_MAX:
        raise ValidationError(
            _('Give a search text of 1 to ${max} characters.',
              mapping={'max': QUERY_MAX}),
            details=[{'field': 'q', 'message': ''}])
    lang = request.params.get('lang') or 'fi'
    check_filter(lang, LANGS, 'lang')
    return text, lang


def searched_point(request):
    """The ``point`` a user of several points searches for (a program
    has no point switch), else the chosen one.

    :raises ForbiddenError: for a point the user does not serve.
    """
    code = request.params.get('point')
    if code is None:
        return request.point
    if request.user is None or code not in security.own_points(
            request.user):
        raise ForbiddenError(_('You do not serve at this service point.'))
    return code


@view_config(route_name='api.search', request_method='GET', context=IRoot,
             renderer='json', permission=security.BROWSE)
def search(request):
    text, lang = query_params(request)
    filters = search_filters(request.params, request.directory)
    limit = int_param(request, 'limit', 10, 1, 50)
    offset = int_param(request, 'offset', 0, 0, 1000)
    audience = audience_for(request.user, stamp(request.now),
                            searched_point(request))
    result = run_search(request, Search(text, lang, filters, limit, offset,
                                        typing=True), audience)
    pairs.remember(request, result)
    return result


@view_config(route_name='api.search.suggest', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.BROWSE)
def suggest(request):
    text, lang = query_params(request)
    audience = audience_for(request.user, stamp(request.now), request.point)
    return {'q': text, 'suggestions': engine(request).suggest(
        text, lang, audience)}


@view_config(route_name='api.search.opened', request_method='POST',
             context=IRoot, renderer='json',
             permission=security.BROWSE)
def opened(request):
    body = json_body(request, allowed=('query_id', 'card'),
                     required=('query_id', 'card'))
    query_id, card = body['query_id'], body['card']
    if not isinstance(query_id, int) or not isinstance(card, str) or (
        isinstance(query_id, bool)
    ):
        raise ValidationError(_('The request has errors.'), details=[
            {'field': 'query_id', 'message': str(query_id)}])
    if card not in request.root['cards'] or \
            not request.root['search_log'].open(query_id, card):
        raise NotFoundError(_('Not found.'))
    pairs.record(request, card, 'opened')
    return {'query_id': query_id, 'card': card}


@view_config(route_name='api.search.analytics', request_method='GET',
             context=IRoot, renderer='json', permission=security.ANALYTICS)
def analytics(request):
    """Zero-result and unopened queries: the caller's provider's, or all
    for the central editor."""
    report = request.params.get('report') or 'zero'
    check_filter(report, ('zero', 'unopened'), 'report')
    lang = request.params.get('lang')
    check_filter(lang, LANGS, 'lang')
    days = int_param(request, 'days', 30, 1, 3650)
    return {'report': report, 'days': days,
            'items': analytics_report(request, report, lang, days)}


@view_config(route_name='api.synonyms', request_method='GET', context=IRoot,
             renderer='json', permission=security.BROWSE)
def get_synonyms(request):
    return synonym_list.describe(request.root['synonyms'])


@view_config(route_name='api.synonyms', request_method='PUT', context=IRoot,
             renderer='json', permission=security.SYNONYMS)
def put_synonyms(request):
    """Replace the list; a provider editor's list must keep every group
    not their provider's as it is (else 403)."""
    body = json_body(request, allowed=('base_version', 'groups'),
                     required=('base_version', 'groups'))
    groups = synonym_list.validate_groups(body['groups'],
                                          request.root['providers'])
    current = request.root['synonyms']
    synonym_list.save(request.registry, request.user, current, groups,
                      body['base_version'])
    return synonym_list.describe(current)


@view_config(route_name='api.synonyms.groups', request_method='POST',
             context=IRoot, renderer='json', permission=security.SYNONYMS)
def add_synonym_group(request):
    """Add one group (the caller's provider's unless ``provider`` says
    otherwise and the caller may keep that one)."""
    group, base_version = posted_group(request, None)
    entry = synonym_list.add(request.registry, request.user,
                             request.root['synonyms'], group, base_version)
    request.response.status_int = 201
    return synonym_list.describe_group(entry)


@view_config(route_name='api.synonyms.group', request_method='PUT',
             context=IRoot, renderer='json', permission=security.SYNONYMS)
def change_synonym_group(request):
    """Change one group of the caller's (``provider`` left out: its
    owner stays)."""
    current = request.root['synonyms']
    group_id = synonym_list.named_group(current, request.matchdict['id'])[0]
    group, base_version = posted_group(request, group_id)
    synonym_list.change(request.registry, request.user, current, group,
                        base_version)
    return synonym_list.describe_group(current.find(group_id))


def posted_group(request, group_id):
    """The body's group (with ``group_id``) and its ``base_version``."""
    body = json_body(request,
                     allowed=('base_version', 'lang', 'terms', 'provider'),
                     required=('base_version', 'terms'))
    base_version = body.pop('base_version')
    [group] = synonym_list.validate_groups([body],
                                           request.root['providers'])
    return (group_id,) + group[1:], base_version


@view_config(route_name='api.synonyms.group', request_method='DELETE',
             context=IRoot, renderer='json', permission=security.SYNONYMS)
def remove_synonym_group(request):
    """Remove one group of the caller's; ``?base_version=`` is required,
    so that a removal based on an old list is refused (409)."""
    current = request.root['synonyms']
    group = synonym_list.named_group(current, request.matchdict['id'])
    base_version = int_param(request, 'base_version', None, 1, 2 ** 63 - 1)
    synonym_list.remove(request.registry, request.user, current, group,
                        base_version)
    return synonym_list.describe(current)
