"""Reference data: names of codes in the interface language."""
from kb import refdata


def test_a_name_falls_back_to_finnish_then_to_the_code():
    table = {'kela': {'name_fi': 'Kela', 'name_sv': 'FPA', 'name_se': ''}}
    assert refdata.name_of(table, 'kela', 'sv') == 'FPA'
    assert refdata.name_of(table, 'kela', 'se') == 'Kela'
    assert refdata.name_of(table, 'vero', 'sv') == 'vero'
