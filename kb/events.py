"""Event classes: the seam between concerns (audit, search, ...)."""
from zope.interface import implementer

from kb.interfaces import (
    IAfterTransition,
    IObjectAdded,
    IObjectModified,
    IObjectMoved,
    ITicketClosed,
    IVersionLive,
    IVersionSaved,
)


class _Event:
    """Base for all events; ``details`` is a JSON-able dict for the log."""

    action = None

    def __init__(self, obj, actor, **details):
        self.obj = obj
        self.actor = actor
        self.details = details


@implementer(IObjectAdded)
class ObjectAdded(_Event):
    action = 'add'


@implementer(IObjectMoved)
class ObjectMoved(_Event):
    action = 'move'


@implementer(IObjectModified)
class ObjectModified(_Event):
    """Metadata change; ``details['change']`` names it."""

    @property
    def action(self):
        return self.details.get('change', 'modify')


@implementer(IVersionSaved)
class VersionSaved(_Event):
    action = 'save'


@implementer(IAfterTransition)
class AfterTransition(_Event):
    action = 'transition'


@implementer(IVersionLive)
class VersionLive(_Event):
    action = 'live'


@implementer(ITicketClosed)
class TicketClosed:
    """``ticket`` was closed; ``store`` is the persistent
    :class:`~kb.tickets.model.TicketStore` holding it, whose connection
    names the transaction (a ticket added in the same one has none)."""

    def __init__(self, ticket, store):
        self.obj = ticket
        self.store = store
