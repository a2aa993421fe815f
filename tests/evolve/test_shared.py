"""The step to the conflict-resolving work lists and audit log, on a
database whose lists and log were written in layout 1."""
import datetime

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree, OOTreeSet

from kb.evolve.shared import spread_worklists_and_audit
from tests.conftest import card_body

NOW = datetime.datetime(2099, 11, 22, 9, tzinfo=datetime.timezone.utc)


def write_layout_1(root):
    """Lists and log as layout 1 kept them, from what they hold now."""
    worklists, audit = root['worklists'], root['audit']
    filed = worklists.filed()
    old_lists = OOBTree()
    for (name, scope), members in worklists.lists.items():
        old_lists[name, scope] = OOTreeSet(members.keys())
    worklists.lists, worklists.entries = old_lists, OOBTree(filed)
    for card in root['cards'].values():
        del card.filed_under
    entries = LOBTree()
    for key, entry in audit.items():
        entries[key] = entry
    del audit.trees
    audit.entries = entries
    return filed


def test_lists_and_log_move_and_work_with_the_new_code(
        app, as_user, published_card, database):
    published_card('kela-a')
    as_user('kela-editor').post('/api/v1/cards', card_body('kela-b'),
                                status=201)
    with database as root:
        before = root['audit'].query(limit=1000)
        filed = write_layout_1(root)
        root['worklists'].entries['ghost'] = (('returned', 'kela', ''),)
    with database as root:
        for name in ('worklists', 'audit'):
            root[name]._p_deactivate()  # NB: as a fresh process finds it
        moved = spread_worklists_and_audit(root, database.registry)
        assert moved == len(filed) + 1 + len(before)
        assert spread_worklists_and_audit(root, database.registry) == 0
        assert root['audit'].query(limit=1000) == before
        assert root['worklists'].differences(
            root, database.registry.workflows) == ['ghost']
        assert [card_id for _key, card_id in root['worklists'].keys(
            'drafts', 'kela-editor')] == ['kela-b']
        key = root['audit'].append({'actor': 'x'}, NOW, shard=3)
        assert root['audit'].query(limit=1)[0]['seq'] == key
