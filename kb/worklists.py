"""Editors' work lists: which cards need whose attention.

Shared by the JSON API and the editor pages. ``may(permission, card)``
is the caller's permission check (``request.has_permission``), so that a
list holds only cards the caller may see.
"""
from kb import security
from kb.versioning import SOURCE_LANGUAGE


def provider_cards(root, provider=None):
    """The cards of ``provider`` (every card when None)."""
    if provider:
        folder = root['providers'].get(provider)
        return folder['cards'].values() if folder is not None else ()
    return root['cards'].values()


def past_review_by(cards, may, today):
    """``(card, review_by)`` of cards past their review-by date that the
    caller edits or reviews, oldest first; retired cards are left out.

    :param today: ISO date string.
    """
    found = []
    for card in cards:
        if card.state == 'retired' or not may(security.VIEW_HISTORY, card):
            continue
        review_by = card.current_content().get('review_by')
        if review_by and review_by < today:
            found.append((card, review_by))
    found.sort(key=lambda item: item[1])
    return found


def flag_providers(store, user):
    """The providers whose flags ``user`` handles: their own, or every
    provider for the central editor."""
    if user.role == 'central_editor':
        return list(store.flags)
    return [user.provider]


def flag_queue(store, user, everything=False):
    """The flags ``user`` handles, open ones unless ``everything``."""
    return [
        flag
        for code in flag_providers(store, user)
        for flag in (store.flags[code].values() if code in store.flags
                     else ())
        if everything or flag.state == 'open'
    ]


def outdated_languages(card):
    """Languages of the newest version whose text lags the Finnish."""
    status = card.versions[card.head].lang_status
    return sorted(lang for lang, value in status.items()
                  if value == 'outdated' and lang != SOURCE_LANGUAGE)


def returned(card, workflow):
    """True if the card was sent back to its first state by a transition
    that needs a comment (a reviewer's return or rejection)."""
    last = card.last_transition
    if card.working is None or card.state != workflow.initial or not last:
        return False
    transition = workflow.transitions.get(last['name'])
    return bool(transition and transition.comment_required
                and last['to'] == card.state)


def submitted_at(card):
    """When the card entered its current state (ISO), for queue order."""
    last = card.last_transition
    return last['time'] if last else card.versions[card.head].created


def review_queue(cards, may, workflows):
    """Cards in a review state (a working state after the first) that
    the caller may edit there, i.e. review; oldest submission first."""
    found = [
        card for card in cards
        if card.working is not None
        and card.state != workflows.for_provider(card.provider).initial
        and may(security.EDIT, card)
    ]
    found.sort(key=submitted_at)
    return found
