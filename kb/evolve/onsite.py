"""Evolve step: a point's word on a card gains ``onsite`` (offered only
when the provider's own clerk is on site, :mod:`kb.directory.point_cards`);
the entries stored before it say no."""


def point_cards_onsite(root, registry):
    """Give every stored card entry without ``onsite`` a False one."""
    for point in root['points'].values():
        if any('onsite' not in local for local in point.cards.values()):
            point.cards = {card_id: dict({'onsite': False}, **local)
                           for card_id, local in point.cards.items()}
