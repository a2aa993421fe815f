"""Create the database: the resource tree and the reference data."""
from kb import evolve
from kb.accounts.throttle import LoginFailures
from kb.cards import worklists
from kb.cards.audit import AuditLog
from kb.directory.editing import NAME_LANGUAGES
from kb.directory.seed import seed_points, seed_providers
from kb.notifications.store import Notifications
from kb.publication.log import PublicationLog
from kb.reports.packs import PackStore
from kb.resources import Folder, Provider, Root, ServicePoint, Users
from kb.runtime.leader import Lease
from kb.search.analytics import SearchLog
from kb.search.changelog import ChangeLog
from kb.search.rules import SearchRules
from kb.search.synonyms import SynonymList, starter_groups
from kb.suomifi.outbox import SuomifiOutbox
from kb.tickets.model import TicketStore
from kb.tickets.prices import PriceList, load_pilot_prices


def create(db, registry):
    """Create the app root if the database has none (marking every evolve
    step finished: a new root has the current layout) and add missing
    reference data (``kb init``).

    :returns: ``(created, changed)``: whether the root was created and
        whether anything was added.
    """
    with db.transaction('kb init') as conn:
        zodb_root = conn.root()
        created = 'kb_root' not in zodb_root
        if created:
            root = zodb_root['kb_root'] = Root()
            # NB: no card yet, so every ACL follows the workflows
            root.workflow_digest = registry.workflows.digest
            evolve.mark_finished(zodb_root, registry.evolution_steps,
                                 'marked')
        root = zodb_root['kb_root']
        changed = initialize(root)
        return created, worklists.ensure(root, registry) is not None \
            or changed


def initialize(root):
    """Fill an empty root with providers, points and the price list.

    Safe to run again: only what is missing is added.
    :returns: True if anything was added.
    """
    changed = False
    for name, factory in (
        ('providers', Folder),
        ('points', Folder),
        ('users', Users),
    ):
        if name not in root:
            root.add(name, factory())
            changed = True
    for name, factory in (
        ('audit', AuditLog),
        ('prices', PriceList),
        ('search_log', SearchLog),
        ('synonyms', lambda: SynonymList(starter_groups())),
        ('search_rules', SearchRules),
        ('tickets', TicketStore),
        ('login_failures', LoginFailures),
        ('publication', PublicationLog),
        ('suomifi', SuomifiOutbox),
        ('leader', Lease),
        ('search_changes', ChangeLog),
        ('report_packs', PackStore),
        ('notifications', Notifications),
    ):
        if name not in root:
            root.add(name, factory())
            if name == 'prices':
                load_pilot_prices(root['prices'])
            changed = True
    providers = root['providers']
    for code, row in seed_providers().items():
        if code not in providers:
            names = {
                lang: row[f'name_{lang}']
                for lang in NAME_LANGUAGES if row.get(f'name_{lang}')
            }
            providers.add(code, Provider(code, names, row.get('web', '')))
            changed = True
    points = root['points']
    for code, row in seed_points().items():
        if code not in points:
            fields = {k: v for k, v in row.items()
                      if k not in ('point', 'active')}
            points.add(code, ServicePoint(code, **fields))
            changed = True
    return changed
