"""The service card knowledge base: a Pyramid application on ZODB."""
import os

from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.session import SignedCookieSessionFactory
from pyramid.settings import asbool
from pyramid_zodbconn import get_connection

from kb import database
from kb.mail.smtp import check_mail_settings
from kb.resources import appmaker

DEFAULTS = {
    'kb.development': 'false',
    'kb.hsts': 'false',
    'kb.trusted_proxies': '0',
    'kb.scheduler.interval': '60',
    'kb.session_secure': 'false',
    'kb.session_max_age': '28800',
    'kb.public_max_age': '300',
    'retry.attempts': '3',
    # NB: explicit transactions: a request's ZODB connection syncs with
    # the database once, when the request's transaction begins, not also
    # at open, after the commit and at close (on RelStorage each sync is
    # a round trip: 4 -> 1 per request; docs/benchmarks.md, "Cluster")
    'tm.manager_hook': 'pyramid_tm.explicit_manager',
}


#: Secrets come from the environment: setting → variable (the variable,
#: when set, wins over the ini file, which should hold none).
SECRETS = {
    'kb.session_secret': 'KB_SESSION_SECRET',
    'kb.suomifi.token': 'KB_SUOMIFI_TOKEN',
    'kb.metrics.token': 'KB_METRICS_TOKEN',
    'kb.mail.password': 'KB_MAIL_PASSWORD',
}
#: Session secrets that were shipped in an ini file at some time.
PLACEHOLDERS = frozenset((
    'change-me-before-deploying', 'development-only-secret-change-me',
    'testing-secret',
))
SECRET_MIN = 32


def secrets_from_environment(settings, environ=os.environ):
    """Let each variable of :data:`SECRETS` that is set (and not empty)
    give its setting."""
    for key, variable in SECRETS.items():
        if environ.get(variable):
            settings[key] = environ[variable]


def check_session_secret(settings):
    """Outside development (``kb.development``), refuse to start with a
    session secret that is missing, shipped or short: anyone who knows
    it can sign a session cookie for any user.

    :raises ConfigurationError: naming the setting and the variable.
    """
    if asbool(settings['kb.development']):
        return
    secret = settings.get('kb.session_secret') or ''
    if secret.strip().lower() in PLACEHOLDERS or len(secret) < SECRET_MIN:
        raise ConfigurationError(
            'kb.session_secret is missing, a placeholder or shorter than '
            f'{SECRET_MIN} characters: set the environment variable '
            'KB_SESSION_SECRET to a long random value (e.g. from '
            '"openssl rand -base64 48"); on a development machine set '
            'kb.development = true.')


def root_factory(request):
    """The traversal root: the application root in this request's
    ZODB connection."""
    return appmaker(get_connection(request).root())


def main(global_config, **settings):
    """Return the WSGI application: configuration only (no thread, no
    database write; the serving process starts :mod:`kb.runtime`)."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    secrets_from_environment(settings)
    check_session_secret(settings)
    check_mail_settings(settings)
    database.prepare(settings)
    with Configurator(settings=settings, root_factory=root_factory) as config:
        config.set_session_factory(
            SignedCookieSessionFactory(
                settings['kb.session_secret'],
                secure=asbool(settings['kb.session_secure']),
                httponly=True,
                samesite='Lax',
                max_age=int(settings['kb.session_max_age']),
                timeout=int(settings['kb.session_max_age']),
            )
        )
        config.include('.templates')
        config.include('pyramid_tm')
        config.include('pyramid_retry')
        config.include('pyramid_zodbconn')
        config.include('.clock')
        config.include('.i18n')
        config.include('.security')
        config.include('.directory')
        config.include('.cards.workflow')
        config.include('.evolve')
        config.include('.search')
        config.include('.metrics')
        config.include('.publication')
        config.include('.cards.worklists')
        config.include('.routes')
        config.include('.cards.audit')
        config.include('.notifications')
        config.scan()
    return config.make_wsgi_app()
