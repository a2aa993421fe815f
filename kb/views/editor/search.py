"""Search pages for editors: the search analytics (zero-result and
unopened queries) and the synonym list."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from kb import security
from kb.clock import from_nanos, stamp
from kb.errors import StateConflictError, ValidationError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.search import synonyms as synonym_list
from kb.search.query import LANGS
from kb.search.service import analytics_report
from kb.views.editor import editor_page

#: The reports of the analytics page, in page order.
REPORTS = ('zero', 'unopened')
ANALYTICS_DAYS = 30


def last_searched(key):
    """A search log key (nanoseconds since the epoch) as an ISO
    timestamp."""
    return stamp(from_nanos(key))


@view_config(route_name='editor.search.analytics', context=IRoot,
             request_method='GET', permission=security.ANALYTICS)
def search_analytics(request):
    lang = request.GET.get('lang') or None
    if lang is not None and lang not in LANGS:
        return editor_page(
            request, 'search_analytics.pt', status=422, lang=lang,
            langs=LANGS, reports={}, days=ANALYTICS_DAYS,
            lang_error=_('Unknown language.'), last_searched=last_searched)
    reports = {report: analytics_report(request, report, lang,
                                        ANALYTICS_DAYS)
               for report in REPORTS}
    return editor_page(request, 'search_analytics.pt', lang=lang,
                       langs=LANGS, reports=reports, days=ANALYTICS_DAYS,
                       lang_error=None, last_searched=last_searched)


def form_problems(request, exc, index):
    """The translated errors of the posted group (``groups.{index}.terms``
    → ``terms``), field → messages; others under ``''``."""
    errors = {}
    prefix = f'groups.{index}.'
    for problem in exc.details or ():
        field = problem.get('field', '')
        name = field[len(prefix):] if field.startswith(prefix) else ''
        errors.setdefault(name, []).append(request.localizer.translate(
            problem.get('message') or exc.message))
    return errors


def posted_version(request):
    try:
        return int(request.POST.get('base_version', ''))
    except ValueError:
        return None


@view_defaults(context=IRoot, route_name='editor.synonyms',
               permission=security.SYNONYMS)
class SynonymPage:
    """The synonym list: every group, add a group, remove a group."""

    def __init__(self, context, request):
        self.request = request
        self.synonyms = context['synonyms']

    def render(self, values=None, errors=None, status=200, error=None):
        return editor_page(
            self.request, 'synonyms.pt', status=status,
            listing=synonym_list.describe(self.synonyms),
            values=values or {'lang': '*', 'terms': ''},
            errors=errors or {}, error=error, langs=synonym_list.LANGS,
            terms_max=synonym_list.TERMS_MAX,
            term_max=synonym_list.TERM_MAX)

    def save(self, groups, values):
        """Replace the list with ``groups`` (the API's format); the page
        again on a refusal, else a redirect to it."""
        try:
            synonym_list.save(self.request.registry, self.request.user.name,
                              self.synonyms,
                              synonym_list.validate_groups(groups),
                              posted_version(self.request))
        except ValidationError as exc:
            errors = form_problems(self.request, exc, len(groups) - 1)
            return self.render(values, errors, exc.status, exc.message)
        except StateConflictError as exc:
            return self.render(values, status=exc.status, error=exc.message)
        return HTTPSeeOther(self.request.route_path('editor.synonyms'))

    @view_config(request_method='GET')
    def show(self):
        return self.render()

    @view_config(request_method='POST')
    def add(self):
        post = self.request.POST
        values = {'lang': post.get('lang', '*'),
                  'terms': post.get('terms', '')}
        terms = [term.strip() for term in values['terms'].split(',')
                 if term.strip()]
        groups = synonym_list.describe(self.synonyms)['groups'] + [
            {'lang': values['lang'], 'terms': terms}]
        return self.save(groups, values)

    @view_config(route_name='editor.synonyms.remove', request_method='POST')
    def remove(self):
        groups = synonym_list.describe(self.synonyms)['groups']
        index = self.request.POST.get('group', '')
        if not index.isdigit() or int(index) >= len(groups):
            return self.render(status=422, error=_(
                'This group is not in the list.'))
        del groups[int(index)]
        return self.save(groups, None)
