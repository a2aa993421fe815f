"""The on-disk Whoosh index and how it is kept equal to the database.

Index changes are never written during a request. A subscriber records
the changed card or notice in a durable queue in ZODB (same transaction)
and in the transaction's own list; only after a successful commit is the
list applied to Whoosh, and the queue entries acknowledged. An aborted or
retried request never reaches the index. A crash between the commit and
the index write leaves the entries in the durable queue, and the next
start applies them: no full rebuild.

Applying takes Whoosh's writer lock first and only then reads the
current database state, so several processes sharing one database and
one index directory cannot write an older state over a newer one.
"""
import logging
from pathlib import Path
import threading
import time

from BTrees.OOBTree import OOBTree
from ZODB.POSException import ConflictError
from persistent import Persistent
from whoosh import index as whoosh_index
from whoosh.query import Every

from kb.clock import helsinki_today, utcnow
from kb.resources import own_root
from kb.search.documents import (
    SCHEMA_VERSION,
    all_groups,
    group_documents,
    make_schema,
)
from kb.search.postings import PostingsCache
from kb.search.vocabulary import Vocabulary

log = logging.getLogger(__name__)
WRITER_TIMEOUT = 30
ACK_ATTEMPTS = 5


class IndexQueue(Persistent):
    """Durable record of groups whose index documents are pending:
    group → token of the transaction that queued it."""

    __name__ = 'search_queue'
    __parent__ = None

    def __init__(self):
        self.pending = OOBTree()

    def __len__(self):
        return len(self.pending)


class SearchIndex:
    """The index directory, its writer lock and per-thread searchers.

    :param path: the index directory (``kb.search.index_dir``).
    :param clock: returns an aware datetime (injected by tests).
    """

    def __init__(self, path, clock=utcnow):
        self.path = Path(path)
        self.clock = clock
        self.schema = make_schema()
        self._local = threading.local()
        self.applied = 0  # groups written since start, for tests/metrics
        self.vocabulary = Vocabulary()
        self.postings = PostingsCache()
        self.ix = self._open()

    def _open(self):
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = self.path / 'kb-schema-version'
        current = stamp.read_text() if stamp.exists() else None
        if current == SCHEMA_VERSION and whoosh_index.exists_in(self.path):
            self.fresh = False
            return whoosh_index.open_dir(self.path)
        self.fresh = True
        ix = whoosh_index.create_in(self.path, self.schema)
        stamp.write_text(SCHEMA_VERSION)
        return ix

    def searcher(self):
        """A searcher that sees the latest commit.

        NB: Whoosh-Reloaded's ``Searcher.refresh()`` returns stale and
        deleted documents after updates, so a new searcher is opened
        whenever the old one is out of date.
        """
        searcher = getattr(self._local, 'searcher', None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                searcher.close()
            searcher = self.ix.searcher()
            self._local.searcher = searcher
        return searcher

    def today(self):
        return helsinki_today(self.clock())

    # -- writing ---------------------------------------------------------

    def apply(self, db, groups):
        """Write the current documents of ``groups`` and acknowledge
        them in the durable queue.

        :param groups: ``{group: token}``; an entry is removed from the
            durable queue only if it still holds that token (another
            transaction may have queued the group again meanwhile).
        """
        if not groups:
            return
        writer = self.ix.writer(timeout=WRITER_TIMEOUT)
        try:
            # NB: opened inside the lock, so we read the newest state
            with own_root(db, commit=False) as root:
                today = self.today()
                for group in groups:
                    writer.delete_by_term('group', group)
                    for doc in group_documents(root, group, today):
                        writer.add_document(**doc)
            writer.commit()
            self.applied += len(groups)
        except BaseException:
            writer.cancel()
            raise
        acknowledge(db, groups)

    def rebuild(self, db, progress=None):
        """Replace the whole index with the database's documents."""
        with own_root(db, commit=False) as root:
            groups = all_groups(root)
            writer = self.ix.writer(timeout=WRITER_TIMEOUT)
            try:
                writer.delete_by_query(Every())
                today = self.today()
                for number, group in enumerate(groups, 1):
                    for doc in group_documents(root, group, today):
                        writer.add_document(**doc)
                    if progress is not None:
                        progress(number, len(groups))
                writer.commit(optimize=True)
            except BaseException:
                writer.cancel()
                raise
        with own_root(db) as root:
            root['search_queue'].pending.clear()
        return len(groups)

    def repair(self, db):
        """Apply whatever the durable queue still lists (after a crash).

        :returns: the number of groups applied.
        """
        with own_root(db, commit=False) as root:
            groups = dict(root['search_queue'].pending)
        self.apply(db, groups)
        return len(groups)

    # -- checking --------------------------------------------------------

    def indexed(self):
        """``{key: (version, audience)}`` of every indexed document."""
        with self.ix.searcher() as searcher:
            return {
                fields['key']: (fields['version'], fields['audience'])
                for fields in searcher.all_stored_fields()
            }

    def check(self, db):
        """Differences between the index and the database.

        :returns: ``{"missing": [...], "extra": [...], "stale": [...]}``
            of document keys.
        """
        with own_root(db, commit=False) as root:
            today = self.today()
            expected = {
                doc['key']: (doc['version'], doc['audience'])
                for group in all_groups(root)
                for doc in group_documents(root, group, today)
            }
        actual = self.indexed()
        return {
            'missing': sorted(set(expected) - set(actual)),
            'extra': sorted(set(actual) - set(expected)),
            'stale': sorted(key for key in set(expected) & set(actual)
                            if expected[key] != actual[key]),
        }


def acknowledge(db, groups, attempts=ACK_ATTEMPTS):
    """Remove applied entries from the durable queue, unless re-queued."""
    for attempt in range(attempts):
        try:
            with own_root(db) as root:
                pending = root['search_queue'].pending
                for group, token in groups.items():
                    if pending.get(group) == token:
                        del pending[group]
            return True
        except ConflictError:
            time.sleep(0.01 * (attempt + 1))
    log.warning('could not acknowledge %d index entries; the next start '
                'applies them again', len(groups))
    return False
