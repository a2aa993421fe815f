"""Who is told what, in the transaction of the change that causes it.

- a card enters a later working state (a submission) → those who may
  edit it there: its reviewers (``submitted``);
- a card is returned to its first state by a transition that needs a
  comment → those who may edit it there: its editors (``returned``);
- an advisor's flag is handled → the advisor who flagged
  (``flag_closed``);
- a review-by date comes within :data:`REVIEW_DAYS` days → the
  provider's editors, once per card and date (the daily job
  :func:`review_due`);
- a Suomi.fi push fails → the central desk (``push_failed``).

The one who made the change is not told of it, and deactivated users are
told nothing.
"""
import datetime

from pyramid.traversal import find_root

from kb import security
from kb.cards.worklists import EVERY_PROVIDER
from kb.clock import helsinki_today
from kb.interfaces import IFlag
from kb.notifications import mail

#: How many days ahead a review-by date is announced.
REVIEW_DAYS = 30


def titles_of(card, live=False):
    """The card's title per language: of its newest version, or of the
    version readers see when ``live`` (so that an advisor never reads a
    draft's title)."""
    number = card.published if live and card.published is not None \
        else card.head
    texts = card.versions[number].content.get('content', {})
    return {lang: text['title'] for lang, text in texts.items()
            if text.get('title')}


def notify(root, registry, users, kind, card, detail, now, live=False):
    """Add a notification about ``card`` to each active user of
    ``users``, and mail it after commit to those who chose immediate
    mail (:mod:`kb.notifications.mail`).

    :returns: the names of the users told.
    """
    entry = {'kind': kind, 'card': card.id,
             'titles': titles_of(card, live), 'detail': detail}
    users = list({user.name: user for user in users
                  if user.active}.values())
    mailed = mail.send_immediately(root, registry, users, entry)
    store = root['notifications']
    for user in users:
        store.add(user.name, entry, now, mailed=user.name in mailed)
    return [user.name for user in users]


def users_who(root, may):
    """The active users for whom ``may(permits)`` is true, where
    ``permits(permission, context)`` answers for that user."""
    return [user for user in root['users'].values()
            if user.active and may(security.user_permits(user))]


def card_editors(root, card):
    """Who may edit ``card`` in its current state."""
    return users_who(root, lambda permits: permits(security.EDIT, card))


def provider_editors(root, provider):
    """Who may add cards for ``provider``: its editors (the central
    editors for the central desk's own content)."""
    folder = root['providers'][provider]
    return users_who(root, lambda permits: permits(security.ADD, folder))


def central_desk(root):
    """The central editors and administrators."""
    return [user for user in root['users'].values()
            if user.active and security.central_desk(user)]


def on_transition(registry, event):
    """A submission tells the reviewers, a return the editors."""
    card = event.obj
    workflow = registry.workflows.for_provider(card.provider)
    target = workflow.states[event.details['target']]
    transition = workflow.transitions[event.details['transition']]
    if target.stage != 'working':
        return
    if target.name != workflow.initial:
        kind, detail = 'submitted', {'state': target.name,
                                     'provider': card.provider}
    elif transition.comment_required:
        kind, detail = 'returned', {}
    else:
        return  # the editor withdrew it
    root = find_root(card)
    users = [user for user in card_editors(root, card)
             if user.name != event.actor]
    notify(root, registry, users, kind, card, detail, registry.clock())


def on_flag_changed(registry, event):
    """Tell the advisor who flagged a card that the flag was handled."""
    flag = event.obj
    if not IFlag.providedBy(flag) or event.details.get('change') != \
            'resolve':
        return
    root = find_root(flag)
    # NB: cards are retired, never removed; users are deactivated
    notify(root, registry, [root['users'][flag.author]], 'flag_closed',
           root['cards'][flag.card], {'reason': flag.reason},
           registry.clock(), live=True)


def review_due(root, registry, now):
    """Tell the provider's editors of each review-by date that has come
    within :data:`REVIEW_DAYS` days, once per card and date; forget the
    dates that have passed.

    :returns: the number of cards announced.
    """
    today = helsinki_today(now)
    after = (today + datetime.timedelta(days=REVIEW_DAYS + 1)).isoformat()
    announced = root['notifications'].review_due
    count = 0
    for day, card_id in root['worklists'].keys(
            'review_by', EVERY_PROVIDER, below=after):
        if day < today.isoformat() or announced.get(card_id) == day:
            continue
        announced[card_id] = day
        card = root['cards'][card_id]
        notify(root, registry, provider_editors(root, card.provider),
               'review_due', card, {'date': day}, now)
        count += 1
    for card_id, day in list(announced.items()):
        if day < today.isoformat():
            del announced[card_id]
    return count


def push_failed(registry, root, card_id, now):
    """Tell the central desk that PTV refused a card (or our validation
    did); called by :class:`kb.suomifi.push.Pusher` in the transaction
    that records the failure."""
    card = root['cards'].get(card_id)
    if card is not None:
        notify(root, registry, central_desk(root), 'push_failed', card,
               {}, now)
