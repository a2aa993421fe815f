"""What the offline copy holds: exactly what an advisor may read now.

A card is included when its live version on the export day is readable
by every advisor (``kb.view_intranet`` for the advisor principals): so
never a working copy, a draft, a retired card or a version approved for
a later date. Notices are those in force at the moment of the export.
"""
from dataclasses import dataclass

from pyramid.authorization import ACLHelper

from kb import security
from kb.cards.notices import notices_in_force


@dataclass(frozen=True)
class OfflineCard:
    """A card's live version as the export shows it."""

    id: str
    provider: str
    kind: str
    content: dict

    @property
    def texts(self):
        """Language → texts of the version."""
        return self.content['content']

    @property
    def languages(self):
        return sorted(self.texts)


def advisor_cards(root, today):
    """The :class:`OfflineCard` of every card advisors read on ``today``
    (a ``date``), by id."""
    helper = ACLHelper()
    found = []
    for card_id, card in root['cards'].data.items():
        number = card.live_number(today)
        if number is None or not helper.permits(
                card, security.ADVISOR_PRINCIPALS, security.VIEW_INTRANET):
            continue
        found.append(OfflineCard(card_id, card.provider, card.kind,
                                 card.versions[number].content))
    return found


def advisor_notices(root, now_iso):
    """Notices in force at ``now_iso`` (every point's), newest first."""
    return notices_in_force(root, now_iso)
