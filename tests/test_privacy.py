"""Recognising personal data: identity codes, e-mail, phone numbers."""
import pytest


@pytest.mark.parametrize('text, kinds', [
    ('asiakas 131052-308T kävi', ['identity_code']),
    ('asiakas 010101A123N kävi', ['identity_code']),
    ('numero 131052-308A ei ole oikea', []),  # wrong check character
    ('310252-123X', []),  # no 31 February
    ('maija.meikalainen@example.fi soitti', ['email']),
    ('soita 040 123 4567', ['phone']),
    ('+358 40 1234567', ['phone']),
    ('lomake 2 sivua, 2015', []),
    ('versio 3, kohta 12', []),
])
def test_find_personal_data(text, kinds):
    from kb.privacy import find_personal_data

    assert find_personal_data(text) == kinds


@pytest.mark.parametrize('text', [
    '131052 308T', '131052308T', '131052\u2013308T', '131052\u2014308T',
    '131052\u2011308T', '131052\u2212308T', '131052 - 308T',
    'ID131052-308T', 'hetu_131052-308T', '131052-308Tkävi',
    'id131052-308t', '131052-\u200b308T', '1310\u200d52-308\u00adT',
    '\ufeff131052-308T', '\uff11\uff13\uff11\uff10\uff15\uff12-308T',
    '131052\u2060-308T', '010594Y9032', '010594y9032', '010594X9032',
    '290200B1239', '290200C1239', '290200D1239', '290200E1239',
    '290200F1239', '050607V089R', '050607U089R', '050607W089R',
])
def test_identity_codes_are_found_in_any_disguise(text):
    from kb.privacy import find_personal_data, redact

    assert find_personal_data(text) == ['identity_code']
    assert '[identity_code]' in redact(text)


@pytest.mark.parametrize('text', [
    'Päätös 13.10.2052 ja 1.1.2024\u201331.12.2024',
    'voimassa 2024-01-02\u20132024-02-03',
    'voimassa 2024-01-02 - 2024-02-03, 01-02-2024',
    'vuosina 2015-2023 ja 1999\u20132000',
    'kortin numero 4111 1111 1111 1111 ja 5555555555554444',
    'hinta 1 200 000 euroa, 0,50 € tai 12,90 €',
    '00100 Helsinki, 00200 Espoo',
    'Käsittely kestää 1-2 viikkoa, klo 8-16',
    'Kelan Y-tunnus 0246246-0',
    'viitenumero 12345 67890',
    'numero 131052-308A', 'tilinumero FI21 1234 5600 0007 85',
    '290201B1239',  # no 29 February 2001
])
def test_ordinary_numbers_pass(text):
    from kb.privacy import find_personal_data, redact

    assert find_personal_data(text) == []
    assert '[' not in redact(text)


@pytest.mark.parametrize('text, kind', [
    ('puh.\u00a0040\u2013123\u00a04567', 'phone'),
    ('p. 040-1234567', 'phone'),
    ('(09) 123 4567', 'phone'),
    ('+358 (0)40 123 4567', 'phone'),
    ('00358 40 123 4567', 'phone'),
    ('puh0401234567', 'phone'),
    ('maija\u200b@example.fi', 'email'),
    ('maija\uff20example.fi', 'email'),
])
def test_contact_details_are_found_in_any_disguise(text, kind):
    from kb.privacy import find_personal_data

    assert find_personal_data(text) == [kind]


def test_normalise_folds_compatibility_forms_dashes_and_invisibles():
    from kb.privacy import normalise

    assert normalise('a\u200bb\u00adc\ufeff \u2013 \uff11\u00a0\u2003x') \
        == 'abc - 1 x'
    assert normalise(None) == ''


def test_redact_replaces_only_personal_data():
    from kb.privacy import redact

    assert redact('hetu 131052-308T ja maija@example.fi, p. 040 123 4567'
                  ) == 'hetu [identity_code] ja [email], p. [phone]'
    assert redact('131052-308A passi') == '131052-308A passi'
    assert redact('ID131052\u2013308t, 2015-2023') == \
        'ID[identity_code], 2015-2023'
    # only the kinds asked for
    assert redact('131052-308T, puh. 029 497 000',
                  kinds=('identity_code',)) == \
        '[identity_code], puh. 029 497 000'


def test_refuse_personal_data_names_the_field_and_kinds():
    from kb.errors import ValidationError
    from kb.privacy import refuse_personal_data

    refuse_personal_data('Lomake on uusittu.', 'comment')
    with pytest.raises(ValidationError) as caught:
        refuse_personal_data('131052 308T, 040 123 4567', 'comment')
    assert caught.value.code == 'personal_data'
    assert caught.value.details == [
        {'field': 'comment', 'message': 'identity_code'},
        {'field': 'comment', 'message': 'phone'}]
    # a visit id screened for identity codes only
    refuse_personal_data('v-040-123-4567', 'visit',
                         kinds=('identity_code',))
    with pytest.raises(ValidationError):
        refuse_personal_data('131052-308t', 'visit',
                             kinds=('identity_code',))
