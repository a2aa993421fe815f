"""A node keeps its words' terms beside its index, so that a restarted
node's first searches do not analyse their results' words again."""
import json

from kb.search import analysis
from kb.search.index import TERMS
from kb.search.query import highlights

TEXT = 'Toimeentulotuen hakemuksen liitteet lähetetään Kelaan.'


def forget_every_word(monkeypatch):
    """The memo of a new process (restored after the test)."""
    monkeypatch.setattr(analysis, '_TERMS', {})
    analysis.finnish.cache_clear()


def test_remembered_words_are_not_analysed_again(monkeypatch):
    analysis.index_terms(TEXT, 'fi')
    known = analysis.known_terms()
    forget_every_word(monkeypatch)
    analysis.remember(known)
    highlights({'summary': TEXT}, ('summary',),
               {'summary': {'hakemus'}}, 'fi')
    assert analysis.finnish.cache_info().misses == 0
    assert analysis.token_terms('hakemuksen', 'fi') == tuple(
        known['fi']['hakemuksen'])


def test_the_memo_is_emptied_when_full(monkeypatch):
    forget_every_word(monkeypatch)
    monkeypatch.setattr(analysis, 'CACHE', 3)
    for word in ('yksi', 'kaksi', 'kolme', 'neljä'):
        analysis.token_terms(word, 'fi')
    assert list(analysis.known_terms()['fi']) == ['neljä']
    analysis.remember({'fi': {'a': ['a'], 'b': ['b'], 'c': ['c']}})
    assert len(analysis._TERMS) == 3


def test_a_rebuild_keeps_its_words_beside_the_index(app, db, published_card):
    published_card()
    index = app.registry.search_index
    index.renew(db)
    kept = json.loads((index.path / TERMS).read_text())['terms']
    assert 'lapsilisä' in kept['fi']  # the card's title


def test_a_restarted_node_takes_the_kept_words(app, db, published_card,
                                               monkeypatch):
    published_card()
    index = app.registry.search_index
    index.renew(db)
    forget_every_word(monkeypatch)
    assert index.recall_terms() > 0
    assert ('lapsilisä', 'fi') in analysis._TERMS


def test_an_unusable_terms_file_counts_as_empty(app, monkeypatch, caplog):
    index = app.registry.search_index
    (index.path / TERMS).write_text('{"version": ')
    forget_every_word(monkeypatch)
    assert index.recall_terms() == 0
    assert 'ignoring the term file' in caplog.text


def test_a_terms_file_that_cannot_be_written_is_only_logged(app, caplog):
    index = app.registry.search_index
    (index.path / TERMS).mkdir()  # NB: a folder in the file's place
    index.keep_terms()
    assert 'could not keep the analysed words' in caplog.text
