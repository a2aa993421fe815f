"""The shipped providers and service points: the seed that ``kb init``
copies into a new database, and the tables of a database whose
directory was never edited (its ``directory_serial`` is None)."""
import functools

from kb.refdata import read_csv


@functools.lru_cache(maxsize=None)
def seed_providers():
    """The shipped providers: code → row, plus ``central``."""
    rows = {row['provider']: row for row in read_csv('providers.csv')}
    rows['central'] = {
        'provider': 'central',
        'name_fi': 'Keskitetty toimitus',
        'name_sv': 'Central redaktion',
        'name_se': 'Guovddáš doaimmahus',
        'name_en': 'Central editorial desk',
        'web': '',
    }
    return rows


@functools.lru_cache(maxsize=None)
def seed_points():
    """The shipped service points: code → row."""
    return {row['point']: dict(row, active=True)
            for row in read_csv('service_points.csv')}
