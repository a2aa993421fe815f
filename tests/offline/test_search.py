"""The offline search index's terms and weights."""


def test_a_term_has_the_weight_of_its_heaviest_field():
    from kb.offline.memo import TermMemo
    from kb.offline.search import FIELD_WEIGHTS, document_terms

    weights = [weight for _field, weight in FIELD_WEIGHTS]
    assert weights == sorted(weights, reverse=True)
    terms = document_terms({
        'description': 'Passin hakeminen. Lapsilisä.',
        'keywords': ['lapsilisä', 'passi'],
        'title': 'Passi',
        'advisor_instructions': 'Ohjaa verkkoon.',
    }, 'fi', TermMemo())
    assert terms['passi'] == 3  # title, keyword and description
    assert terms['passin'] == 1  # the inflected form only in the text
    assert terms['lapsilisä'] == 2
    assert terms['ohjata'] == 1
    assert 'ja' not in terms
