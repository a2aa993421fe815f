"""URL routes. API routes traverse the resource tree, so that each
view's context (and its ACL) is the real object. Each theme's
``static`` folder is served under ``/static/<theme>/``."""
import os

API = '/api/v1'


def includeme(config):  # pragma: no cover - configuration glue
    add = config.add_route
    settings = config.registry.settings
    themes = settings['kb.themes_dir']
    for theme in sorted(os.listdir(themes)):
        if os.path.isdir(os.path.join(themes, theme, 'static')):
            config.add_static_view(f'static/{theme}',
                                   os.path.join(themes, theme, 'static'),
                                   cache_max_age=3600)
    add('home', '/')
    add('login', '/login')
    add('logout', '/logout')
    add('language', '/language')
    add('api.openapi', f'{API}/openapi.json')
    add('api.session', f'{API}/session')
    add('api.login', f'{API}/login')
    add('api.logout', f'{API}/logout')
    add('api.cards', f'{API}/cards')
    add('api.card', f'{API}/cards/{{id}}', traverse='/cards/{id}')
    for name in ('versions', 'diff', 'transitions', 'restore', 'move',
                 'unschedule'):
        add(f'api.card.{name}', f'{API}/cards/{{id}}/{name}',
            traverse='/cards/{id}')
    add('api.card.confirm', f'{API}/cards/{{id}}/languages/{{lang}}/confirm',
        traverse='/cards/{id}')
    add('api.review_due', f'{API}/review-due')
    add('api.notices', f'{API}/notices')
    add('api.notice', f'{API}/notices/{{provider}}/{{id}}',
        traverse='/providers/{provider}/notices/{id}')
    add('api.notifications', f'{API}/notifications')
    add('api.notifications.read', f'{API}/notifications/read')
    add('api.users', f'{API}/users')
    add('api.user', f'{API}/users/{{name}}', traverse='/users/{name}')
    add('api.user.tokens', f'{API}/users/{{name}}/tokens',
        traverse='/users/{name}')
    add('api.user.token', f'{API}/users/{{name}}/tokens/{{token}}',
        traverse='/users/{name}')
    add('api.user.password', f'{API}/users/{{name}}/password',
        traverse='/users/{name}')
    add('api.user.mail', f'{API}/users/{{name}}/mail',
        traverse='/users/{name}')
    add('api.providers', f'{API}/providers')
    add('api.provider', f'{API}/providers/{{code}}',
        traverse='/providers/{code}')
    add('api.provider.recipients',
        f'{API}/providers/{{code}}/report-recipients',
        traverse='/providers/{code}')
    add('api.points', f'{API}/points')
    add('api.point', f'{API}/points/{{code}}', traverse='/points/{code}')
    add('api.point.card', f'{API}/points/{{code}}/cards/{{id}}',
        traverse='/points/{code}')
    add('api.point.cards', f'{API}/points/{{code}}/cards',
        traverse='/points/{code}')
    add('api.point.onsite', f'{API}/points/{{code}}/onsite',
        traverse='/points/{code}')
    add('api.point.onsite.provider',
        f'{API}/points/{{code}}/onsite/{{provider}}',
        traverse='/points/{code}')
    add('api.point.recipients', f'{API}/points/{{code}}/report-recipients',
        traverse='/points/{code}')
    add('api.suoritteet', f'{API}/suoritteet')
    add('api.life_events', f'{API}/life-events')
    add('api.workflows', f'{API}/workflows')
    add('api.audit', f'{API}/audit')
    add('api.search', f'{API}/search')
    add('api.search.suggest', f'{API}/search/suggest')
    add('api.search.opened', f'{API}/search/opened')
    add('api.search.analytics', f'{API}/search/analytics')
    add('api.synonyms', f'{API}/synonyms')
    add('api.synonyms.groups', f'{API}/synonyms/groups')
    add('api.synonyms.group', f'{API}/synonyms/groups/{{id}}')
    add('api.search.suggestions', f'{API}/search/suggestions')
    for name in ('accept', 'dismiss'):
        add(f'api.search.suggestion.{name}',
            f'{API}/search/suggestions/{{id}}/{name}')
    add('api.tickets', f'{API}/tickets')
    add('api.ticket', f'{API}/tickets/{{id}}')
    for name in ('resolve', 'close', 'cancel'):
        add(f'api.ticket.{name}', f'{API}/tickets/{{id}}/{name}')
    add('api.card.flags', f'{API}/cards/{{id}}/flags', traverse='/cards/{id}')
    add('api.card.signals', f'{API}/cards/{{id}}/signals',
        traverse='/cards/{id}')
    add('api.flags', f'{API}/flags')
    add('api.flag', f'{API}/flags/{{provider}}/{{id}}/resolve')
    add('api.prices', f'{API}/prices')
    add('api.reports.monthly', f'{API}/reports/monthly')
    add('api.reports.billing', f'{API}/reports/billing')
    add('api.reports.packs', f'{API}/reports/packs')
    add('api.reports.pack', f'{API}/reports/packs/{{id}}')
    config.include('kb.views.errors')
    config.include('kb.views.public')
    config.include('kb.views.reports')
    config.include('kb.views.intranet')
    config.include('kb.views.editor')
    config.include('kb.views.admin')
    config.include('kb.views.notifications')
    config.include('kb.views.api.publication')
    config.include('kb.views.suomifi_feed')
    config.include('kb.views.public_metadata')
    config.include('kb.views.health')
    config.include('kb.views.access_log')
    config.include('kb.views.metrics')
