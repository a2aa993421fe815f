"""Unit tests of card validation: every problem names its field."""
import pytest

from tests.conftest import card_body


def problems_of(data, provider='kela'):
    from kb.cards.exchange_format import Problems, check_card

    problems = Problems()
    content = check_card(data, problems, provider=provider)
    return content, [p['field'] for p in problems.items]


def with_fi(**texts):
    body = card_body()
    body['content']['fi'].update(texts)
    return body


@pytest.mark.parametrize('data, field', [
    ('not a card', ''),
    (card_body(content={'fi': 'text'}), 'content.fi'),
    (with_fi(title=5), 'content.fi.title'),
    (with_fi(title='   '), 'content.fi.title'),
    (with_fi(keywords='ajokortti'), 'content.fi.keywords'),
    (with_fi(keywords=['x'] * 31), 'content.fi.keywords'),
    (with_fi(keywords=['']), 'content.fi.keywords'),
    (with_fi(keywords=['y' * 101]), 'content.fi.keywords'),
    (with_fi(plain_summary='p' * 501), 'content.fi.plain_summary'),
    (card_body(channels='counter'), 'channels'),
    (card_body(channels=['counter', 'counter']), 'channels'),
    (card_body(links='https://kela.fi'), 'links'),
    (card_body(links=[{'url': 'https://kela.fi'}] * 21), 'links'),
    (card_body(links=['https://kela.fi']), 'links.0'),
    (card_body(links=[{'url': 'https://kela.fi', 'label': {'xx': 'A'}}]),
     'links.0.label'),
    (card_body(links=[{'url': 'https://kela.fi', 'label': {'fi': ''}}]),
     'links.0.label'),
    (card_body(support='0295'), 'support'),
    (card_body(support={'phone': '1', 'email': 'x'}), 'support'),
    (card_body(support={'note': 'n' * 1001}), 'support.note'),
    (card_body(valid_from=20270101), 'valid_from'),
    (card_body(kind='package', cards=[]), 'cards'),
    (card_body(kind='package', cards=['Not An Id']), 'cards'),
])
def test_each_problem_names_its_field(data, field):
    _, fields = problems_of(data)
    assert field in fields


def test_valid_card_normalises_keywords_and_drops_empty_texts():
    content, fields = problems_of(with_fi(keywords=[' ajokortti '],
                                          plain_summary=''))
    assert fields == []
    assert content['content']['fi']['keywords'] == ['ajokortti']
    assert 'plain_summary' not in content['content']['fi']


def test_card_id_rules():
    from kb.cards.exchange_format import Problems, check_card_id

    for good in ('kela-1', 'a', 'poliisi-passi-ja-henkilokortti'):
        problems = Problems()
        check_card_id(good, problems)
        assert not problems, good
    for bad in ('Kela', 'kela_1', '-kela', 'kela--x', '', None, 'x' * 81):
        problems = Problems()
        check_card_id(bad, problems)
        assert problems, bad


def test_municipality_may_log_any_performance_type_central_none():
    from kb import refdata

    assert refdata.allowed_suoritteet('kunta') == set(refdata.suoritteet())
    assert refdata.allowed_suoritteet('central') == set()
    assert 'asiakaspalaute' in refdata.allowed_suoritteet('kela')
    assert 'asiakaspalaute' not in refdata.allowed_suoritteet('vero')


def test_public_view_has_no_intranet_fields():
    from kb.cards.exchange_format import public_view

    content, _ = problems_of(card_body())
    shown = public_view(content)
    assert 'support' not in shown and 'suoritteet' not in shown
    assert 'review_by' not in shown
    assert 'advisor_instructions' not in shown['content']['fi']
    assert shown['content']['fi']['title'] == 'Lapsilisä'


class TestGuards:
    def test_titles_and_summaries(self):
        from kb.cards.guards import titles_and_summaries

        content = {'content': {'fi': {'title': 'T'}, 'sv': {'summary': 'S'}}}
        assert [f for f, _ in titles_and_summaries(content)] == [
            'content.fi.summary', 'content.sv.title']

    def test_swedish_present(self):
        from kb.cards.guards import swedish_present

        assert swedish_present({'content': {'sv': {}}}) == []
        assert swedish_present({'content': {'fi': {}}})[0][0] == 'content.sv'

    def test_summary_length(self):
        from kb.cards.guards import summary_length

        assert summary_length({'content': {'fi': {'summary': 's' * 150}}}) \
            == []
        assert summary_length({'content': {'fi': {'summary': 's' * 151}}})


def _validated(data, cards=()):
    from kb.cards.exchange_format import validated_content
    return validated_content({'cards': dict.fromkeys(cards)}, data, 'kela')


def test_validated_content_of_a_valid_card():
    content = _validated(card_body())
    assert content['content']['fi']['title'] == 'Lapsilisä'
    assert 'id' not in content


def test_validated_content_lists_every_problem_as_one_error():
    from kb.errors import ValidationError
    with pytest.raises(ValidationError) as raised:
        _validated(with_fi(title='', summary=''))
    assert [p['field'] for p in raised.value.details] == [
        'content.fi.title', 'content.fi.summary']


def test_a_package_may_list_only_cards_that_exist():
    from kb.errors import ValidationError
    package = card_body(kind='package', cards=['kela-a', 'kela-b'])
    assert _validated(package, cards=['kela-a', 'kela-b'])['cards'] == [
        'kela-a', 'kela-b']
    with pytest.raises(ValidationError) as raised:
        _validated(package, cards=['kela-a'])
    assert [p['field'] for p in raised.value.details] == ['cards']
