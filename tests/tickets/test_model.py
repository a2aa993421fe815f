"""Counters merge concurrent increments instead of conflicting."""
import transaction


def test_concurrent_increments_both_count(tmp_path):
    """On a FileStorage, as in production (MappingStorage, used by
    ``memory://``, resolves no conflicts at all)."""
    import ZODB
    from ZODB.FileStorage import FileStorage

    from kb.tickets.model import Counter

    db = ZODB.DB(FileStorage(str(tmp_path / 'Data.fs')))
    setup = transaction.TransactionManager()
    conn = db.open(transaction_manager=setup)
    with setup:
        conn.root()['counter'] = Counter()
    conn.close()
    managers = [transaction.TransactionManager() for _ in range(2)]
    connections = [db.open(transaction_manager=tm) for tm in managers]
    for tm in managers:
        tm.begin()
    counters = [c.root()['counter'] for c in connections]
    counters[0].add(('n', 'kela'), 2)
    counters[1].add(('n', 'kela'), 3)
    counters[1].add(('n', 'vero'), 1)
    managers[0].commit()
    managers[1].commit()  # would raise ConflictError without resolution
    for c in connections:
        c.close()
    check = db.open()
    assert check.root()['counter'].data == {('n', 'kela'): 5,
                                            ('n', 'vero'): 1}
    check.close()
    db.close()


def test_counter_drops_zero_entries():
    from kb.tickets.model import Counter

    counter = Counter()
    counter.add('a', 2)
    counter.add('a', -2)
    assert counter.data == {}
    assert Counter()._p_resolveConflict(
        {'data': {'a': 1}}, {'data': {'a': 2}}, {'data': {}}) == {
        'data': {'a': 1}}


def test_concurrent_closes_merge_histograms_and_detail(tmp_path):
    """Two advisors of one point close tickets of one provider at the
    same moment: the histogram, its detail and the counts all merge."""
    import ZODB
    from ZODB.FileStorage import FileStorage

    from kb.tickets.model import LONG, Aggregates

    db = ZODB.DB(FileStorage(str(tmp_path / 'Data.fs')))
    setup = transaction.TransactionManager()
    conn = db.open(transaction_manager=setup)
    with setup:
        aggregates = conn.root()['aggregates'] = Aggregates()
        aggregates.duration(('kela', 'all', ''), 'closed', 61)
        aggregates.duration(('kela', 'card', 'c'), 'closed', LONG + 1)
        aggregates.count(('n', 'kela', 'neuvonta_lyhyt', 'c', '1.77'))
    conn.close()
    managers = [transaction.TransactionManager() for _ in range(2)]
    connections = [db.open(transaction_manager=tm) for tm in managers]
    for tm in managers:
        tm.begin()
    both = [c.root()['aggregates'] for c in connections]
    both[0].duration(('kela', 'all', ''), 'closed', 62)
    both[0].count(('n', 'kela', 'neuvonta_lyhyt', 'c', '1.77'))
    both[1].duration(('kela', 'all', ''), 'closed', 62)
    both[1].duration(('kela', 'all', ''), 'resolved', 65)
    both[1].count(('n', 'kela', 'neuvonta_lyhyt', 'c', '1.77'), 2)
    for aggregates, seconds in zip(both, (LONG + 5, LONG + 99)):
        aggregates.duration(('kela', 'card', 'c'), 'closed', seconds)
    managers[0].commit()
    managers[1].commit()  # would raise ConflictError without resolution
    for c in connections:
        c.close()
    check = db.open()
    found = check.root()['aggregates']
    histogram = found.durations[('kela', 'all', '')]
    assert {m: list(b) for m, b in histogram.bins.items()} == {
        'closed': [0, 3], 'resolved': [0, 1]}
    assert histogram.sums == {'closed': 61 + 62 + 62, 'resolved': 65}
    detail = found.detail[('kela', 'all', '', 1)]
    assert detail.counts('closed', 1) == [(61, 1), (62, 2)]
    assert detail.counts('resolved', 1) == [(65, 1)]
    # the last bin holds every longer duration, to the second
    last = found.detail[('kela', 'card', 'c', LONG // 60)]
    assert last.counts('closed', LONG // 60) == [
        (LONG + 1, 1), (LONG + 5, 1), (LONG + 99, 1)]
    assert list(found.durations[('kela', 'card', 'c')].bins['closed'])[
        -1] == 3
    assert dict(found.count_items('kela')) == {
        ('n', 'kela', 'neuvonta_lyhyt', 'c', '1.77'): 4}
    check.close()
    db.close()
