"""Names of codes in the interface language (kb.i18n.labels)."""
from types import SimpleNamespace

import pytest


@pytest.fixture
def labels():
    """:class:`Labels` with a localizer that marks what it translated."""
    from kb.directory.tables import seed_directory
    from kb.i18n.labels import Labels

    localizer = SimpleNamespace(locale_name='sv',
                                translate=lambda message: f'<{message}>')
    return Labels(localizer, seed_directory())


def test_codes_are_named_translated_unknown_ones_as_given(labels):
    assert labels.channel('electronic') == '<E-service>'
    assert labels.kind('notice') == '<Notice>'
    assert labels.outcome('referred') == '<Referred to the provider>'
    assert labels.reason('wrong') == '<Wrong>'
    assert labels.state('open') == '<Open>'
    assert labels.notice_kind('change') == '<Change>'
    assert labels.language_name('se') == '<Northern Sámi>'
    assert labels.in_language('fi') == '<in Finnish>'
    for name in ('channel', 'kind', 'outcome', 'reason', 'state',
                 'notice_kind', 'language_name', 'in_language'):
        assert getattr(labels, name)('xyz') == 'xyz'


def test_reference_names_fall_back_to_finnish(labels):
    from kb import refdata
    directory = labels.directory

    assert labels.language('se') == 'davvisámegiella'
    assert labels.provider('kela') == directory.providers['kela']['name_sv']
    assert labels.provider('nobody') == 'nobody'
    assert labels.life_event('moving') == refdata.name_of(
        refdata.life_events(), 'moving', 'sv')
    point = next(iter(directory.points))
    assert labels.point(point) == refdata.name_in(directory.points, point,
                                                  'sv')
    assert labels.suorite('nope') == ('nope', None)


def test_labels_format_in_their_language(labels):
    assert labels.month('2015-03') == 'mars 2015'


def test_state_label_takes_the_workflow_title_else_the_code():
    from kb.i18n.labels import VERSION_STATES, state_label

    workflow = SimpleNamespace(states={
        'legal_check': SimpleNamespace(title='Legal')})
    assert state_label(workflow, 'scheduled') is VERSION_STATES['scheduled']
    assert state_label(workflow, 'legal_check') == 'Legal'
    assert state_label(workflow, 'gone') == 'gone'


def test_text_in_prefers_the_language_then_finnish_then_the_first():
    from kb.i18n.labels import text_in

    assert text_in({'fi': 1, 'sv': 2}, 'sv') == 'sv'
    assert text_in({'fi': 1, 'sv': 2}, 'se') == 'fi'
    assert text_in({'sv': 2, 'en': 3}, 'se') == 'en'


def test_link_label_falls_back_to_finnish_then_any_then_the_address():
    from kb.i18n.labels import link_label

    link = {'url': 'https://example.fi', 'label': {'fi': 'Lomake',
                                                   'en': 'Form'}}
    assert link_label(link, 'sv') == ('Lomake', 'fi')
    link['label'] = {'en': 'Form', 'sv': ''}
    assert link_label(link, 'sv') == ('Form', 'en')
    assert link_label({'url': 'https://example.fi', 'label': {}}, 'fi') \
        == ('https://example.fi', None)


def test_a_card_is_named_by_its_published_title_and_a_gone_one_by_its_id():
    from kb.i18n.labels import card_label

    def version(texts):
        return SimpleNamespace(content={'content': texts})

    card = SimpleNamespace(published=1, head=2, versions={
        1: version({'fi': {'title': 'Lapsilisä'},
                    'sv': {'title': 'Barnbidrag'}}),
        2: version({'fi': {'title': 'Luonnos'}})})
    cards = {'kela-lapsilisa': card}
    assert card_label(cards, 'kela-lapsilisa', 'sv') == ('Barnbidrag', 'sv')
    assert card_label(cards, 'kela-lapsilisa', 'se') == ('Lapsilisä', 'fi')
    card.published = None  # never published: the newest version
    assert card_label(cards, 'kela-lapsilisa', 'fi') == ('Luonnos', 'fi')
    assert card_label(cards, 'poistettu', 'fi') == ('poistettu', None)
