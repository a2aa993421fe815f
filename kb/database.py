"""The database setting, ``zodbconn.uri``: FileStorage (``file://``,
the embedded default), ZEO (``zeo://``) or PostgreSQL through
RelStorage (``postgres://``, the ``kb[postgresql]`` extra).

The ini file holds no secret: the PostgreSQL password comes from the
environment variable ``KB_DATABASE_PASSWORD`` (docs/operations.md).
"""
import os
import re
from urllib.parse import urlsplit, urlunsplit

from pyramid.exceptions import ConfigurationError

PASSWORD_VARIABLE = 'KB_DATABASE_PASSWORD'
#: RelStorage's URI resolver puts the password into a libpq connection
#: string as it is (no unquoting), so only URL-safe characters survive
PLAIN_PASSWORD = re.compile(r'[A-Za-z0-9._~-]+\Z')


def prepare(settings, environ=os.environ):
    """Make ``settings['zodbconn.uri']`` usable: create the folder of a
    ``file://`` database, so that a fresh ``var/`` needs no preparation
    by hand, and give a ``postgres://`` URI without a password the one
    in ``KB_DATABASE_PASSWORD``.

    :raises ConfigurationError: for a password RelStorage cannot pass on.
    """
    uri = settings.get('zodbconn.uri', '')
    parts = urlsplit(uri)
    if parts.scheme == 'file' and parts.path:
        os.makedirs(os.path.dirname(parts.path), exist_ok=True)
    password = environ.get(PASSWORD_VARIABLE)
    if parts.scheme != 'postgres' or not password or parts.password:
        return
    if not PLAIN_PASSWORD.match(password):
        raise ConfigurationError(
            f'{PASSWORD_VARIABLE} may hold only letters, digits and . _ ~ -'
            ' (RelStorage passes it on unquoted)')
    netloc = f'{parts.username or ""}:{password}@{parts.hostname}'
    if parts.port:
        netloc += f':{parts.port}'
    settings['zodbconn.uri'] = urlunsplit(parts._replace(netloc=netloc))
