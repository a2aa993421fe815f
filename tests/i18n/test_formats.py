"""Numbers, euros and months per interface language (Babel)."""


def _makeOne(locale):
    from kb.i18n.formats import Formatter

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


def test_dates_per_locale_sami_in_the_finnish_way():
    import datetime

    day = datetime.date(2015, 3, 5)
    assert _makeOne('fi').date(day) == '5.3.2015'
    assert _makeOne('sv').date('2015-03-05') == '5 mars 2015'
    # Babel's plain "se" would give "2015 njuk 5" (Norway's order)
    assert _makeOne('se').date(day) == '5.3.2015'


def test_instants_in_any_stored_form_are_shown_in_finnish_time():
    import datetime

    utc = datetime.datetime(2015, 3, 5, 12, 30, tzinfo=datetime.timezone.utc)
    fmt = _makeOne('fi')
    for value in (utc, utc.timestamp(), '2015-03-05T12:30:00Z',
                  '2015-03-05T12:30:00+00:00'):
        assert fmt.moment(value) == '5.3.2015 14.30'
    assert fmt.time(utc.timestamp()) == '14.30'
    assert _makeOne('se').moment(utc) == '5.3.2015 dii. 14.30'
    assert _makeOne('se').moment(utc, 'medium') == '5.3.2015 dii. 14.30.00'
    assert _makeOne('se').time(utc) == '14.30'
    assert _makeOne('sv').moment(utc) == '2015-03-05 14:30'


def test_when_is_a_date_or_a_medium_date_and_time():
    fmt = _makeOne('fi')
    assert fmt.when('2016-01-01') == '1.1.2016'
    assert fmt.when('2016-01-01T10:00:00Z') == '1.1.2016 12.00.00'


def test_opening_hours_in_the_language_else_as_written():
    hours = 'Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00'
    assert _makeOne('fi').opening_hours(hours) == \
        'ma–pe 9.00–16.00; kesä–elo 9.00–15.00'
    assert _makeOne('sv').opening_hours('Sat 10:00-14:00') == \
        'lör 10:00–14:00'
    assert _makeOne('se').opening_hours('Mon-Fri 09:00-16:00') == \
        'má–be 9.00–16.00'
    odd = 'Mon-Xyz 09:00-16:00; by appointment'
    assert _makeOne('fi').opening_hours(odd) == odd
    midnight = 'Mon-Fri 08:00-24:00'  # free text; no time of day
    assert _makeOne('fi').opening_hours(midnight) == midnight
