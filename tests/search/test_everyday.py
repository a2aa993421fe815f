"""Everyday words and situations in search (:mod:`kb.search.everyday`,
:mod:`kb.search.situations`), on a small index of their own."""
from types import SimpleNamespace

import pytest

from kb.search.analysis import index_terms
from kb.search.everyday import Expansions
from kb.search.index import SearchIndex
from kb.search.query import Engine, Search, audience_for
from kb.search.scoring import Scorer
from kb.search.service import engine_for
from kb.search.situations import Situations

#: id, kind, life event, title, keywords (Finnish)
CARDS = [
    ('asumistuki', 'service', 'housing', 'Asumistuki', 'asumistukea'),
    ('vuokrarahat', 'service', 'housing', 'Vuokrarahat ja kulut', ''),
    ('henkilotunnus', 'service', 'moving-to-finland', 'Henkilötunnus', ''),
    ('sotu-kortti', 'service', 'local-services', 'Sotu muistilapussa', ''),
    ('etuudet', 'service', 'family', 'Etuudet', ''),
    ('veroilmoitus', 'service', 'taxation', 'Veroilmoitus', ''),
    ('esitaytetty', 'service', 'taxation', 'Esitäytetty veroilmoitus', ''),
    ('muuttopaketti', 'package', 'moving', 'Kaikki yhdellä kertaa', ''),
    ('osoite', 'service', 'moving', 'Osoitteenmuutos', ''),
    ('ulkomaat', 'service', 'travel', 'Asiointi muualta', ''),
    ('passi', 'service', 'travel', 'Matkustusasiakirja', ''),
]
VOCABULARY = [
    ('fi', 'vuokrarahat', 'asumistuki'),
    ('fi', 'sotu', 'henkilötunnus'),
    ('fi', 'kelan rahat', 'etuus'),
    ('fi', 'verolappu', 'esitäytetty veroilmoitus'),
]
#: a summary: a word shared by chance
SUMMARIES = {'ulkomaat': 'Asiointi ulkomailta.'}
PUBLIC = audience_for(None, '2099-01-01T00:00:00Z')


def indexed(path, cards, provider_of=lambda ref: 'kela'):
    """A search index at ``path`` of ``cards`` (as :data:`CARDS`)."""
    index = SearchIndex(path)
    writer = index.ix.writer()
    for ref, kind, event, title, keywords in cards:
        writer.add_document(
            key=f'card:{ref}:published:fi', group=f'card:{ref}', ref=ref,
            kind=kind, provider=provider_of(ref), variant='published',
            lang='fi',
            langs=['fi'], audience='public', life_event=event,
            text={'title': title, 'keywords': keywords},
            title=index_terms(title, 'fi'),
            keywords=index_terms(keywords, 'fi'),
            summary=index_terms(SUMMARIES.get(ref, ''), 'fi'))
    writer.commit()
    return index


@pytest.fixture(scope='module')
def index(tmp_path_factory):
    return indexed(tmp_path_factory.mktemp('index'), CARDS)


def found(engine, text):
    return [hit['id'] for hit in engine.search(Search(text),
                                               PUBLIC)['results']]


def exact(engine, text):
    """What the exact stage alone finds (a set: the later stages add
    chance matches of word parts when it finds less than three)."""
    searcher = engine.index.searcher()
    query = engine.build(searcher, Search(text), PUBLIC, 'exact')
    if query is None:
        return set()
    ids, _scores = Scorer(engine.index.postings.view(searcher)).collapsed(
        query)
    return {searcher.stored_fields(int(docnum))['ref'] for docnum in ids}


def everyday_engine(index, situations=()):
    return Engine(index, everyday=Expansions.of_rows(VOCABULARY),
                  situations=Situations(situations))


def test_an_everyday_word_finds_the_official_term_never_the_reverse(
        index):
    engine = everyday_engine(index)
    assert exact(Engine(index), 'vuokrarahoja') == {'vuokrarahat'}
    # inflected on both sides: the query, and the card's asumistukea
    assert exact(engine, 'vuokrarahoja') == {'vuokrarahat', 'asumistuki'}
    assert exact(engine, 'asumistuesta') == {'asumistuki'}


def test_a_word_an_expansion_covers_still_matches_by_itself(index):
    assert exact(everyday_engine(index), 'sotun') == {
        'henkilotunnus', 'sotu-kortti'}


def test_an_everyday_phrase_needs_consecutive_query_words(index):
    engine = everyday_engine(index)
    assert exact(engine, 'kelan rahat') == {'etuudet'}
    assert found(engine, 'kelan rahat')[0] == 'etuudet'
    assert 'etuudet' not in found(engine, 'rahat kelan')


def test_a_multiword_official_term_needs_all_its_words(index):
    assert exact(everyday_engine(index), 'verolappu') == {'esitaytetty'}


def test_learned_words_come_on_top_and_may_name_a_card(index):
    """The seam for learning from use: rows of official words or of a
    card itself, cached per version of the synonyms and learned rows."""
    registry = SimpleNamespace(search_index=index)
    synonyms = SimpleNamespace(version=1, groups=(
        ('fi', ('matkapassi', 'matkustusasiakirja')),))
    learned = SimpleNamespace(version=1, rows=lambda: [
        ('fi', 'kotiosoite', 'card:osoite'),
        ('fi', 'matkapaperit', 'matkustusasiakirja')])
    engine = engine_for(registry, synonyms, learned)
    assert exact(engine, 'kotiosoitteen') == {'osoite'}
    assert exact(engine, 'matkapapereita') == {'passi'}
    # the editors' synonyms on top, the shipped vocabulary beneath
    assert exact(engine, 'matkapassi') == {'passi'}
    assert 'henkilotunnus' in exact(engine, 'sotu')
    assert engine_for(registry, synonyms, learned).everyday is \
        engine.everyday
    learned.version, learned.rows = 2, lambda: []
    assert exact(engine_for(registry, synonyms, learned),
                 'kotiosoitteen') == set()


def test_a_situation_ranks_its_life_events_services_first(index):
    plain = found(Engine(index), 'muutan ulkomaille')
    assert plain == ['ulkomaat']  # a chance word match
    engine = everyday_engine(index, [('fi', 'muuttaa', 'moving'),
                                     ('fi', 'ulkomaat', 'travel'),
                                     ('fi', 'muuttaa ulkomaat', 'moving')])
    assert found(engine, 'muutan ulkomaille') == [
        'muuttopaketti', 'osoite', 'ulkomaat']
    # the life events whose rows cover the most query words
    assert engine.situations.detect(['muutan', 'ulkomaille'], 'fi') == (
        'moving',)
    assert engine.situations.detect(['ulkomaille'], 'fi') == ('travel',)


def test_a_situations_services_join_enough_exact_word_matches(tmp_path):
    cards = [('alennus', 'service', 'local-services',
              'Alennus opiskelijalle', ''),
             ('tuki', 'service', 'housing', 'Opiskelijan tuki', ''),
             ('tietoa', 'service', 'local-services',
              'Tietoa opiskelijoille', ''),
             ('lomakkeet', 'service', 'studies', 'Lomakkeet', '')]
    engine = everyday_engine(indexed(tmp_path, cards),
                             [('fi', 'opiskelija', 'studies')])
    # three cards have the word: the exact stage ends on them, and the
    # life event's service without the word is found all the same
    assert found(engine, 'opiskelija')[0] == 'lomakkeet'
    assert set(found(engine, 'opiskelija')) == {
        'alennus', 'tuki', 'tietoa', 'lomakkeet'}


def test_the_services_that_speak_of_the_situation_come_first(tmp_path):
    cards = [('lomakkeet', 'service', 'studies', 'Lomakkeet', ''),
             ('neuvonta', 'service', 'studies', 'Neuvonta', 'opintotuki'),
             ('passi', 'service', 'travel', 'Passi', 'opintotuki')]
    rows = [('fi', 'opiskella', 'studies'),
            ('fi', 'opintotuki', 'studies')]
    engine = everyday_engine(indexed(tmp_path, cards), rows)
    assert engine.situations.words(['studies'], 'fi') >= {
        'opiskella', 'opintotuki'}
    # both lifted alike by the situation; the one whose text has the
    # life event's own words first, though later in the index
    assert found(engine, 'aloitan opiskelun')[:2] == [
        'neuvonta', 'lomakkeet']


def test_services_a_situation_joins_tie_after_the_best_cards_provider(
        tmp_path):
    cards = [('a1', 'service', 'local-services', 'Opiskelija alennus', ''),
             ('a2', 'service', 'local-services', 'Opiskelijan kortti', ''),
             ('a3', 'service', 'local-services', 'Tietoa opiskelijoille', ''),
             ('x', 'service', 'studies', 'Lomakkeet', ''),
             ('y', 'service', 'studies', 'Neuvonta', ''),
             ('pk', 'package', 'studies', 'Kaikki kerralla', '')]
    index = indexed(tmp_path, cards,
                    lambda ref: 'kela' if ref in ('y', 'pk') else 'tre')
    engine = everyday_engine(index, [('fi', 'opiskelija', 'studies')])
    # the exact stage ends on a1-a3; the package is the best card
    assert found(engine, 'opiskelija')[:3] == ['pk', 'y', 'x']
    # as-you-type titles are for the words typed
    assert {hit['id'] for hit in engine.suggest(
        'opiskelija', 'fi', PUBLIC)} == {'a1', 'a2', 'a3'}


def test_the_life_events_own_words_are_not_highlighted(tmp_path):
    cards = [('neuvonta', 'service', 'studies', 'Neuvonta', 'opintotuki'),
             ('passi', 'service', 'travel', 'Opiskelun aloitus ulkomailla',
              'opintotuki')]
    engine = everyday_engine(indexed(tmp_path, cards),
                             [('fi', 'opiskella', 'studies'),
                              ('fi', 'opintotuki', 'studies')])
    results = {hit['id']: str(hit['highlights']) for hit in engine.search(
        Search('aloitan opiskelun'), PUBLIC)['results']}
    assert set(results) == {'neuvonta', 'passi'}
    # what the query said is marked, not the words the search added
    assert 'opintotuki' not in results['neuvonta'] + results['passi']
    assert '<mark>Opiskelun</mark>' in results['passi']


def test_a_compound_row_is_not_found_through_its_last_parts_verb():
    situations = Situations([('fi', 'ulosotto', 'livelihood'),
                             ('fi', 'syntymä', 'family')])
    assert situations.detect(['otan', 'yhteyttä'], 'fi') == ()
    assert situations.detect(['ulosotossa'], 'fi') == ('livelihood',)
    # a simple word's derivation still counts
    assert situations.detect(['lapsi', 'syntyi'], 'fi') == ('family',)


def test_services_a_situation_ties_come_from_the_best_cards_provider(
        tmp_path):
    cards = [('neuvonta', 'service', 'family', 'Neuvonta', 'lapsilisä'),
             ('nimi', 'service', 'family', 'Nimen ilmoittaminen', ''),
             ('lomakkeet', 'service', 'family', 'Lomakkeet', '')]
    index = indexed(tmp_path, cards,
                    lambda ref: 'dvv' if ref == 'nimi' else 'kela')
    engine = everyday_engine(index, [('fi', 'vauva', 'family')])
    # without the words' provider, in document order: nimi first
    assert found(engine, 'vauva lapsilisä') == [
        'neuvonta', 'lomakkeet', 'nimi']


def test_rows_without_words_are_left_out():
    """A phrase of stop words only, or a card target without an id,
    would match every query or nothing."""
    assert Expansions.of_rows([('fi', 'ja', 'etuus'),
                               ('fi', 'sotu', 'card: '),
                               ('fi', 'sotu', 'ja')]).first == {}
    assert Situations([('fi', 'ja tai', 'moving')]).events == []
