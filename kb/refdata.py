"""Reference data shipped with the package (performance types, prices,
life events, languages, roles...): tables that never change at run time.

These are the project's own copies of the pilot's tables; the product
never reads anything outside its own files at run time. Providers and
service points are database state: see :mod:`kb.directory`.
"""
import csv
from decimal import Decimal
import functools
from importlib import resources

LANGUAGES = ('fi', 'sv', 'se', 'smn', 'sms', 'en')
UI_LANGUAGES = ('fi', 'sv', 'se')
CHANNELS = ('electronic', 'remote', 'counter', 'expert_visit')
KINDS = ('service', 'procedure', 'package')
ROLES = (
    'advisor',
    'provider_editor',
    'provider_reviewer',
    'central_editor',
    'point_manager',
    'admin',
)
#: Roles that belong to one provider / one point.
PROVIDER_ROLES = ('provider_editor', 'provider_reviewer')
POINT_ROLES = ('advisor', 'point_manager')
#: The pilot's minute price of an advisor's work.
PILOT_MINUTE_PRICE = Decimal('0.59')
#: Prices in the pilot tables apply from the pilot's first day.
PILOT_START = '2014-09-23'


def read_csv(name):
    """Rows of ``kb/data/<name>`` as dicts."""
    path = resources.files('kb').joinpath('data').joinpath(name)
    text = path.read_text('utf-8')
    return list(csv.DictReader(text.splitlines()))


@functools.lru_cache(maxsize=None)
def suoritteet():
    """Performance type code → {``name_<lang>``, prices: {provider:
    (min, €)}}: the pilot's table with the names of
    ``suorite_names.csv`` (see :func:`merge_suoritteet`)."""
    return merge_suoritteet(read_csv('suoritteet.csv'),
                            read_csv('suorite_names.csv'))


def merge_suoritteet(price_rows, name_rows):
    """Performance types from the pilot's price rows (one per type and
    provider, with the Finnish and English names), named in the other
    languages by ``name_rows``; an empty name is left out, so that
    :func:`name_of` falls back to Finnish."""
    names = {row['suorite']: row for row in name_rows}
    result = {}
    for row in price_rows:
        code = row['suorite']
        entry = result.setdefault(code, dict(
            {key: name for key, name in names.get(code, {}).items()
             if key.startswith('name_') and name},
            name_fi=row['name_fi'], name_en=row['name_en'], prices={}))
        entry['prices'][row['provider']] = (
            int(row['minutes']),
            Decimal(row['price_eur']),
        )
    return result


@functools.lru_cache(maxsize=None)
def life_events():
    """Life event code → row with names per language."""
    return {row['code']: row for row in read_csv('life_events.csv')}


def is_code(value, codes):
    """True if ``value`` is a string among ``codes`` (JSON input may hold
    any type, and a list or dict is not even hashable)."""
    return isinstance(value, str) and value in codes


def allowed_suoritteet(provider):
    """Performance types a card of ``provider`` may offer.

    A state provider uses only the types it prices above zero; the
    municipality logs any type for statistics, unpriced; central content
    and any other provider have none (the pilot's price table names
    shipped providers only, and provider codes are never removed, so
    this needs no directory).
    """
    if provider == 'central' or not isinstance(provider, str):
        return frozenset()
    if provider == 'kunta':
        return frozenset(suoritteet())
    return frozenset(
        code
        for code, entry in suoritteet().items()
        if entry['prices'].get(provider, (0, 0))[1] > 0
    )


def name_of(table, code, lang):
    """A code's name in ``lang`` from a reference table
    (``Directory.providers``, ``life_events()``, ...): else its Finnish
    name, else the code."""
    return name_in(table, code, lang)[0]


def name_in(table, code, lang):
    """(name, language of that name) as :func:`name_of` finds it, for
    marking the text's ``lang``; the language of a bare code is None."""
    row = table.get(code) or {}
    for language in (lang, 'fi'):
        if row.get(f'name_{language}'):
            return row[f'name_{language}'], language
    return code, None


def names_in(table, lang):
    """Code → (name, its language) of every code in a reference table,
    as :func:`name_in` finds them."""
    return {code: name_in(table, code, lang) for code in table}
