"""Provider and central editing pages (theme ``editor``) under
``/editor``: dashboard, card forms, history, review queue, notices.

The pages call the same layer as the JSON API (``Versioning``,
:mod:`kb.cards.worklists`, :mod:`kb.cards.notices`); card routes traverse
``/cards/{id}`` so that each card's own ACL decides.
"""
from kb import security
from kb.i18n.formats import Formatter
from kb.i18n.labels import provider_name
from kb.layout import render_page
from kb.views.editor import labels

PREFIX = '/editor'


def home_provider(user):
    """The provider a user's new cards belong to: their own, or central
    content for everyone else."""
    return security.own_provider(user) or 'central'


def editor_page(request, name, status=200, **values):
    """Render an editor template with what its navigation needs."""
    root = request.root
    values.setdefault('may_review', request.has_permission(
        security.REVIEWING, root))
    values.setdefault('may_add', request.has_permission(
        security.ADD, root['providers'][home_provider(request.user)]))
    values.setdefault('may_analyse', request.has_permission(
        security.ANALYTICS, root))
    values.setdefault('may_keep_synonyms', request.has_permission(
        security.SYNONYMS, root))
    values.setdefault('may_see_publication', request.has_permission(
        security.PUBLICATION, root))
    locale = request.localizer.locale_name
    values.setdefault('labels', labels)
    values.setdefault('provider_name', lambda code: provider_name(
        request.directory, code, locale))
    values.setdefault('when', Formatter(locale).when)
    response = render_page(request, name, theme='editor', **values)
    response.status_int = status
    return response


def includeme(config):  # pragma: no cover - configuration glue
    add = config.add_route
    add('editor.dashboard', f'{PREFIX}/')
    add('editor.review', f'{PREFIX}/review')
    add('editor.list', f'{PREFIX}/lists/{{name}}')
    add('editor.preview', f'{PREFIX}/preview')
    add('editor.new', f'{PREFIX}/cards/new')
    for name in ('edit', 'transition', 'confirm', 'history', 'restore',
                 'unschedule'):
        add(f'editor.card.{name}', f'{PREFIX}/cards/{{id}}/{name}',
            traverse='/cards/{id}')
    add('editor.flag.close', f'{PREFIX}/flags/{{provider}}/{{id}}/close')
    add('editor.notices', f'{PREFIX}/notices')
    add('editor.notice.new', f'{PREFIX}/notices/new')
    for name in ('edit', 'end'):
        add(f'editor.notice.{name}',
            f'{PREFIX}/notices/{{provider}}/{{id}}/{name}',
            traverse='/providers/{provider}/notices/{id}')
    add('editor.search.analytics', f'{PREFIX}/search-analytics')
    add('editor.synonyms', f'{PREFIX}/synonyms')
    for name in ('edit', 'remove'):
        add(f'editor.synonyms.{name}', f'{PREFIX}/synonyms/{{id}}/{name}')
    add('editor.suggestions', f'{PREFIX}/search-suggestions')
    for name in ('accept', 'dismiss'):
        add(f'editor.suggestion.{name}',
            f'{PREFIX}/search-suggestions/{{id}}/{name}')
    add('editor.rule.remove', f'{PREFIX}/search-rules/{{id}}/remove')
    add('editor.publication', f'{PREFIX}/publication')
    add('editor.publication.retry', f'{PREFIX}/publication/retry')
