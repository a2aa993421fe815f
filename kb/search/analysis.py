"""Language analysis for search: words → index terms.

Finnish: Voikko (``pyvoikko``, its FST run by ``kfst-rs``, or by pure
Python ``kfst`` if that is missing) gives base forms, compound parts and
verb derivations; unknown words fall back to ``simplemma``.
Swedish: ``simplemma`` lemmas, Snowball stems, and compound parts found
against simplemma's Swedish vocabulary. Northern Sámi: ``simplemma``
lemmas; Inari and Skolt Sámi: surface forms; every Sámi form is also
folded (á→a, č→c, đ→d, ŋ→n, š→s, ŧ→t, ž→z, ...) so that text typed
without diacritics finds it. Analyses are cached (Voikko takes ~0.2 ms
a word, ~4 ms in pure Python); a knowledge base's vocabulary is bounded.

Each word gives (:class:`WordTerms`) its ``exact`` terms (surface form
and base forms, what a query matches first), its compound ``parts`` (a
term set per part) and ``derived`` words (``ilmoitus`` → ``ilmoittaa``).
All are indexed; a query uses parts and derivations only as a fallback,
because expanding every query word into its parts ranks worse and is
slow.
"""
from dataclasses import dataclass
import functools
import re

import pyvoikko
import simplemma
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
from whoosh.lang import stemmer_for_language

WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
SAMI = ('se', 'smn', 'sms')
SAMI_FOLD = str.maketrans({
    'á': 'a', 'â': 'a', 'č': 'c', 'đ': 'd', 'ŋ': 'n', 'š': 's', 'ŧ': 't',
    'ž': 'z', 'ǩ': 'k', 'ǧ': 'g', 'ǥ': 'g', 'ʒ': 'z', 'ǯ': 'z', 'õ': 'o',
    'ʹ': None, 'ˈ': None,
})
STOPWORDS = {
    'fi': frozenset(
        'ja tai on ei se ne että kun jos niin myös sekä eli vain voi '
        'olla ovat oli mutta kuin mikä mitä joka jotka sen sitä hän '
        'minä mä mun sinä miten missä mistä mihin onko'.split()),
    'sv': frozenset(
        'och i att det som en ett på är för av med till den de har inte '
        'om eller kan man du jag hur var vad'.split()),
    'se': frozenset('ja dahje lea leat ii go ahte'.split()),
    'en': frozenset('the a an and or of to in for is are how what'.split()),
}
MIN_PART = 3
CACHE = 200_000


@dataclass(frozen=True)
class WordTerms:
    """The terms of one word."""

    exact: frozenset
    parts: tuple = ()
    derived: frozenset = frozenset()

    @functools.cached_property
    def all(self):
        return self.exact.union(self.derived, *self.parts)


def fold(text):
    """Fold Sámi letters to their base letters (ä, ö, å are kept)."""
    return text.translate(SAMI_FOLD)


def joined(word):
    """A hyphenated compound written as one word (``id-kort`` →
    ``idkort``), as the index also has it."""
    return word.replace('-', '')


def words(text):
    """The words of ``text``, lower-cased, with their offsets."""
    for match in WORD_RE.finditer(text or ''):
        yield match.group().lower(), match.start(), match.end()


def _voikko(word):
    """Voikko's analyses as plain data: ``[(base, class, fst, [(part
    base, part fst), ...]), ...]``.

    NB: pyvoikko's analysis objects share state with the analyser, so a
    nested call changes the parts of an earlier result; copy first.
    """
    return [
        ((a.BASEFORM or '').lower(), a.CLASS, a.FSTOUTPUT or '',
         [((p.BASEFORM or '').lower(), p.FSTOUTPUT or '')
          for p in a.COMPOUND_PARTS or ()])
        for a in pyvoikko.analyse(word)
    ]


@functools.lru_cache(maxsize=CACHE)
def finnish(word):
    terms = {word}
    derived = set()
    analyses = _voikko(word)
    for base, _class, fst, _compound in analyses:
        if base:
            terms.add(base)
        derived |= _derived(base, fst)
    parts = _compound_parts(analyses)
    if not analyses:
        terms |= _plausible_lemma(word)
        parts = _unknown_compound(word)
    return WordTerms(frozenset(terms), parts, frozenset(derived - terms))


def _compound_parts(analyses):
    """The compound parts of the analysis that splits a word best,
    whatever order Voikko lists its analyses in (the Rust and the Python
    FST back-ends differ): the fewest parts (``maksu`` + ``tieto``, not
    ``maksu`` + ``tie`` + ``tosi``), a noun (``kalenteri``, not
    ``kalenterinen``), no possessive suffix (``elämäntilanne`` → elämä +
    tilanne, not ``elämäntila`` + ``-nne``), the shortest parts
    (``palvelusta`` → palvelu, not palvelus), then alphabetical order.
    Analyses with the same parts add up their derivations."""
    splits = {}
    for _base, kind, fst, compound in analyses:
        compound = [(b, f) for b, f in compound if len(b) >= MIN_PART]
        if len(compound) < 2:
            continue
        bases = tuple(b for b, _ in compound)
        rank = (len(bases), kind != 'nimisana', '[O' in fst,
                sum(map(len, bases)), bases)
        known_rank, derived = splits.get(bases, (rank, [set()] * len(bases)))
        splits[bases] = (min(rank, known_rank),
                         [d | _derived(b, f)
                          for d, (b, f) in zip(derived, compound)])
    if not splits:
        return ()
    rank, derived = min(splits.values(), key=lambda split: split[0])
    return tuple(frozenset(d | {b}) for d, b in zip(derived, rank[-1]))


def _plausible_lemma(word):
    """simplemma's guess for a word Voikko does not know, if it looks
    like an inflection of it (``työkkäriin`` → ``työkkäri``), not a
    different word (``lapsilsää`` → ``lapsi``)."""
    lemma = simplemma.lemmatize(word, lang='fi').lower()
    if word.startswith(lemma[:-1]) and len(word) - len(lemma) <= 3:
        return {lemma}
    return set()


def _derived(base, fst):
    """Verbs a noun is derived from: ``ilmoitus`` → ``ilmoittaa`` (from
    Voikko's analysis), ``hakemus`` → ``hakea`` (an action noun in -mus
    whose verb Voikko knows; lexicalised nouns carry no derivation)."""
    verbs = {verb.lower()
             for verb in re.findall(r'\[Lt\]\[Xp\]([^\[]+)\[X\]', fst)}
    if base.endswith(('mus', 'mys')) and len(base) > 5:
        for ending in ('a', 'ä'):
            for verb, kind, _fst, _parts in _voikko(base[:-3] + ending):
                if kind == 'teonsana':
                    verbs.add(verb)
    verbs.discard(base)
    return verbs


def _unknown_compound(word):
    """Parts of a compound Voikko does not know, with a head it may not
    know either (slang, names): ``portsarikortti`` → portsari, kortti.
    The longest noun tail Voikko recognises wins."""
    for cut in range(MIN_PART + 1, len(word) - MIN_PART):
        head, tail = word[:cut], word[cut:]
        nouns = {base for base, kind, _fst, _parts in _voikko(tail)
                 if kind == 'nimisana' and base}
        if nouns:
            return (frozenset({head}), frozenset(nouns))
    return ()


#: simplemma's dictionaries, the ones its ``lemmatize`` loads (NB: a
#: factory of our own loaded the Swedish one a second time)
DICTIONARIES = DEFAULT_DICTIONARY_FACTORY
#: the languages whose simplemma dictionary the analysis uses
LEMMA_LANGS = ('fi', 'sv', 'se', 'en')


def _swedish_vocabulary():
    return DICTIONARIES.get_dictionary('sv')


def preload():
    """Load simplemma's dictionaries (seconds each, on first use) and
    run Voikko once, so that no search has to wait for them.

    :returns: language → number of words in its dictionary.
    """
    pyvoikko.analyse('hakemus')
    return {lang: len(DICTIONARIES.get_dictionary(lang))
            for lang in LEMMA_LANGS}


_swedish_stem = stemmer_for_language('sv')


@functools.lru_cache(maxsize=CACHE)
def swedish(word):
    lemma = simplemma.lemmatize(word, lang='sv').lower()
    terms = {word, lemma, _swedish_stem(word)}
    parts = ()
    if len(lemma) >= 2 * MIN_PART + 1:
        parts = tuple(frozenset({p}) for p in _swedish_parts(lemma))
    return WordTerms(frozenset(terms), parts)


def _swedish_parts(word):
    """Split a compound against the Swedish vocabulary: the longest
    known tail whose head is a known word (with or without a linking
    ``s`` or ``e``): ``körkortsansökan`` → ``körkort``, ``ansökan``."""
    vocabulary = _swedish_vocabulary()
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail not in vocabulary:
            continue
        linked = head[:-1] if head[-1] in 'se' else None
        for candidate in (head, linked):
            if candidate and len(candidate) >= MIN_PART and (
                candidate in vocabulary
            ):
                return (
                    simplemma.lemmatize(candidate, lang='sv').lower(),
                    simplemma.lemmatize(tail, lang='sv').lower(),
                )
    return ()


@functools.lru_cache(maxsize=CACHE)
def sami(word, lang):
    terms = {word}
    if lang == 'se':
        terms.add(simplemma.lemmatize(word, lang='se').lower())
    folded = {fold(term) for term in terms}
    return WordTerms(frozenset(terms | folded))


@functools.lru_cache(maxsize=CACHE)
def english(word):
    return WordTerms(
        frozenset({word, simplemma.lemmatize(word, lang='en').lower()}))


def word_terms(word, lang):
    """:class:`WordTerms` of a lower-cased ``word`` in ``lang``."""
    if '-' in word:
        return _hyphenated(word, lang)
    if lang == 'fi':
        return finnish(word)
    if lang == 'sv':
        return swedish(word)
    if lang in SAMI:
        return sami(word, lang)
    return english(word)


def _hyphenated(word, lang):
    """Terms of a hyphenated compound as the index has them (joined, and
    each part): its last part carries the inflection, so ``id-kortet``
    is also ``idkort``, the joined ``id-kort``; its parts are ``id`` and
    ``kort``."""
    parts = [part for part in word.split('-') if part]
    whole = word_terms(joined(word), lang)
    head = ''.join(parts[:-1])
    last = word_terms(parts[-1], lang) if parts else whole
    return WordTerms(
        whole.exact | {head + term for term in last.exact},
        tuple(word_terms(part, lang).exact for part in parts),
        whole.derived)


def query_words(text, lang):
    """The words of a query that carry meaning (stop words dropped,
    apostrophes left out; a hyphenated compound stays one word, see
    :func:`_hyphenated`)."""
    found = []
    for word, _, _ in words(text):
        if '-' in word or '’' in word or "'" in word:
            found.append(re.sub(r"['’]", '', word))
        elif word not in STOPWORDS.get(lang, ()):
            found.append(word)
    return found


#: (word, lang) → :func:`token_terms`; emptied when it holds CACHE
#: words (as the ``re`` module's cache), and kept beside a node's index
#: (:func:`known_terms`, :func:`remember`)
_TERMS = {}


def token_terms(word, lang):
    """The index terms of one lower-cased word of a text, in order:
    none for a stop word; a hyphenated word gives the joined word's
    terms, then each part's."""
    key = (word, lang)
    found = _TERMS.get(key)
    if found is None:
        found = _token_terms(word, lang)
        if len(_TERMS) >= CACHE:
            _TERMS.clear()
        _TERMS[key] = found
    return found


def known_terms():
    """``{lang: {word: [term, ...]}}``: the words :func:`token_terms`
    has analysed (those it still holds)."""
    known = {}
    for (word, lang), terms in list(_TERMS.items()):
        known.setdefault(lang, {})[word] = list(terms)
    return known


def remember(known):
    """Take the words of ``known`` (as :func:`known_terms` returns them)
    as analysed, up to CACHE words."""
    for lang, terms in known.items():
        for word, found in terms.items():
            if len(_TERMS) >= CACHE:
                return
            _TERMS.setdefault((word, lang), tuple(found))


def _token_terms(word, lang):
    if word in STOPWORDS.get(lang, ()):
        return ()
    pieces = [word]
    if '-' in word:
        pieces = [re.sub(r"[-'’]", '', word)] + [
            p for p in re.split(r"[-'’]", word) if p
        ]
    return tuple(term for piece in pieces
                 for term in sorted(word_terms(piece, lang).all))


def distinct_words(text):
    """The set of lower-cased words of ``text``."""
    return set(map(str.lower, set(WORD_RE.findall(text or ''))))


def index_terms(text, lang):
    """Every index term of ``text``: space-separated, in text order."""
    return ' '.join(term for word, _, _ in words(text)
                    for term in token_terms(word, lang))
