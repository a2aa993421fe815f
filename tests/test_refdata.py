"""Reference data: names of codes in the interface language."""
from decimal import Decimal

from kb import refdata


def test_a_name_falls_back_to_finnish_then_to_the_code():
    table = {'kela': {'name_fi': 'Kela', 'name_sv': 'FPA', 'name_se': ''}}
    assert refdata.name_of(table, 'kela', 'sv') == 'FPA'
    assert refdata.name_of(table, 'kela', 'se') == 'Kela'
    assert refdata.name_of(table, 'vero', 'sv') == 'vero'


def test_name_in_tells_the_language_of_the_name_found():
    table = {'kela': {'name_fi': 'Kela', 'name_sv': 'FPA', 'name_se': ''}}
    assert refdata.name_in(table, 'kela', 'sv') == ('FPA', 'sv')
    assert refdata.name_in(table, 'kela', 'se') == ('Kela', 'fi')
    assert refdata.name_in(table, 'vero', 'sv') == ('vero', None)
    assert refdata.names_in(table, 'se') == {'kela': ('Kela', 'fi')}


def test_performance_types_are_named_in_every_interface_language():
    table = refdata.suoritteet()
    codes = {row['suorite'] for row in refdata.read_csv('suoritteet.csv')}
    assert set(table) == codes
    for code in codes:
        for lang in refdata.UI_LANGUAGES:
            assert refdata.name_in(table, code, lang)[1] == lang, (
                code, lang)
    assert refdata.name_of(table, 'neuvonta_lyhyt', 'sv') == (
        'Kort rådgivning (2 min)')
    assert refdata.name_of(table, 'neuvonta_lyhyt', 'se') == (
        'Oanehis rávven (2 min)')


def test_the_pilot_table_keeps_the_finnish_and_english_names():
    pilot = {row['suorite']: row
             for row in refdata.read_csv('suoritteet.csv')}
    for row in refdata.read_csv('suorite_names.csv'):
        assert (row['name_fi'], row['name_en']) == (
            pilot[row['suorite']]['name_fi'],
            pilot[row['suorite']]['name_en'])
        assert refdata.suoritteet()[row['suorite']]['name_fi'] == (
            row['name_fi'])


def test_a_missing_name_is_left_out_so_that_finnish_is_shown():
    prices = [{'suorite': 'muu_suorite', 'name_fi': 'Muu suorite',
               'name_en': 'Other performance', 'provider': provider,
               'minutes': '2', 'price_eur': '1.18'}
              for provider in ('kela', 'vero')]
    names = [{'suorite': 'muu_suorite', 'name_fi': 'Muu suorite',
              'name_sv': 'Annan prestation', 'name_se': '',
              'name_en': 'Other performance'}]
    table = refdata.merge_suoritteet(prices, names)
    assert table['muu_suorite'] == {
        'name_fi': 'Muu suorite', 'name_sv': 'Annan prestation',
        'name_en': 'Other performance',
        'prices': {'kela': (2, Decimal('1.18')),
                   'vero': (2, Decimal('1.18'))}}
    assert refdata.name_in(table, 'muu_suorite', 'se') == (
        'Muu suorite', 'fi')
    unnamed = refdata.merge_suoritteet(prices, [])
    assert refdata.name_in(unnamed, 'muu_suorite', 'sv') == (
        'Muu suorite', 'fi')


def test_only_a_priced_provider_or_the_municipality_offers_types():
    assert refdata.allowed_suoritteet('kunta') == set(refdata.suoritteet())
    assert 'asiakaspalaute' in refdata.allowed_suoritteet('kela')
    # central content, a provider the pilot never priced, JSON garbage
    for provider in ('central', 'dvv', ['kela'], None):
        assert refdata.allowed_suoritteet(provider) == set()
