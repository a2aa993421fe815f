"""The directory as the code reads it: a snapshot of one database's
providers and service points, shaped as the seed's rows.

The database is the source of truth after ``kb init``; the shipped CSV
files are only its seed. A snapshot is kept on the Pyramid registry
until the root's ``directory_serial`` changes (every edit stores a new
one, see :mod:`kb.directory.editing`), so every process (ZEO clients
too) answers from the committed directory of its own database. The
serial is random rather than a counter so that two databases never
share one: two apps in one process (tests build many) never see each
other's tables.
"""
import functools

from kb.directory.seed import seed_points, seed_providers
from kb.registry_cache import registry_cached


class Directory:
    """Providers and service points of one database at one serial.

    The tables are shared by every request that reads the same serial:
    read them, never change them.

    :ivar serial: the root's ``directory_serial`` (None: the seed).
    :ivar providers: provider code → row (``name_<lang>``, ``provider``,
        ``web``), ``central`` included.
    :ivar points: service point code → row (the columns of
        ``service_points.csv``, ``point`` and ``active``).
    """

    def __init__(self, serial, providers, points):
        self.serial = serial
        self.providers = providers
        self.points = points

    @classmethod
    def of_root(cls, root):
        """A snapshot of ``root['providers']`` and ``root['points']``."""
        return cls(root.directory_serial, {
            code: dict({f'name_{lang}': name
                        for lang, name in provider.names.items()},
                       provider=code, web=provider.web)
            for code, provider in root['providers'].items()
        }, {
            code: dict(point.fields, point=code, active=point.active)
            for code, point in root['points'].items()
        })


@functools.lru_cache(maxsize=None)
def seed_directory():
    """The shipped tables, for a database never edited."""
    return Directory(None, seed_providers(), seed_points())


def directory_of(root, registry=None):
    """The directory of ``root``'s database.

    :param registry: where the snapshot is kept until the directory
        changes; without one (a command that reads it once) it is built
        for this call.
    """
    serial = root.directory_serial
    if serial is None:
        return seed_directory()
    if registry is None:
        return Directory.of_root(root)
    return registry_cached(registry, 'directory_snapshot', serial,
                           lambda: Directory.of_root(root))


def request_directory(request):
    """``request.directory``: the directory of the request's root."""
    return directory_of(request.root, request.registry)
