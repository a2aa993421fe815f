"""Marker interfaces for content types and events."""
from zope.interface import Attribute, Interface


class IFolder(Interface):
    """A BTree-backed container."""


class IRoot(IFolder):
    """The application root."""


class IProvider(IFolder):
    """A service provider holding its cards and notices."""


class IServicePoint(Interface):
    """A joint customer service point."""


class ICard(Interface):
    """A service card (or procedure guide or service package)."""


class IVersion(Interface):
    """One immutable saved version of a card."""


class INotice(Interface):
    """A provider's disruption or change notice."""


class IUser(Interface):
    """A person who logs in."""


class IKBEvent(Interface):
    """Every event of this application; the audit log listens to these."""

    action = Attribute('Short verb phrase recorded in the audit log')
    obj = Attribute('The object the event is about')
    actor = Attribute('User name of who did it, or "system"')


class IObjectAdded(IKBEvent):
    """An object was added to a container."""


class IObjectMoved(IKBEvent):
    """An object was moved to another container."""


class IVersionSaved(IKBEvent):
    """A new version of a card was saved."""


class IAfterTransition(IKBEvent):
    """A workflow transition was fired on a card."""


class IVersionLive(IKBEvent):
    """A version became the one readers see."""


class IObjectModified(IKBEvent):
    """Metadata of an object changed (not a card version)."""


class ITicketClosed(Interface):
    """A ticket was closed. Not an :class:`IKBEvent`: millions a year
    are counted (:mod:`kb.metrics`), not audited."""


class ITicket(Interface):
    """One service event in the ticket log."""


class IFlag(Interface):
    """An advisor's flag on a card."""
