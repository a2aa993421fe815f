"""Highlights analyse a text's words as the index did."""
from kb.search import analysis
from kb.search.query import highlights

TEXT = 'Hae Kela-korttia ja e-laskua. Kelan asiakkaan tunnus.'


def test_a_hyphenated_word_is_marked_through_its_parts():
    found = highlights({'summary': TEXT}, ('summary',),
                       {'summary': {'lasku'}}, 'fi')
    assert '<mark>e-laskua</mark>' in found['summary']


def test_highlighting_analyses_no_word_the_indexing_did_not():
    text = 'Uusi Kanta-palvelu ja verokortti-asia.'
    analysis.index_terms(text, 'fi')  # as writing the document did
    before = analysis.finnish.cache_info().misses
    highlights({'summary': text}, ('summary',),
               {'summary': {'palvelu', 'asia'}}, 'fi')
    assert analysis.finnish.cache_info().misses == before
