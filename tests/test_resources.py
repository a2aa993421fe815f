"""The resource tree (:mod:`kb.resources`)."""


def test_the_root_finds_its_card_index_every_way_it_is_asked():
    from kb.resources import Root

    root = Root()
    assert root['cards'] is root.card_index
    assert root.get('cards') is root.card_index
    assert 'cards' in root
    assert 'nothing' not in root and root.get('nothing', 1) == 1
