"""The on-site evolve step, on points' card entries made before it."""
from kb.evolve.onsite import point_cards_onsite


def test_stored_card_entries_get_onsite_false(app, database):
    with database as root:
        root['points']['mikkeli'].cards = {
            'a': {'offered': False, 'addendum': ''},
            'b': {'offered': True, 'onsite': True, 'addendum': 'x'}}
    with database as root:
        point_cards_onsite(root, app.registry)
    with database as root:
        assert root['points']['mikkeli'].cards == {
            'a': {'offered': False, 'onsite': False, 'addendum': ''},
            'b': {'offered': True, 'onsite': True, 'addendum': 'x'}}
        assert root['points']['parainen'].cards == {}
