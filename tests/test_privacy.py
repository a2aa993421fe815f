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


def test_redact_replaces_only_personal_data():
    from kb.privacy import redact

    assert redact('hetu 131052-308T ja maija@example.fi, p. 040 123 4567'
                  ) == 'hetu [identity_code] ja [email], p. [phone]'
    assert redact('131052-308A passi') == '131052-308A passi'
