"""Editors' work lists: which cards need whose attention.

Shared by the JSON API and the editor pages. The lists are read from
:class:`WorkLists`, a summary in the database that an event subscriber
keeps up to date, so that a list reads only its own cards instead of
every card. ``may(permission, card)`` is the caller's permission check
(``request.has_permission``): a list holds only cards the caller may see.
"""
import functools
import itertools
import logging

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from pyramid.traversal import find_root

from kb import security
from kb.cards.versioning import SOURCE_LANGUAGE
from kb.interfaces import ICard, IKBEvent

log = logging.getLogger(__name__)

#: The scope that holds every provider's cards.
EVERY_PROVIDER = '*'


def provider_cards(root, provider=None):
    """The cards of ``provider`` (every card when None), for the card
    listing of the API (a walk, not a work list)."""
    if provider:
        folder = root['providers'].get(provider)
        return folder['cards'].values() if folder is not None else ()
    return root['cards'].values()


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


def memberships(card, workflows):
    """The ``(list, scope, sort key)`` triples ``card`` belongs to.

    The lists are ``returned``, ``review``, ``published``, ``review_by``
    and ``outdated``, each under the card's provider and under
    :data:`EVERY_PROVIDER`, and ``drafts`` under the author of the
    newest version. The sort key orders a list (ties by card id); ``''``
    keeps id order.
    """
    if not card.head:
        return ()  # being created: no version yet
    workflow = workflows.for_provider(card.provider)
    found = []
    personal = []
    if returned(card, workflow):
        found.append(('returned', ''))
    elif card.working is not None and card.state == workflow.initial:
        author = card.versions[card.head].author
        personal.append(('drafts', author, ''))
    elif card.working is not None:
        found.append(('review', submitted_at(card)))
    if card.published is not None and \
            workflow.live_state(card).stage == 'live':
        found.append(('published', card.versions[card.published].created))
    review_by = card.current_content().get('review_by')
    if review_by and workflow.stage_of(card.state) != 'retired':
        found.append(('review_by', review_by))
    if outdated_languages(card):
        found.append(('outdated', ''))
    triples = [(name, scope, key) for name, key in found
               for scope in (card.provider, EVERY_PROVIDER)]
    return tuple(sorted(triples + personal))


class WorkLists(Persistent):
    """Card ids per work list and scope, in each list's order.

    ``lists`` maps ``(list, scope)`` to a tree set of ``(sort key, card
    id)``; ``entries`` maps a card id to the triples it is filed under,
    so that a change refiles only what moved. Two editors saving
    different cards touch different keys, which BTrees resolve without a
    conflict; there is no shared counter.
    """

    __name__ = 'worklists'
    __parent__ = None

    def __init__(self):
        self.lists = OOBTree()
        self.entries = OOBTree()

    def index(self, card, workflows):
        """File ``card`` under the lists it belongs to now."""
        new = memberships(card, workflows)
        old = self.entries.get(card.id, ())
        if new == old:
            return
        for name, scope, key in set(old) - set(new):
            self.lists[name, scope].remove((key, card.id))
        for name, scope, key in set(new) - set(old):
            if (name, scope) not in self.lists:
                self.lists[name, scope] = OOTreeSet()
            self.lists[name, scope].insert((key, card.id))
        self.entries[card.id] = new

    def rebuild(self, root, workflows):
        """File every card afresh.

        :returns: the number of cards.
        """
        self.lists.clear()
        self.entries.clear()
        for card in root['cards'].values():
            self.index(card, workflows)
        return len(self.entries)

    def differences(self, root, workflows):
        """Ids of cards whose filing differs from what they are now."""
        cards = root['cards']
        found = [card.id for card in cards.values()
                 if self.entries.get(card.id, ()) !=
                 memberships(card, workflows)]
        found.extend(card_id for card_id in self.entries
                     if card_id not in cards)
        return sorted(found)

    def keys(self, name, scope, below=None, reverse=False):
        """``(sort key, card id)`` of one list, in order; only keys
        before ``(below,)`` if given."""
        members = self.lists.get((name, scope))
        if members is None:
            return ()
        keys = members.keys(max=(below,), excludemax=True) \
            if below is not None else members.keys()
        if reverse:
            return (keys[index] for index in range(len(keys) - 1, -1, -1))
        return iter(keys)

    def count(self, name, scope):
        """How many cards the list holds (before permission checks)."""
        members = self.lists.get((name, scope))
        return len(members) if members is not None else 0


def on_event(registry, event):
    """Refile a card after any change to it."""
    if ICard.providedBy(event.obj):
        find_root(event.obj)['worklists'].index(event.obj,
                                                registry.workflows)


def scope_for(user):
    """The scope of ``user``'s lists: their provider, or every one."""
    return security.own_provider(user) or EVERY_PROVIDER


def visible(root, keys, may, permission):
    """``(card, sort key)`` of the cards behind ``keys`` that the caller
    has ``permission`` on."""
    cards = root['cards']
    for key, card_id in keys:
        card = cards[card_id]
        if may(permission, card):
            yield card, key


def work_list(root, name, scope, may, permission=security.VIEW_WORKING,
              **options):
    """One list's visible ``(card, sort key)``, lazily, in order.

    :param options: ``below`` and ``reverse`` of :meth:`WorkLists.keys`.
    """
    keys = root['worklists'].keys(name, scope, **options)
    return visible(root, keys, may, permission)


def drafts(root, user, may):
    """``user``'s own drafts (within their provider for provider roles)."""
    scope = scope_for(user)
    return (
        (card, key) for card, key in work_list(
            root, 'drafts', user.name, may)
        if scope == EVERY_PROVIDER or card.provider == scope)


def past_review_by(root, scope, may, today):
    """``(card, review_by)`` of cards past their review-by date that the
    caller edits or reviews, oldest first; retired cards are left out.

    :param scope: a provider code or :data:`EVERY_PROVIDER`.
    :param today: ISO date string.
    """
    return work_list(root, 'review_by', scope, may, security.VIEW_HISTORY,
                     below=today)


def review_queue(root, scope, may):
    """Cards in a review state (a working state after the first) that
    the caller may edit there, i.e. review; oldest submission first."""
    return (card for card, _key in work_list(
        root, 'review', scope, may, security.EDIT))


def in_review(root, scope, may):
    """Cards in review that the caller sees but others review."""
    return (card for card, _key in work_list(root, 'review', scope, may)
            if not may(security.EDIT, card))


def published_page(root, scope, may, start, stop):
    """The visible cards of one page of the published list, newest
    first, and the list's length. Only the page's cards are read, so a
    card the caller may not see leaves its page one entry short."""
    keys = itertools.islice(
        root['worklists'].keys('published', scope, reverse=True),
        start, stop)
    cards = [card for card, _key in visible(root, keys, may,
                                            security.VIEW_WORKING)]
    return cards, root['worklists'].count('published', scope)


def flag_providers(store, user):
    """The providers whose flags ``user`` handles: their own, or every
    provider for the central editor."""
    if security.every_provider(user):
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


def flagged_cards(root, user, may):
    """``(card, open flags)`` the user handles and sees, most flagged
    first."""
    by_card = {}
    for flag in flag_queue(root['tickets'], user):
        by_card.setdefault(flag.card, []).append(flag)
    scope = scope_for(user)
    found = []
    for card_id, flags in by_card.items():
        card = root['cards'].get(card_id)
        if card is not None and may(security.VIEW_WORKING, card) and \
                scope in (EVERY_PROVIDER, card.provider):
            found.append((card, flags))
    found.sort(key=lambda item: -len(item[1]))
    return found


def ensure(root, registry, rebuild=False):
    """Add the summary to a database that has none (built from every
    card), or rebuild it; called at start-up.

    :returns: the number of cards filed, or None if nothing was done.
    """
    if 'worklists' in root and not rebuild:
        return None
    if 'worklists' not in root:
        root.add('worklists', WorkLists())
    filed = root['worklists'].rebuild(root, registry.workflows)
    log.info('work lists built: %d cards', filed)
    return filed


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    config.add_subscriber(functools.partial(on_event, registry), IKBEvent)
