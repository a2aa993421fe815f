"""Searchers opened ahead: a thread's first search takes a warm one."""
import threading

import pytest

from kb.search.index import SearchIndex


@pytest.fixture
def index(tmp_path):
    index = SearchIndex(tmp_path / 'index')
    add_document(index)  # NB: an empty index's searchers are never current
    return index


def in_thread(function):
    found = []
    thread = threading.Thread(target=lambda: found.append(function()))
    thread.start()
    thread.join()
    return found[0]


def add_document(index):
    writer = index.ix.writer()
    writer.add_document(key='x', group='x')
    writer.commit()


def test_fill_opens_warmed_up_to_date_searchers(index):
    warmed = []
    assert index.fill(3, warmed.append) == 3
    assert index.pooled() == 3
    assert len({id(s) for s in warmed}) == 3
    assert all(s.up_to_date() for s in warmed)
    assert index.fill(3, warmed.append) == 0


def test_a_threads_first_search_takes_a_pooled_searcher(index):
    warmed = []
    index.fill(2, warmed.append)
    taken = in_thread(index.searcher)
    assert any(taken is s for s in warmed)
    assert index.pooled() == 1


def test_threads_never_share_a_searcher(index):
    index.fill(2, lambda searcher: None)
    barrier = threading.Barrier(3)

    def take():
        barrier.wait()
        return index.searcher()

    found = []
    threads = [threading.Thread(target=lambda: found.append(take()))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in found}) == 3  # the third opened its own
    assert index.pooled() == 0


def test_an_out_of_date_pooled_searcher_is_replaced(index):
    warmed = []
    index.fill(1, warmed.append)
    add_document(index)
    taken = in_thread(index.searcher)
    assert taken is not warmed[0] and taken.up_to_date()
    assert warmed[0].is_closed
    index.fill(1, warmed.append)
    add_document(index)
    assert index.fill(1, warmed.append) == 1
    assert warmed[1].is_closed and index.pooled() == 1


def test_a_released_searcher_goes_to_the_next_thread(index):
    searcher = index.searcher()
    index.release()
    assert index.pooled() == 1
    assert in_thread(index.searcher) is searcher


def test_a_searchers_view_goes_with_it_to_another_thread(index):
    searcher = index.searcher()
    view = index.postings.view(searcher)
    assert in_thread(lambda: index.postings.view(searcher)) is view


def test_a_thread_without_a_searcher_releases_nothing(index):
    index.release()
    assert index.pooled() == 0
