"""The card form's mapping between form fields and the exchange
format, and the names shown for workflow states."""
from tests.conftest import card_body


def _content(**changes):
    from kb.cards.exchange_format import Problems, check_card

    problems = Problems()
    content = check_card(card_body(**changes), problems)
    assert not problems
    return content


def test_a_stored_card_survives_the_form_unchanged():
    from kb.views.editor.forms import CardForm

    content = _content(
        links=[{'url': 'https://www.kela.fi/asiointi',
                'label': {'fi': 'Asiointi', 'en': 'E-services'}}],
        support={'phone': '020 692 207', 'hours': 'ma–pe 9–16'},
        remote={'room_url': 'https://huone.kela.fi/oma', 'phone': '020'},
        valid_from='2026-01-01')
    form = CardForm.from_content(content)
    assert 'en' in form.languages  # a link label keeps its column
    assert form.card_data('service') == content
    content = _content(suoritteet=['neuvonta_lyhyt', 'neuvonta_pitka'],
                       default_suorite='neuvonta_pitka')
    assert CardForm.from_content(content).card_data('service') == content


def test_a_package_keeps_its_order_and_rows_without_a_number_follow():
    from kb.views.editor.forms import CardForm

    form = CardForm({'cards.0.id': 'c', 'cards.1.id': 'b',
                     'cards.1.order': '2', 'cards.2.id': 'a',
                     'cards.2.order': '1', 'cards.3.order': '3'})
    assert form.card_data('package')['cards'] == ['a', 'b', 'c']
    assert list(form.rows('cards')) == list(range(6))


def test_forged_row_numbers_are_ignored():
    from kb.views.editor.forms import ROWS_MAX, CardForm

    form = CardForm({'links.0.url': 'https://a.fi',
                     f'links.{10 ** 9}.url': 'https://b.fi',
                     f'links.{ROWS_MAX}.url': 'https://c.fi'})
    assert [link['url'] for link in form.card_data('service')['links']] \
        == ['https://a.fi']
