"""The on-disk Whoosh index and how it is kept equal to the database.

Index changes are never written during a request. A subscriber records
the changed card or notice in the transaction's own list; a before-commit
hook adds the list to the change log in the database
(:mod:`kb.search.changelog`), and after a successful commit the node
reads the log from its position (a file beside the index) and applies
what it has not applied yet. An aborted or retried request never reaches
the index. A crash between the commit and the index write leaves the
change in the log after the node's position, and the next start (or any
other node) applies it: no full rebuild.

Applying takes Whoosh's writer lock first and only then reads the
current database state, so several processes sharing one database and
one index directory cannot write an older state over a newer one.
"""
import logging
import os
from pathlib import Path
import shutil
import socket
import threading

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from whoosh import index as whoosh_index
from whoosh.util.filelock import try_for

from kb.clock import helsinki_today, utcnow
from kb.resources import own_root
from kb.search import analysis, changelog, termfile
from kb.search.documents import (
    SCHEMA_VERSION,
    all_groups,
    group_documents,
    make_schema,
)
from kb.search.postings import PostingsCache, segment_key
from kb.search.vocabulary import Vocabulary

log = logging.getLogger(__name__)
WRITER_TIMEOUT = 30
#: the file beside the index that holds the node's log position
POSITION = 'kb-log-position'
#: the file beside the index that holds its words' terms (written after
#: a rebuild, read by the warm-up: a restarted node's first searches do
#: not analyse their results' words again)
TERMS = 'kb-terms.json'
#: the file beside the index that holds its schema version
STAMP = 'kb-schema-version'


class IndexQueue(Persistent):
    """The durable queue of old databases (group → token), which the
    change log replaced; kept so that the evolve step
    :func:`kb.evolve.searchlog.change_log` can read it."""

    __name__ = 'search_queue'
    __parent__ = None

    def __init__(self):
        self.pending = OOBTree()


class SearchIndex:
    """The index directory, its writer lock and per-thread searchers
    (with a pool of searchers opened ahead for the threads' first
    searches).

    :param path: the index directory (``kb.search.index_dir``).
    :param clock: returns an aware datetime (injected by tests).
    """

    def __init__(self, path, clock=utcnow):
        self.path = Path(path)
        self.clock = clock
        self.schema = make_schema()
        self._local = threading.local()
        self._pool = []  # searchers opened ahead, held by no thread
        self._lock = threading.Lock()
        self.applied = 0  # groups written since start, for tests/metrics
        self.vocabulary = Vocabulary()
        self.postings = PostingsCache()
        self.ix = self._open()

    def _open(self):
        self.path.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.path)
        schema, _position = stamps(self.path)
        if schema == SCHEMA_VERSION and whoosh_index.exists_in(self.path):
            self.fresh = False
            return whoosh_index.open_dir(self.path)
        self.fresh = True
        ix = whoosh_index.create_in(self.path, self.schema)
        (self.path / STAMP).write_text(SCHEMA_VERSION)
        return ix

    def searcher(self):
        """This thread's searcher, seeing the latest commit: taken from
        those opened ahead (:meth:`fill`) on the thread's first search,
        so that it does not open and warm one itself.

        NB: Whoosh-Reloaded's ``Searcher.refresh()`` returns stale and
        deleted documents after updates, so a new searcher is opened
        whenever the old one is out of date.
        """
        searcher = getattr(self._local, 'searcher', None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                searcher.close()
            searcher = self._local.searcher = self._take()
        return searcher

    def _take(self):
        """An up-to-date searcher of the pool (which no other thread
        holds: a Whoosh searcher is not thread-safe), else a new one."""
        while True:
            with self._lock:
                if not self._pool:
                    return self.ix.searcher()
                searcher = self._pool.pop()
            if searcher.up_to_date():
                return searcher
            searcher.close()

    def release(self):
        """Give this thread's searcher to the pool (a thread that
        ends)."""
        searcher = getattr(self._local, 'searcher', None)
        self._local.searcher = None
        if searcher is not None:
            with self._lock:
                self._pool.append(searcher)

    def fill(self, count, warm):
        """Open searchers until the pool holds ``count`` up-to-date ones
        (those out of date are closed), each passed to ``warm``.

        :returns: the number opened.
        """
        with self._lock:
            pool, self._pool = self._pool, []
            for searcher in pool:
                if searcher.up_to_date():
                    self._pool.append(searcher)
                else:
                    searcher.close()
            missing = count - len(self._pool)
        opened = [self.ix.searcher() for _ in range(missing)]
        for searcher in opened:
            warm(searcher)
        with self._lock:
            self._pool.extend(opened)
        return len(opened)

    def pooled(self):
        """How many searchers wait in the pool (for tests and metrics)."""
        with self._lock:
            return len(self._pool)

    def today(self):
        return helsinki_today(self.clock())

    # -- writing ---------------------------------------------------------

    @property
    def position(self):
        """The highest transaction id of the change log applied to this
        index (None if unknown: the index must be rebuilt)."""
        return stamps(self.path)[1]

    def keep_position(self, position):
        """Record ``position`` beside the index (after its commit)."""
        temporary = self.path / (POSITION + '.new')
        temporary.write_text(position.hex())
        os.replace(temporary, self.path / POSITION)

    def keep_terms(self):
        """Write the terms of the words analysed so far beside the
        index (:mod:`kb.search.termfile`); a failure only costs the next
        start's first searches time, so it is logged, not raised."""
        try:
            termfile.write(self.path / TERMS, analysis.known_terms())
        except OSError as error:
            log.warning('could not keep the analysed words: %s', error)

    def recall_terms(self):
        """Take the words kept beside the index as analysed.

        :returns: their number.
        """
        known = termfile.read(self.path / TERMS)
        analysis.remember(known)
        return sum(map(len, known.values()))

    def apply(self, db, groups, position=None):
        """Write the current documents of ``groups``, then record
        ``position`` (if given) as applied."""
        if groups:
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
        if position is not None:
            self.keep_position(position)

    def rebuild(self, db, progress=None):
        """Replace the whole index with the database's documents.

        The new index is written in a folder of its own beside the live
        one, without the live index's writer lock: analysing 20,000
        cards takes minutes, and holding the lock meanwhile stopped every
        other writer (a second process starting then failed with
        ``LockError``); searches use the live index meanwhile. Then, for
        a moment under the live lock, the groups written to the live
        index during the build are written again from the newest state,
        and a rename puts the new folder in the live one's place.

        :returns: the number of groups.
        """
        remove_leftovers(self.path)
        build = self.path.with_name(f'{self.path.name}.build-{owner()}')
        before = _live_state(self.ix)
        build.mkdir()
        try:
            with own_root(db, commit=False) as root:
                groups = all_groups(root)
                ix = whoosh_index.create_in(build, self.schema)
                writer = ix.writer()
                try:
                    write_groups(writer, root, groups, self.today(),
                                 progress, empty=True)
                    writer.commit()
                except BaseException:
                    writer.cancel()
                    raise
            (build / STAMP).write_text(SCHEMA_VERSION)
            self._swap(db, ix, before)
        finally:
            shutil.rmtree(build, ignore_errors=True)
        return len(groups)

    def install(self, db, folder):
        """Put the index in ``folder`` (a copy of a search seed, with its
        position: :mod:`kb.search.seed`) in the live one's place, as a
        rebuild does.

        :raises Exception: whatever Whoosh raises if the copy cannot be
            searched (a partial or corrupt seed).
        """
        before = _live_state(self.ix)
        ix = whoosh_index.open_dir(folder)
        with ix.searcher() as searcher:
            searcher.doc_count_all()  # NB: opens every segment
        self._swap(db, ix, before)
        self.fresh = False

    def _swap(self, db, ix, before):
        """Catch the built index ``ix`` up with what was written to the
        live one since ``before`` and rename it into the live folder's
        place, holding the live writer lock."""
        lock = self.ix.lock('WRITELOCK')
        if not try_for(lock.acquire, timeout=WRITER_TIMEOUT, delay=0.1):
            raise whoosh_index.LockError('the live index stays locked')
        trash = self.path.with_name(f'{self.path.name}.old-{owner()}')
        try:
            changed = _changed_groups(self.ix, before)
            # NB: a generation above the live one, so that every
            # process's searchers see they are out of date
            toc = ix._read_toc()
            toc.generation = 1 + max(self.ix.latest_generation(),
                                     ix.latest_generation())
            toc.write(ix.storage, ix.indexname)
            if changed:
                writer = ix.writer()
                with own_root(db, commit=False) as root:
                    write_groups(writer, root, changed, self.today())
                writer.commit()
            os.rename(self.path, trash)
            os.rename(ix.storage.folder, self.path)
        finally:
            lock.release()
        shutil.rmtree(trash, ignore_errors=True)
        self.ix = whoosh_index.open_dir(self.path)

    def renew(self, db, progress=None):
        """Rebuild the index and record the log position it was rebuilt
        from (read before, so that nothing committed meanwhile is
        skipped; applying it again is harmless).

        :returns: the number of groups written.
        """
        position = changelog.newest(db)
        count = self.rebuild(db, progress)
        self.keep_position(position)
        self.keep_terms()
        # NB: a position file left from before a schema change is replaced
        self.fresh = False
        return count

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


def write_groups(writer, root, groups, today, progress=None, empty=False):
    """Replace the documents of ``groups`` by those ``root`` holds now
    (``empty``: the index has none to delete; Whoosh opens a searcher for
    each deletion); ``progress(number, total)`` after each group."""
    for number, group in enumerate(groups, 1):
        if not empty:
            writer.delete_by_term('group', group)
        for doc in group_documents(root, group, today):
            writer.add_document(**doc)
        if progress is not None:
            progress(number, len(groups))


def stamps(folder):
    """``(schema version, log position)`` of the index (or search seed)
    in ``folder``, None for what is missing or unreadable."""
    try:
        schema = Path(folder, STAMP).read_text()
    except OSError:
        schema = None
    try:
        position = bytes.fromhex(Path(folder, POSITION).read_text())
    except (OSError, ValueError):
        position = None
    return schema, position


def owner():
    """This process, as build folders name it: host and process id."""
    return f'{socket.gethostname()}-{os.getpid()}'


def remove_leftovers(path, kinds=('build', 'old', 'seed', 'snap')):
    """Remove the folders named ``path.KIND-HOST-PID`` (of ``kinds``)
    that a process of this host (a rebuild, a seeding, a snapshot) left
    behind when it died."""
    host = socket.gethostname()
    for folder in path.parent.glob(f'{path.name}.*-{host}-*'):
        kind, _, pid = folder.name[len(path.name) + 1:].rpartition('-')
        if kind.partition('-')[0] in kinds and not (
            _running(int(pid))
        ):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


def _live_state(ix):
    """The live index's segment ids and indexed groups."""
    with ix.searcher() as searcher:
        segments = {segment_key(sub.reader())
                    for sub, _ in searcher.leaf_searchers()}
        groups = {fields['group'] for fields in searcher.all_stored_fields()}
    return segments, groups


def _changed_groups(ix, before):
    """Groups written to ``ix`` since :func:`_live_state` gave
    ``before``: those of its new segments' documents, and those that
    appeared or disappeared."""
    segments, groups = before
    with ix.searcher() as searcher:
        now = set()
        changed = set()
        for sub, _ in searcher.leaf_searchers():
            new = segment_key(sub.reader()) not in segments
            for fields in sub.all_stored_fields():
                now.add(fields['group'])
                if new:
                    changed.add(fields['group'])
    return sorted(changed | (groups ^ now))
