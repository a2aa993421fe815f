"""Shared helpers of the editor page tests: a browser logged in through
the real login form."""
import webtest

from tests.conftest import PASSWORD


def browser(app, name):
    """A new WebTest browser logged in as ``name`` through ``/login``."""
    client = webtest.TestApp(app)
    form = client.get('/login').forms['login-form']
    form['username'] = name
    form['password'] = PASSWORD
    form.submit(status=303)
    return client


def section(page, section_id):
    """The HTML of one ``<section id=...>`` of a page."""
    return str(page.html.find(id=section_id))
