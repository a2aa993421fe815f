"""Translation machinery: one message factory, domain ``kb``."""
from pyramid.i18n import TranslationStringFactory

from kb.refdata import UI_LANGUAGES

_ = TranslationStringFactory('kb')
#: Public pages whose ``?lang=`` names the interface language, so that
#: each language of a page has an address of its own (the sitemap's
#: ``hreflang`` alternates). Elsewhere ``lang`` may mean a card's text.
LANG_PARAM_ROUTES = frozenset(('home', 'public.service', 'public.provider',
                               'public.life_event'))


def negotiate_locale(request):
    """Pick the interface language.

    On the public pages a ``?lang=`` parameter wins; then the user's own
    setting, then the ``_LOCALE_`` cookie set by the language switch,
    then ``Accept-Language``, then Finnish.
    """
    route = getattr(request, 'matched_route', None)
    if route is not None and route.name in LANG_PARAM_ROUTES:
        lang = request.GET.get('lang')
        if lang in UI_LANGUAGES:
            return lang
    user = getattr(request, 'user', None)
    if user is not None and user.locale in UI_LANGUAGES:
        return user.locale
    cookie = request.cookies.get('_LOCALE_')
    if cookie in UI_LANGUAGES:
        return cookie
    return request.accept_language.lookup(UI_LANGUAGES, default='fi')


def includeme(config):  # pragma: no cover - configuration glue
    settings = config.registry.settings
    config.add_translation_dirs(settings['kb.locales_dir'])
    config.set_locale_negotiator(negotiate_locale)


def as_text(message):
    """A message (maybe a ``TranslationString``) as English text, for
    logs, the command line and stored summaries."""
    interpolate = getattr(message, 'interpolate', None)
    return interpolate() if interpolate else str(message)
