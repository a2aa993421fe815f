"""Language analysis: inflection, compounds, derivation, folding."""
import pytest


def terms(word, lang='fi'):
    from kb.search.analysis import word_terms

    return word_terms(word, lang)


@pytest.mark.parametrize('word, base', [
    ('asumistukea', 'asumistuki'),
    ('ajokorttiin', 'ajokortti'),
    ('verokortin', 'verokortti'),
    ('löytötavaroista', 'löytötavara'),
    ('hakeminen', 'hakea'),
])
def test_finnish_inflected_forms_give_base_forms(word, base):
    assert base in terms(word).exact


def test_finnish_compounds_give_their_parts_in_order():
    assert terms('kesätyöhakemus').parts == (
        frozenset({'kesä'}), frozenset({'työ'}),
        frozenset({'hakemus', 'hakea'}))
    assert terms('ajokorttiin').parts == (frozenset({'ajo'}),
                                          frozenset({'kortti'}))


def test_finnish_derivations_link_nouns_and_verbs():
    assert 'ilmoittaa' in terms('ilmoitus').derived
    assert 'hakea' in terms('hakemus').derived


def test_unknown_finnish_compound_splits_at_a_known_noun():
    assert terms('portsarikortti').parts == (frozenset({'portsari'}),
                                             frozenset({'kortti'}))
    assert terms('ajokotti').parts == ()  # "otti" is a verb: no split


def test_swedish_lemmas_and_compounds():
    assert 'körkort' in terms('körkortet', 'sv').exact
    assert terms('körkortsansökan', 'sv').parts == (
        frozenset({'körkort'}), frozenset({'ansökan'}))
    assert terms('skattekortet', 'sv').parts == (frozenset({'skatt'}),
                                                 frozenset({'kort'}))


def test_sami_lemmas_and_diacritic_folding():
    from kb.search.analysis import fold

    assert {'čáhci', 'cahci'} <= terms('čáhcái', 'se').exact
    assert 'assehas' in terms('áššehas', 'se').exact
    assert fold('áčđŋšŧž') == 'acdnstz'
    assert fold('äöå') == 'äöå'  # Finnish and Swedish letters stay


def test_query_words_keep_hyphenated_compounds_and_drop_stopwords():
    from kb.search.analysis import query_words

    assert query_words('Kela-kortti ja verokortin muutos', 'fi') == [
        'kela-kortti', 'verokortin', 'muutos']
    assert query_words('hur ändrar jag skattekortet', 'sv') == [
        'ändrar', 'skattekortet']


def test_an_inflected_hyphenated_word_has_the_index_terms_of_its_base():
    from kb.search.analysis import token_terms, word_terms

    terms = word_terms('id-kortet', 'sv')
    assert token_terms('id-kort', 'sv')[0] == 'idkort' in terms.exact
    assert terms.parts == (frozenset({'id'}), frozenset({'kort', 'kortet'}))
    assert 'kelakortti' in word_terms('kela-korttini', 'fi').exact


def test_index_terms_carry_surface_base_and_parts():
    from kb.search.analysis import index_terms

    indexed = index_terms('Passin hakeminen ja kela-kortti', 'fi').split()
    for term in ('passin', 'passi', 'hakea', 'kelakortti', 'kela',
                 'kortti'):
        assert term in indexed
    assert 'ja' not in indexed


def test_unknown_words_keep_only_plausible_lemmas():
    assert 'työkkäri' in terms('työkkäriin').exact
    assert terms('lapsilsää').exact == {'lapsilsää'}


def test_shipped_synonym_list_is_valid():
    from kb.search.synonyms import (
        UNSET,
        lookup,
        starter_groups,
        validate_groups,
    )

    groups = starter_groups()
    assert validate_groups([{'lang': lang, 'terms': list(terms)}
                            for lang, terms in groups], ()) == [
        (None, lang, terms, UNSET) for lang, terms in groups]
    table = lookup(groups)
    assert ['sairausvakuutuskortti'] in table['kelakortti']
    assert ['te-toimisto'] in table['työkkäri']
    assert ['skattekort'] in table['verokortti']


def test_token_terms_are_a_words_share_of_the_index_terms():
    from kb.search.analysis import distinct_words, index_terms, token_terms

    assert token_terms('ja', 'fi') == ()
    assert token_terms('kela-kortti', 'fi') == (
        token_terms('kelakortti', 'fi') + token_terms('kela', 'fi')
        + token_terms('kortti', 'fi'))
    text = 'Passin hakeminen ja kela-kortti, PASSIN'
    assert index_terms(text, 'fi') == ' '.join(
        term for word in ('passin', 'hakeminen', 'ja', 'kela-kortti',
                          'passin')
        for term in token_terms(word, 'fi'))
    assert distinct_words(text) == {'passin', 'hakeminen', 'ja',
                                    'kela-kortti'}
    assert distinct_words(None) == set()


@pytest.mark.parametrize('word, parts', [
    ('elämäntilanne', ('elämä', 'tilanne')),  # not elämäntila + -nne
    ('elämäntilanteesi', ('elämä', 'tilanne')),  # not tila + teesi
    ('maksutietosi', ('maksu', 'tieto')),  # not tie + tosi
    ('ajanvarauskalenterista', ('aika', 'varaus', 'kalenteri')),
    ('puhelinpalvelusta', ('puhelin', 'palvelu')),  # not palvelus
])
@pytest.mark.parametrize('order', [list, reversed])
def test_finnish_compound_parts_do_not_depend_on_voikko_order(
        monkeypatch, word, parts, order):
    """The Rust and the pure-Python FST list analyses in other orders."""
    from kb.search import analysis

    voikko = analysis._voikko
    monkeypatch.setattr(analysis, '_voikko',
                        lambda word: list(order(voikko(word))))
    found = analysis.finnish.__wrapped__(word).parts
    assert len(found) == len(parts)
    assert all(base in part for base, part in zip(parts, found))
    assert 'kerätä' in analysis.finnish.__wrapped__('pienkeräys').parts[1]
