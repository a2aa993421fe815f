"""Point-aware cards: per service point and card, whether the service is
offered there and a short local addendum (seed 004 §3.2.2, 001).

Kept by the point's manager on the point (``ServicePoint.cards``, card id
→ ``{'offered', 'addendum'}``, replaced whole on each change so it is
stored), never on the card: a card's versions stay the provider's.
"""
from kb.directory.editing import _problem
from kb.events import ObjectModified
from kb.i18n import _
from kb.privacy import refuse_personal_data

ADDENDUM_MAX = 500
#: A card the point has said nothing about: offered, no addendum.
DEFAULT = {'offered': True, 'addendum': ''}


def local_card(point, card_id):
    """What ``point`` says about the card (the default if nothing)."""
    return dict(point.cards.get(card_id, DEFAULT))


def checked_local(offered, addendum):
    """The pair, checked: a boolean and bounded plain text without
    personal data."""
    if not isinstance(offered, bool):
        raise _problem('offered', _('Give true or false.'))
    if not isinstance(addendum, str) or len(addendum) > ADDENDUM_MAX:
        raise _problem('addendum', _('Text of at most ${max} characters.',
                                     mapping={'max': ADDENDUM_MAX}))
    addendum = addendum.strip()
    refuse_personal_data(addendum, 'addendum')
    return {'offered': offered, 'addendum': addendum}


def set_local_card(registry, actor, point, card_id, offered, addendum):
    """Store what ``point`` says about the card (the default removes the
    entry) and audit the change; returns the stored pair."""
    new = checked_local(offered, addendum)
    old = local_card(point, card_id)
    if new != old:
        cards = dict(point.cards)
        if new == DEFAULT:
            cards.pop(card_id, None)
        else:
            cards[card_id] = new
        point.cards = cards
        registry.notify(ObjectModified(
            point, actor, change='point_card_changed', card=card_id,
            changes={key: [old[key], new[key]] for key in new
                     if old[key] != new[key]}))
    return new


def not_offered(point):
    """Ids of the cards not offered at ``point``."""
    return sorted(card_id for card_id, local in point.cards.items()
                  if not local['offered'])
