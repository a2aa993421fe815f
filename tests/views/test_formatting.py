"""Numbers, euros and months per interface language (Babel)."""


def _makeOne(locale):
    from kb.views.formatting import Formatter

    return Formatter(locale)


def test_money_and_numbers_per_locale():
    for locale in ('fi', 'sv', 'se'):
        fmt = _makeOne(locale)
        assert fmt.money('1234.5') == '1\xa0234,50\xa0€'
        assert fmt.number(1234567) == '1\xa0234\xa0567'
        assert fmt.number(2.5) == '2,5'


def test_missing_values_are_blank():
    fmt = _makeOne('fi')
    assert fmt.number(None) == fmt.money('') == ''


def test_months_are_named_in_the_language():
    assert _makeOne('fi').month('2015-03') == 'maaliskuu 2015'
    assert _makeOne('sv').month('2015-03') == 'mars 2015'
    assert _makeOne('se').month('2015-03') == 'njukčamánnu 2015'
