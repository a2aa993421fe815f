"""Situation queries: a customer's description of their situation
("muutan ulkomaille", "lapsi syntyi", "flyttar till Sverige") names a
life event, whose services then rank above chance word matches.

The detection data are the situation words of each life event
(``kb/data/life_event_words.csv``: lang, words, life_event; the words
in base form, one word or a phrase) and the life events' own names
(``life_events.csv``). A row is found in a query when each of its words
is one of the query's words, in any order, compared by base forms and
derivations (``syntyi`` ~ ``syntyä`` ~ ``syntymä``; a compound of a row
by its own forms only). Of the life events
found, those whose rows cover the most query words are the query's.
"""
import functools

from kb import refdata
from kb.search.analysis import query_words, word_terms

WORDS = 'life_event_words.csv'
NAMES = ('fi', 'sv', 'se')


def _terms(word, lang):
    terms = word_terms(word, lang)
    return terms.exact | terms.derived


def _row_terms(word, lang):
    """A row word's terms: a compound's derivations are its last part's
    (``ulosotto`` → ``ottaa``), which would fire on that common word."""
    terms = word_terms(word, lang)
    return terms.exact if terms.parts else terms.exact | terms.derived


class Situations:
    """Detects life events in a query's words.

    :param rows: ``(lang, words, life event code)``.
    """

    def __init__(self, rows):
        self.events = []  # row number → (lang, life event, word count)
        self.by_term = {}  # (lang, term) → [(row number, position), ...]
        self.own_words = {}  # (lang, life event) → {term, ...}
        for lang, text, event in rows:
            phrase = [_row_terms(word, lang)
                      for word in query_words(text, lang)]
            if not phrase:
                continue
            number = len(self.events)
            self.events.append((event, len(phrase)))
            if len(phrase) == 1:
                self.own_words.setdefault((lang, event), set()).update(
                    phrase[0])
            for position, terms in enumerate(phrase):
                for term in terms:
                    self.by_term.setdefault((lang, term), []).append(
                        (number, position))

    def words(self, events, lang):
        """The terms of the one-word rows of ``events`` in ``lang``: a
        card whose text has them speaks of the situation."""
        return set().union(*(self.own_words.get((lang, event), ())
                             for event in events))

    def detect(self, tokens, lang):
        """The life events that ``tokens`` (a query's words) describe
        best: a sorted tuple, empty if none."""
        found = {}  # row number → {position: {token index, ...}}
        for index, token in enumerate(tokens):
            for term in _terms(token, lang):
                for number, position in self.by_term.get((lang, term), ()):
                    found.setdefault(number, {}).setdefault(
                        position, set()).add(index)
        covered = {}  # life event → {token index, ...}
        for number, positions in found.items():
            event, length = self.events[number]
            if len(positions) == length:
                covered.setdefault(event, set()).update(
                    *positions.values())
        if not covered:
            return ()
        most = max(map(len, covered.values()))
        return tuple(sorted(event for event, indexes in covered.items()
                            if len(indexes) == most))


def shipped_rows():
    """The situation words and the life events' names, as rows."""
    rows = [(row['lang'], row['words'], row['life_event'])
            for row in refdata.read_csv(WORDS)]
    for code, names in refdata.life_events().items():
        rows += [(lang, names[f'name_{lang}'], code) for lang in NAMES]
    return rows


@functools.lru_cache(maxsize=1)
def shipped():
    """The shipped :class:`Situations` (analysed once per process)."""
    return Situations(shipped_rows())
