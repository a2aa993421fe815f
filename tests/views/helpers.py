"""Helpers shared by the page tests: logging in through the real
``/login`` form, as a person would (the form carries the CSRF token)."""
import webtest

from tests.conftest import PASSWORD


def log_in(client, name, password=PASSWORD, came_from=None, status=303):
    """Log ``name`` in through ``/login`` in the WebTest ``client``.

    :param status: the status the form's answer must have (303, the
        redirect after a successful login, unless a test expects a
        refusal).
    :returns: the answer to the form.
    """
    url = '/login' if came_from is None else f'/login?came_from={came_from}'
    form = client.get(url).forms['login-form']
    form['username'] = name
    form['password'] = password
    return form.submit(status=status)


def browser(app, name):
    """A new WebTest client logged in as ``name``."""
    client = webtest.TestApp(app)
    log_in(client, name)
    return client
