"""Publication to the three channels, and the record of what went where.

The intranet and the public site read the live version straight from the
database, so a version that goes live *is* published there; the log says
so at once. Suomi.fi is outside: the change is logged as pending, queued
in the :class:`~kb.suomifi.outbox.SuomifiOutbox`, and the push (or a
reader of the feed) takes it from there.
"""

from pyramid.traversal import find_root

from kb.errors import NotFoundError
from kb.i18n import _
from kb.interfaces import (
    IAfterTransition,
    IObjectModified,
    IObjectMoved,
    IVersionLive,
)
from kb.suomifi.collections import is_collection
from kb.suomifi.mapping import is_suomifi_content


def channels_of(card, state):
    """The channels a card reaches while its baseline is in ``state``."""
    channels = []
    readers = set(state.view) | set(state.intranet)
    if 'advisor' in readers:
        channels.append('intranet')
    if 'public' in state.view:
        channels.append('public')
        if is_suomifi_content(card.provider, card.kind):
            channels.append('suomifi')
    elif 'advisor' in readers and is_collection(card.provider, card.kind):
        # NB: a package is public where advisors may read it
        # (kb.views.public), and goes to Suomi.fi as a collection
        channels.append('suomifi')
    return channels


class Publisher:
    """Event subscribers that keep the log and the Suomi.fi outbox.

    :param workflows: the registry's :class:`~kb.cards.workflow.Workflows`.
    :param clock: returns the aware current datetime (the registry's).
    """

    def __init__(self, workflows, clock):
        self.workflows = workflows
        self.clock = clock
        #: called after a commit that queued a Suomi.fi change (the push
        #: worker's wake-up, when pushing is configured)
        self.on_queued = None

    def on_live(self, event):
        """A version went live: published to each of its channels."""
        card = event.obj
        workflow = self.workflows.for_provider(card.provider)
        state = workflow.live_state(card)
        approver = (card.last_transition or {}).get('actor')
        self.record(card, event.details['version'], 'publish',
                    channels_of(card, state), event.actor,
                    approved_by=approver)

    def on_transition(self, event):
        """Approval for a later date is logged as scheduled; retirement
        withdraws the card from every channel it was in."""
        card = event.obj
        workflow = self.workflows.for_provider(card.provider)
        target = workflow.states[event.details['target']]
        if target.stage == 'live' and event.details.get('effective'):
            self.record(card, event.details['version'], 'schedule',
                        channels_of(card, target), event.actor,
                        effective=event.details['effective'])
        elif target.stage == 'retired' and card.published is not None:
            self.record(card, card.published, 'withdraw',
                        channels_of(card, workflow.live()), event.actor)

    def on_modified(self, event):
        """A cancelled scheduled publication is logged for the channels
        it was scheduled for (nothing had been sent anywhere yet)."""
        if event.details.get('change') != 'cancel_scheduled':
            return
        card = event.obj
        workflow = self.workflows.for_provider(card.provider)
        self.record(card, event.details['version'], 'cancel',
                    channels_of(card, workflow.live()), event.actor,
                    effective=event.details['effective'])

    def on_move(self, event):
        """A live card that changes provider changes its Suomi.fi
        organisation, so Suomi.fi gets it again; moved to the central
        desk, it is no Suomi.fi content any more and is withdrawn."""
        card = event.obj
        workflow = self.workflows.for_provider(card.provider)
        if card.published is None or (
                workflow.stage_of(card.state) == 'retired'):
            return
        if is_suomifi_content(card.provider, card.kind):
            self.record(card, card.published, 'publish', ['suomifi'],
                        event.actor)
        elif is_suomifi_content(event.details['source'], card.kind):
            self.record(card, card.published, 'withdraw', ['suomifi'],
                        event.actor)

    def record(self, card, version, action, channels, actor, **extra):
        root = find_root(card)
        now = self.clock()
        for channel in channels:
            outcome = 'done'
            if action == 'schedule':
                outcome = 'scheduled'
            elif channel == 'suomifi' and action != 'cancel':
                outcome = 'pending'
                root['suomifi'].enqueue(card.id, version, action, now)
                self.wake_after_commit(root)
            root['publication'].append(dict(
                extra,
                card=card.id,
                provider=card.provider,
                kind=card.kind,
                version=version,
                channel=channel,
                action=action,
                outcome=outcome,
                actor=actor,
            ), now)

    def wake_after_commit(self, root):
        if self.on_queued is None:
            return
        wake = self.on_queued
        root._p_jar.transaction_manager.get().addAfterCommitHook(
            lambda committed: committed and wake())


def retry(root, card_id, actor, now):
    """Put a card whose Suomi.fi publication failed back in the outbox
    (after its cause was fixed in PTV or in the mapping).

    :raises NotFoundError: if the card has no Suomi.fi publication.
    """
    outbox = root['suomifi']
    status = outbox.statuses.get(card_id)
    if status is None:
        raise NotFoundError(
            _('The card "${id}" has no Suomi.fi publication.',
              mapping={'id': card_id}))
    card = root['cards'][card_id]
    outbox.enqueue(card_id, status.version, status.action, now)
    root['publication'].append({
        'card': card_id, 'provider': card.provider,
        'kind': card.kind, 'version': status.version, 'channel': 'suomifi',
        'action': status.action, 'outcome': 'pending', 'actor': actor,
        'note': 'retry',
    }, now)


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    # NB: the registry's clock at call time (tests replace it)
    publisher = Publisher(registry.workflows, lambda: registry.clock())
    config.registry.publisher = publisher
    config.add_subscriber(publisher.on_live, IVersionLive)
    config.add_subscriber(publisher.on_transition, IAfterTransition)
    config.add_subscriber(publisher.on_move, IObjectMoved)
    config.add_subscriber(publisher.on_modified, IObjectModified)
