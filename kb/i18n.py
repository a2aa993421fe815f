"""Translation machinery: one message factory, domain ``kb``."""
from pyramid.i18n import TranslationStringFactory

from kb.refdata import UI_LANGUAGES

_ = TranslationStringFactory('kb')


def negotiate_locale(request):
    """Pick the interface language.

    The user's own setting wins, then the ``_LOCALE_`` cookie set by the
    language switch, then ``Accept-Language``, then Finnish.
    """
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
