"""The service card knowledge base: a Pyramid application on ZODB."""
import os
from urllib.parse import urlsplit

from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory
from pyramid.settings import asbool
from pyramid_zodbconn import get_connection

from kb.resources import appmaker

DEFAULTS = {
    'kb.scheduler.interval': '60',
    'kb.session_secure': 'false',
    'kb.session_max_age': '28800',
    'retry.attempts': '3',
}


def root_factory(request):
    """The traversal root: the application root in this request's
    ZODB connection."""
    return appmaker(get_connection(request).root())


def make_storage_dirs(settings):
    """Create the directory of a ``file://`` database, so that a fresh
    ``var/`` needs no preparation by hand."""
    uri = urlsplit(settings.get('zodbconn.uri', ''))
    if uri.scheme == 'file' and uri.path:
        os.makedirs(os.path.dirname(uri.path), exist_ok=True)


def main(global_config, **settings):
    """Return the WSGI application: configuration only (no thread, no
    database write; the serving process starts :mod:`kb.runtime`)."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    make_storage_dirs(settings)
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
        config.include('pyramid_chameleon')
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
        config.include('.publication')
        config.include('.cards.worklists')
        config.include('.routes')
        config.include('.cards.audit')
        config.scan()
    return config.make_wsgi_app()
