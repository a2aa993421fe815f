"""The application as ``production.ini`` configures it."""
import os

from pyramid.exceptions import ConfigurationError
from pyramid.paster import get_appsettings
import pytest
import webtest

from kb.accounts.users import add_user
from kb.runtime.initdb import create
from tests.conftest import HERE, PASSWORD, Database


def cookie(response, name):
    """The ``Set-Cookie`` header that sets ``name``."""
    [header] = [value for value in response.headers.getall('Set-Cookie')
                if value.startswith(f'{name}=')]
    return header


#: A secret as the environment gives it in production.
SECRET = 'a-secret-from-the-environment-of-48-characters-x'


def production_settings(tmp_path):
    """``production.ini``'s settings, with only what this test machine
    needs changed."""
    settings = get_appsettings(os.path.join(HERE, 'production.ini'),
                               name='kb')
    return dict(settings, **{
        'zodbconn.uri': 'memory://',
        'kb.search.index_dir': str(tmp_path / 'search'),
    })


@pytest.mark.parametrize('secret', [
    None, '', 'CHANGE-ME-BEFORE-DEPLOYING', 'testing-secret', 'x' * 31])
def test_production_refuses_to_start_without_a_real_secret(
        tmp_path, monkeypatch, secret):
    from kb import main

    monkeypatch.delenv('KB_SESSION_SECRET', raising=False)
    settings = production_settings(tmp_path)
    assert 'kb.session_secret' not in settings  # none ships
    if secret is not None:
        settings['kb.session_secret'] = secret
    with pytest.raises(ConfigurationError) as refused:
        main({}, **settings)
    assert 'kb.session_secret' in str(refused.value)
    assert 'KB_SESSION_SECRET' in str(refused.value)


def test_secrets_come_from_the_environment(tmp_path, monkeypatch):
    from kb import main

    monkeypatch.setenv('KB_SESSION_SECRET', SECRET)
    monkeypatch.setenv('KB_SUOMIFI_TOKEN', 'ptv-token')
    settings = dict(production_settings(tmp_path),
                    **{'kb.session_secret': 'CHANGE-ME-BEFORE-DEPLOYING'})
    app = main({}, **settings)
    assert app.registry.settings['kb.session_secret'] == SECRET
    assert app.registry.settings['kb.suomifi.token'] == 'ptv-token'
    app.registry._zodb_databases[''].close()


def test_production_cookies_are_secure_and_httponly(tmp_path, monkeypatch):
    from kb import main

    monkeypatch.setenv('KB_SESSION_SECRET', SECRET)
    settings = production_settings(tmp_path)
    assert settings['kb.session_secure'] == 'true'
    app = main({}, **settings)
    create(app.registry._zodb_databases[''], app.registry)
    with Database(app) as root:
        add_user(root, app.registry, 'test', 'advisor', 'advisor', PASSWORD,
                 None, 'mikkeli')
    testapp = webtest.TestApp(app, extra_environ={
        'wsgi.url_scheme': 'https', 'HTTP_HOST': 'kb.example'})
    form = testapp.get('/login').forms['login-form']
    form['username'] = 'advisor'
    form['password'] = PASSWORD
    session = cookie(form.submit(status=303), 'session')
    for flag in ('; secure', '; httponly', '; samesite=lax'):
        assert flag in session.lower()
    page = testapp.get('/')
    switch = page.forms['language-form'].submit('lang', value='sv',
                                                status=303)
    language = cookie(switch, '_LOCALE_').lower()
    assert '; secure' in language and '; httponly' in language
    assert page.headers['Strict-Transport-Security'] == 'max-age=31536000'
    app.registry._zodb_databases[''].close()


def test_a_request_syncs_with_the_database_once(as_user, published_card,
                                                monkeypatch):
    """Each sync is a round trip on RelStorage: a request's connection
    syncs when its transaction begins, not also at open, after the
    commit and at close."""
    from ZODB.Connection import Connection

    published_card()
    syncs = []
    sync = Connection.newTransaction
    monkeypatch.setattr(Connection, 'newTransaction',
                        lambda self, *args: syncs.append(1) or
                        sync(self, *args))
    advisor = as_user('advisor')
    advisor.post('/api/v1/tickets', {'card': 'kela-testikortti',
                                     'channel': 'counter', 'lang': 'fi'},
                 status=201)
    advisor.get('/api/v1/cards/kela-testikortti')
    assert len(syncs) == 2
