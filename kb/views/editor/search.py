"""Search pages for editors: the search analytics (zero-result and
unopened queries) and the synonym list."""
import functools

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from kb import refdata, security
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


#: The shipped everyday vocabulary's kinds of word, as the page names
#: them.
VOCABULARY_KINDS = {
    'colloquial': _('colloquial word'),
    'abbreviation': _('abbreviation'),
    'older_name': _('older name'),
    'misspelling': _('misspelling'),
}
#: Rows of the vocabulary a page shows.
VOCABULARY_PAGE = 50


@functools.lru_cache(maxsize=None)
def vocabulary():
    """The shipped everyday vocabulary (``kb/data/everyday_vocabulary.csv``),
    read once: it changes only with a release."""
    return tuple(refdata.read_csv('everyday_vocabulary.csv'))


def vocabulary_page(request):
    """The rows of the vocabulary whose everyday word or official term
    contains the ``word`` asked for, a page of them from ``start``."""
    word = request.GET.get('word', '').strip().casefold()
    try:
        start = max(int(request.GET.get('start', '0')), 0)
    except ValueError:
        start = 0
    rows = [row for row in vocabulary()
            if word in row['everyday'] or word in row['official']]
    return {'word': request.GET.get('word', '').strip(), 'total': len(rows),
            'start': start, 'rows': rows[start:start + VOCABULARY_PAGE],
            'size': VOCABULARY_PAGE, 'kinds': VOCABULARY_KINDS}


@view_defaults(context=IRoot, route_name='editor.synonyms',
               permission=security.SYNONYMS)
class SynonymPage:
    """The synonym list: every group, add a group, remove one of those
    the user may keep (after a confirmation); below, the shipped
    everyday vocabulary that search uses under the groups."""

    def __init__(self, context, request):
        self.request = request
        self.synonyms = context['synonyms']

    def render(self, values=None, errors=None, status=200, error=None):
        user = self.request.user
        return editor_page(
            self.request, 'synonyms.pt', status=status,
            listing=synonym_list.describe(self.synonyms),
            may_keep=lambda group: security.acts_for(
                user, group['provider']),
            values=values or {'lang': '*', 'terms': ''},
            errors=errors or {}, error=error, langs=synonym_list.LANGS,
            terms_max=synonym_list.TERMS_MAX,
            term_max=synonym_list.TERM_MAX,
            vocabulary=vocabulary_page(self.request))

    @view_config(request_method='GET')
    def show(self):
        return self.render()

    @view_config(request_method='POST')
    def add(self):
        """A new group, owned by the user's provider (shared for the
        central editor)."""
        return save_form(self.request, synonym_list.add, None, self.render)


def save_form(request, save, group_id, again):
    """Save the posted group form (words separated by commas) as the
    group ``group_id`` (None: a new one) with ``save``
    (:func:`synonym_list.add` or ``change``): a redirect to the list,
    or on a refusal the form again, ``again(values, errors, status,
    error)``."""
    values = {'lang': request.POST.get('lang', '*'),
              'terms': request.POST.get('terms', '')}
    terms = [term.strip() for term in values['terms'].split(',')
             if term.strip()]
    try:
        [group] = synonym_list.validate_groups(
            [{'lang': values['lang'], 'terms': terms}],
            request.root['providers'])
        save(request.registry, request.user, request.root['synonyms'],
             (group_id,) + group[1:], posted_version(request))
    except ValidationError as exc:
        return again(values, form_problems(request, exc, 0), exc.status,
                     exc.message)
    except StateConflictError as exc:
        return again(values, None, exc.status, exc.message)
    return HTTPSeeOther(request.route_path('editor.synonyms'))


class SynonymGroupPage:
    """A page of one group the user may keep (403 for another
    provider's or a shared group to a provider editor, 404 for none)."""

    def __init__(self, context, request):
        self.request = request
        self.synonyms = context['synonyms']
        self.group = group_of(request, self.synonyms)

    def page(self, template, status=200, error=None, **values):
        return editor_page(
            self.request, template, status=status,
            group=synonym_list.describe_group(self.group),
            version=self.synonyms.version, error=error, **values)


@view_defaults(context=IRoot, route_name='editor.synonyms.remove',
               permission=security.SYNONYMS)
class SynonymRemoval(SynonymGroupPage):
    """Removing a group: a page that shows it and asks for confirmation
    (a form, so it needs no script), then the removal."""

    @view_config(request_method='GET')
    def show(self):
        return self.page('synonym_remove.pt')

    @view_config(request_method='POST')
    def remove(self):
        try:
            synonym_list.remove(
                self.request.registry, self.request.user, self.synonyms,
                self.group, posted_version(self.request))
        except StateConflictError as exc:
            return self.page('synonym_remove.pt', exc.status, exc.message)
        return HTTPSeeOther(self.request.route_path('editor.synonyms'))


@view_defaults(context=IRoot, route_name='editor.synonyms.edit',
               permission=security.SYNONYMS)
class SynonymEdit(SynonymGroupPage):
    """Changing a group's language and words (its owner stays)."""

    def form(self, values, errors=None, status=200, error=None):
        return self.page(
            'synonym_edit.pt', status, error, values=values,
            errors=errors or {}, langs=synonym_list.LANGS,
            terms_max=synonym_list.TERMS_MAX,
            term_max=synonym_list.TERM_MAX)

    @view_config(request_method='GET')
    def show(self):
        _id, lang, terms, _provider = self.group
        return self.form({'lang': lang, 'terms': ', '.join(terms)})

    @view_config(request_method='POST')
    def change(self):
        return save_form(self.request, synonym_list.change, self.group[0],
                         self.form)


def group_of(request, synonyms):
    """The group the address names, if the user may keep it.

    :raises NotFoundError: for a group not in the list.
    :raises ForbiddenError: for a group not the user's to change.
    """
    group = synonym_list.named_group(synonyms, request.matchdict['id'])
    synonym_list.require(request.user, group[3])
    return group
