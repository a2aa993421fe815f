"""Text and JSON from outside: which characters are refused, how deep
JSON may nest (the HTTP edge is tested in tests/views/test_input.py)."""
import pytest


@pytest.mark.parametrize('text, depth', [
    ('1', 0), ('{}', 1), ('[[], [[]]]', 3), ('["[[[", {"a": "]"}]', 2),
    (r'["\"[[", "\\", ["x"]]', 2),
])
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    from kb.untrusted import nesting_depth

    assert nesting_depth(text) == depth


@pytest.mark.parametrize('text', ['\x00', 'a\x08', '\x0b', '\x1f', '\ud800',
                                  '\udfff', '\ufffe', '\uffff'])
def test_control_characters_and_surrogates_are_refused(text):
    from kb.errors import ValidationError
    from kb.untrusted import check_text

    with pytest.raises(ValidationError) as caught:
        check_text(f'ok {text}', 'title')
    assert caught.value.details == [{'field': 'title', 'message': ''}]


@pytest.mark.parametrize('text', ['\t\n\r', ' ~\x7f\x85\xa0', '\ud7ff\ue000',
                                  '\ufffd', '\U0010ffff', 'äö 🙂'])
def test_whitespace_and_every_other_character_pass(text):
    from kb.untrusted import check_text

    check_text(text, 'title')


def test_load_json_names_the_field_and_never_echoes_a_bad_key():
    from kb.errors import ValidationError
    from kb.untrusted import load_json

    assert load_json('{"a": [1, "x\\t"]}') == {'a': [1, 'x\t']}
    for text, field in (('{"a": {"b": [0, "\\u0000"]}}', 'a.b.1'),
                        ('{"a": {"\\ud800": 1}}', 'a'),
                        ('["\\ud800"]', '0'), ('"\\u0001"', '(body)')):
        with pytest.raises(ValidationError) as caught:
            load_json(text)
        assert caught.value.details[0]['field'] == field


def test_load_json_refuses_depth_before_parsing():
    from kb.errors import KBError
    from kb.untrusted import load_json

    assert load_json('[' * 4 + ']' * 4, max_depth=4) == [[[[]]]]
    with pytest.raises(KBError) as caught:
        load_json('[' * 5 + ']' * 5, max_depth=4)
    assert (caught.value.status, caught.value.code) == (400, 'too_deep')
    with pytest.raises(ValueError):
        load_json('[1,')


@pytest.mark.parametrize('value, expected', [
    (56.0, 56), (56, 56), (56.5, 56.5), ('56', '56'), (True, True),
    (None, None)])
def test_whole_number_reads_json_integers_written_with_a_point(value,
                                                               expected):
    from kb.untrusted import whole_number
    result = whole_number(value)
    assert (result, type(result)) == (expected, type(expected))
