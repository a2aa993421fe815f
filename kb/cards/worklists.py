"""Editors' work lists: which cards need whose attention.

Shared by the JSON API and the editor pages. The lists are read from
:class:`WorkLists`, a summary in the database that an event subscriber
keeps up to date, so that a list reads only its own cards instead of
every card. ``may(permission, card)`` is the caller's permission check
(``request.has_permission``): a list holds only cards the caller may see.
"""
import bisect
import functools
import heapq
import itertools
import logging
import zlib

from BTrees.OOBTree import OOBTree
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


def shard_of(card_id, shards):
    """The shard of ``card_id``: a stable hash, the same in every
    process and release (unlike ``hash``)."""
    return zlib.crc32(card_id.encode('utf-8')) % shards


class Members(Persistent):
    """One shard of a work list: its ``(sort key, card id)`` pairs,
    sorted.

    Two transactions that file different cards here at once are merged
    by :meth:`_p_resolveConflict`, so that the list never makes a
    request retry; a set that empties and refills, or grows, is no
    conflict as it is for a BTree bucket.
    """

    def __init__(self):
        self.members = ()

    def __len__(self):
        return len(self.members)

    def change(self, removed, added):
        """Remove the pairs ``removed`` and add ``added``."""
        self.members = tuple(sorted(
            set(self.members).difference(removed).union(added)))

    def _p_resolveConflict(self, old, committed, new):
        """What ``committed`` holds, plus what ``new`` added to ``old``
        and minus what it removed."""
        before, after = set(old['members']), set(new['members'])
        merged = set(committed['members']).union(after - before)
        return dict(new, members=tuple(sorted(
            merged.difference(before - after))))


class WorkList(Persistent):
    """One ``(list, scope)``: its members in :data:`SHARDS` fixed shards
    by card id, read in order by merging the sorted shards. A list is
    written only when it is made; changes write one shard."""

    def __init__(self, shards):
        self.shards = tuple(Members() for _ in range(shards))

    def change(self, card_id, removed, added):
        self.shards[shard_of(card_id, len(self.shards))].change(
            removed, added)

    def keys(self, below=None, reverse=False):
        parts = []
        for shard in self.shards:
            members = shard.members
            if below is not None:
                members = members[:bisect.bisect_left(members, (below,))]
            parts.append(reversed(members) if reverse else members)
        return heapq.merge(*parts, reverse=reverse)

    def __len__(self):
        return sum(len(shard) for shard in self.shards)


class WorkLists(Persistent):
    """Card ids per work list and scope, in each list's order.

    ``lists`` maps ``(list, scope)`` to a :class:`WorkList`; each card
    keeps the triples it is filed under (``card.filed_under``), so that a
    change refiles only what moved. Two editors saving different cards
    write their own cards and, in a list they share, shards that resolve
    their conflicts; there is no shared counter or index.
    """

    __name__ = 'worklists'
    __parent__ = None
    #: shards per list: a shard of the largest list (every published
    #: card) stays a small pickle at 10,000 cards
    shards = 32

    def __init__(self):
        self.lists = OOBTree()

    def index(self, card, workflows):
        """File ``card`` under the lists it belongs to now."""
        new = memberships(card, workflows)
        old = card.filed_under
        if new == old:
            return
        self._refile(card.id, old, new)
        card.filed_under = new

    def _refile(self, card_id, old, new):
        changes = {}
        for which, triples in enumerate((set(old) - set(new),
                                         set(new) - set(old))):
            for name, scope, key in triples:
                changes.setdefault((name, scope), ([], []))[which].append(
                    (key, card_id))
        for name, (removed, added) in changes.items():
            if name not in self.lists:
                self.lists[name] = WorkList(self.shards)
            self.lists[name].change(card_id, removed, added)

    def rebuild(self, root, workflows):
        """File every card afresh.

        :returns: the number of cards.
        """
        self.lists.clear()
        for card in root['cards'].values():
            card.filed_under = ()
            self.index(card, workflows)
        return len(root['cards'])

    def filed(self):
        """``card id → triples`` as the lists hold them."""
        found = {}
        for (name, scope), members in self.lists.items():
            for key, card_id in members.keys():
                found.setdefault(card_id, []).append((name, scope, key))
        return {card_id: tuple(sorted(triples))
                for card_id, triples in found.items()}

    def differences(self, root, workflows):
        """Ids of cards whose filing differs from what they are now,
        in the lists or on the card."""
        cards = root['cards']
        filed = self.filed()
        found = [card.id for card in cards.values()
                 if not filed.get(card.id, ()) == card.filed_under ==
                 memberships(card, workflows)]
        found.extend(card_id for card_id in filed if card_id not in cards)
        return sorted(found)

    def keys(self, name, scope, below=None, reverse=False):
        """``(sort key, card id)`` of one list, in order; only keys
        before ``(below,)`` if given."""
        members = self.lists.get((name, scope))
        if members is None:
            return iter(())
        return members.keys(below, reverse)

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
