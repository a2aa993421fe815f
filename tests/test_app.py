"""The application as ``production.ini`` configures it."""
import os

from pyramid.paster import get_appsettings
import webtest

from kb.accounts.users import add_user
from kb.runtime.initdb import create
from tests.conftest import HERE, PASSWORD, Database


def cookie(response, name):
    """The ``Set-Cookie`` header that sets ``name``."""
    [header] = [value for value in response.headers.getall('Set-Cookie')
                if value.startswith(f'{name}=')]
    return header


def test_production_cookies_are_secure_and_httponly(tmp_path):
    from kb import main

    settings = get_appsettings(os.path.join(HERE, 'production.ini'),
                               name='kb')
    assert settings['kb.session_secure'] == 'true'
    # only what this test machine needs differs from production
    app = main({}, **dict(settings, **{
        'zodbconn.uri': 'memory://',
        'kb.search.index_dir': str(tmp_path / 'search'),
    }))
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
    app.registry._zodb_databases[''].close()
