"""The persistent resource tree.

::

    Root
    ├── providers/<code>            Provider
    │   ├── cards/<card id>         Card → versions (IOBTree of Version)
    │   └── notices/<notice id>     Notice
    ├── points/<code>               ServicePoint
    ├── users/<name>                User
    ├── audit                       AuditLog (append-only)
    └── prices                      PriceList (effective-dated)

Cards are also reachable by their stable id through ``root['cards']``
(an index, not their container), which API routes traverse.
"""
import contextlib
import json
from types import MappingProxyType

from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping
from pyramid.authorization import DENY_ALL, Allow, Authenticated, Everyone
import transaction
from zope.interface import implementer

from kb.interfaces import (
    ICard,
    IFolder,
    INotice,
    IProvider,
    IRoot,
    IServicePoint,
    IUser,
    IVersion,
)


class FolderError(KeyError):
    """Raised when a name is already taken in a folder."""


class _BTreeMapping(Persistent):
    """Read access to ``self.data``, an ``OOBTree``."""

    def __getitem__(self, name):
        return self.data[name]

    def get(self, name, default=None):
        return self.data.get(name, default)

    def __contains__(self, name):
        return name in self.data

    def values(self):
        return self.data.values()


@implementer(IFolder)
class Folder(_BTreeMapping):
    """A BTree-backed container with a conflict-free length counter."""

    __name__ = None
    __parent__ = None
    __acl__ = ()

    def __init__(self):
        self.data = OOBTree()
        self._num_objects = Length()

    def __len__(self):
        return self._num_objects()

    def items(self):
        return self.data.items()

    def add(self, name, obj):
        """Add ``obj`` under ``name`` and set its lineage.

        :raises FolderError: if ``name`` is taken.
        """
        if name in self.data:
            raise FolderError(name)
        obj.__name__ = name
        obj.__parent__ = self
        self.data[name] = obj
        self._num_objects.change(1)
        return obj

    def remove(self, name):
        """Remove and return the object under ``name``."""
        obj = self.data.pop(name)
        self._num_objects.change(-1)
        return obj


class CardIndex(_BTreeMapping):
    """Stable card id → card, wherever the card lives in the tree.

    Traversing ``root['cards'][id]`` returns the card itself, whose
    ``__parent__`` chain (and so its inherited ACL) is its real container.
    """

    __name__ = 'cards'
    __parent__ = None

    def __init__(self):
        self.data = OOBTree()
        self.pending = OOBTree()  # card id → effective date (ISO string)

    def __len__(self):
        return len(self.data)

    def register(self, card):
        self.data[card.id] = card


@implementer(IRoot)
class Root(Folder):
    """The application root; its ACL grants the site-wide permissions."""

    __acl__ = (
        (Allow, Everyone, ('kb.browse',)),
        (Allow, Authenticated, ('kb.authenticated',)),
        (Allow, 'role:admin',
         ('kb.admin', 'kb.audit', 'kb.editing', 'kb.publication',
          'kb.reports', 'kb.point_tickets', 'kb.self', 'kb.point_cards')),
        (Allow, 'role:central_editor',
         ('kb.audit', 'kb.synonyms', 'kb.analytics', 'kb.editing',
          'kb.reviewing', 'kb.publication', 'kb.publishing', 'kb.reports',
          'kb.point_tickets')),
        (Allow, 'role:provider_editor',
         ('kb.synonyms', 'kb.analytics', 'kb.editing', 'kb.publication',
          'kb.reports')),
        (Allow, 'role:provider_reviewer',
         ('kb.analytics', 'kb.editing', 'kb.reviewing', 'kb.publication',
          'kb.reports')),
        (Allow, 'role:advisor', ('kb.intranet', 'kb.tickets')),
        (Allow, 'role:point_manager', ('kb.intranet', 'kb.reports')),
    )
    #: Changes with every edit of providers or points (kb.directory).
    directory_serial = None

    def __init__(self):
        super().__init__()
        self.card_index = CardIndex()
        self.card_index.__parent__ = self
        self.workflow_digest = None

    # NB: ``cards`` is the card index, kept beside the folder's items
    # (cards live in their providers); every way of asking finds it
    def __getitem__(self, name):
        if name == 'cards':
            return self.card_index
        return super().__getitem__(name)

    def get(self, name, default=None):
        if name == 'cards':
            return self.card_index
        return super().get(name, default)

    def __contains__(self, name):
        return name == 'cards' or super().__contains__(name)


@implementer(IProvider)
class Provider(Folder):
    """A service provider: holds ``cards`` and ``notices``."""

    #: who receives its report packs, and in which language (None: the
    #: default; :mod:`kb.directory.recipients`; class defaults, so
    #: providers stored before them need no evolve step)
    report_recipients = ()
    report_lang = None

    def __init__(self, code, names, web=''):
        super().__init__()
        self.code = code
        self.names = PersistentMapping(names)
        self.web = web
        #: field → text (:data:`kb.cards.remote_contact.FIELDS`)
        self.remote = {}
        self.add('cards', Folder())
        self.add('notices', Folder())

    @property
    def __acl__(self):
        code = self.code
        acl = [
            (Allow, f'provider_editor:{code}', ('kb.add', 'kb.notice')),
            (Allow, 'role:central_editor', ('kb.notice',)),
        ]
        if code == 'central':
            acl.append((Allow, 'role:central_editor', ('kb.add',)))
        return acl


@implementer(IServicePoint)
class ServicePoint(Persistent):
    """A joint customer service point; ``fields`` holds the columns of
    ``service_points.csv``. Inactive points keep their history, but
    nobody is assigned to them. ``cards`` is what the point says about
    cards, ``onsite`` the days providers' clerks are there
    (:mod:`kb.directory.point_cards`; both replaced whole)."""

    __name__ = None
    __parent__ = None
    active = True
    cards = MappingProxyType({})
    onsite = MappingProxyType({})
    #: as for :class:`Provider`
    report_recipients = ()
    report_lang = None

    def __init__(self, code, **fields):
        self.code = code
        self.fields = PersistentMapping(fields)

    @property
    def __acl__(self):
        """The point's staff see its tickets; its advisors work on them
        (the central editor and administrators see every point's: the
        root's ACL)."""
        return [
            (Allow, f'point:{self.code}', ('kb.point_tickets',)),
            (Allow, f'advisor:{self.code}', ('kb.handle_tickets',)),
            (Allow, f'point_manager:{self.code}', ('kb.point_cards',)),
        ]


@implementer(IUser)
class User(Persistent):
    """A person who logs in; ``password_hash`` is an argon2 hash.
    ``sessions`` maps the digests of the user's live session ids to their
    ends (:mod:`kb.accounts.sessions`; replaced whole, never changed in
    place)."""

    __name__ = None
    __parent__ = None
    sessions = MappingProxyType({})
    #: a work e-mail address for notifications (:mod:`kb.notifications`)
    email = None
    #: when to mail notifications: ``immediately``, ``digest`` or ``off``
    mail = 'immediately'
    #: The service points the user serves (advisors and point managers),
    #: the home point first: a tuple, replaced whole.
    points = ()

    def __init__(self, name, role, provider=None, points=(), locale=None):
        self.name = name
        self.role = role
        self.provider = provider
        self.points = tuple(points)
        self.locale = locale
        self.password_hash = None
        self.active = True

    @property
    def point(self):
        """The home point: the first of :attr:`points`, or None."""
        return self.points[0] if self.points else None

    @property
    def __acl__(self):
        return [(Allow, f'user:{self.name}', ('kb.self',))]


class Users(Folder):
    """Users by name, and the API tokens (SHA-256 digest → metadata).

    ``admin_changes`` counts removals of administrators (see
    :func:`kb.accounts.users.change_user`)."""

    admin_changes = 0

    def __init__(self):
        super().__init__()
        self.tokens = OOBTree()


@implementer(IVersion)
class Version(Persistent):
    """One saved version of a card.

    The content is frozen as a JSON string: every read returns a fresh
    dict, so nobody can mutate a stored version by accident. ``state``
    and ``lang_status`` are workflow bookkeeping about the version, not
    part of its content.
    """

    #: the later date (``YYYY-MM-DD``) it was approved to go live on
    effective = None
    #: the number of the version whose content it restores (older
    #: versions said so in their comment, see ``restore_note``)
    restored = None

    def __init__(
        self, number, content, author, created, comment, base, lang_status
    ):
        self.number = number
        self._content = json.dumps(content, ensure_ascii=False, sort_keys=True)
        self.author = author
        self.created = created
        self.comment = comment
        self.base = base
        self.state = None
        self.lang_status = PersistentMapping(lang_status)

    @property
    def content(self):
        return json.loads(self._content)


@implementer(ICard)
class Card(Persistent):
    """A service card with its version history.

    ``published`` is the version readers see (the *baseline*), ``working``
    the version under edit and review (the *working copy*, at most one),
    ``pending`` an approved version waiting for its effective date.
    ``state`` is the workflow state of the working copy if there is one,
    otherwise of the baseline.
    """

    __name__ = None
    __parent__ = None
    #: ``(list, scope, sort key)`` triples the card is filed under, kept
    #: on the card by :mod:`kb.cards.worklists` (no shared tree to write)
    filed_under = ()

    def __init__(self, card_id, kind):
        self.id = card_id
        self.kind = kind
        self.versions = IOBTree()
        self.head = 0
        self.published = None
        self.working = None
        self.pending = None  # (version number, 'YYYY-MM-DD')
        self.state = None
        self.last_transition = None
        self.__acl__ = (DENY_ALL,)

    @property
    def provider(self):
        return self.__parent__.__parent__.code

    def version(self, number):
        return self.versions[number]

    def live_number(self, today):
        """The version number readers see on ``today`` (a ``date``)."""
        if self.pending is not None:
            number, effective = self.pending
            if effective <= today.isoformat():
                return number
        return self.published

    def current_content(self):
        return self.versions[self.head].content


@implementer(INotice)
class Notice(Persistent):
    """A provider's disruption or change notice with a validity period."""

    __name__ = None
    __parent__ = None

    def __init__(self, notice_id, data, author, created):
        self.id = notice_id
        self.author = author
        self.created = created
        self.update(data)

    def update(self, data):
        self.kind = data['kind']
        self.texts = PersistentMapping(data['content'])
        self.valid_from = data['valid_from']
        self.valid_until = data['valid_until']
        self.point = data.get('point')
        self.cards = tuple(data.get('cards', ()))
        self.public = bool(data.get('public', False))

    @property
    def provider(self):
        return self.__parent__.__parent__.code

    @property
    def __acl__(self):
        """Public notices are for everyone, the others for staff."""
        return [(Allow, Everyone if self.public else Authenticated,
                 ('kb.view',))]

    def in_force(self, now_iso):
        """True when ``valid_from <= now < valid_until`` (ISO strings)."""
        return self.valid_from <= now_iso < self.valid_until


def appmaker(zodb_root):
    """Return the application root (created by ``kb init``, see
    :func:`kb.runtime.initdb.create`)."""
    return zodb_root['kb_root']


@contextlib.contextmanager
def own_root(db, commit=True):
    """The app root in a connection and transaction of its own, for work
    outside a request (threads, start-up, a failed login's count).

    The transaction is committed when the block ends, or aborted if it
    raises or ``commit`` is false (reading only); the connection is
    closed either way. A conflict at commit propagates, so that callers
    may retry.
    """
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        tm.begin()
        try:
            yield appmaker(conn.root())
        except BaseException:
            tm.abort()
            raise
        if commit:
            tm.commit()
        else:
            tm.abort()
    finally:
        conn.close()


def note(root, text):
    """Add ``text`` to the note of the transaction ``root`` is read in."""
    root._p_jar.transaction_manager.get().note(text)
