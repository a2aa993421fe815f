"""Everyday words: one-way expansions of what customers and advisors
say (``sotu``, ``kelan rahat``, ``socialen``) to the words the cards use
(``henkilötunnus``, ``etuus``, ``socialbyrån``).

The shipped vocabulary (``kb/data/everyday_vocabulary.csv``) is the
base; rows learned from use come on top. A query containing the everyday
word, or the everyday phrase as consecutive query words, also finds the
official term (all of its words) or a card itself; a query for the
official term never finds the everyday word's cards through it (*liitto*
may mean an unemployment fund, but not the reverse).

Both sides are analysed (:mod:`kb.search.analysis`): two words match
when they share a base form, so inflected forms of either side match
(``vuokrarahoja`` ~ ``vuokrarahat``, ``sotun`` ~ ``sotu``).
"""
from dataclasses import dataclass
import functools

from kb import refdata
from kb.search.analysis import query_words, word_terms

VOCABULARY = 'everyday_vocabulary.csv'
#: A target that is a card itself, not words: ``card:<card id>``.
CARD = 'card:'


@dataclass(frozen=True)
class Rule:
    """One expansion: the everyday phrase as a term set per word, and
    what it also finds: official words (a tuple) or a card id (a str)."""

    phrase: tuple
    target: object


def phrase_terms(text, lang):
    """The words of ``text`` as term sets (surface and base forms)."""
    return tuple(word_terms(word, lang).exact
                 for word in query_words(text, lang))


def rule(lang, everyday, target):
    """The :class:`Rule` of a row, or None if a side has no words."""
    phrase = phrase_terms(everyday, lang)
    if target.startswith(CARD):
        found = target[len(CARD):].strip() or None
    else:
        found = tuple(query_words(target, lang)) or None
    return Rule(phrase, found) if phrase and found else None


class Expansions:
    """The rules by language and by each term of their first word.

    :param base: another table's ``first``, copied (rules on top).
    """

    def __init__(self, rules=(), base=None):
        self.first = {key: list(found)
                      for key, found in (base or {}).items()}
        for lang, found in rules:  # (lang, term) → [Rule, ...]
            for term in found.phrase[0]:
                self.first.setdefault((lang, term), []).append(found)

    @classmethod
    def of_rows(cls, rows):
        """From ``(lang, everyday, target)`` rows."""
        return cls(_analysed(rows))

    def plus(self, rows):
        """These expansions and those of ``rows`` (learned on top)."""
        return Expansions(_analysed(rows), self.first)

    def spans(self, tokens, lang):
        """``[(start, end, [target, ...]), ...]``: the query words
        ``tokens[start:end]`` that an everyday phrase covers, with what
        it also finds; the longest phrase from the left wins, spans do
        not overlap."""
        found, start = [], 0
        exact = [word_terms(token, lang).exact for token in tokens]
        while start < len(tokens):
            by_length = {}
            for term in exact[start]:
                for candidate in self.first.get((lang, term), ()):
                    end = start + len(candidate.phrase)
                    if end <= len(tokens) and all(
                            not terms.isdisjoint(exact[start + i])
                            for i, terms in enumerate(candidate.phrase)):
                        targets = by_length.setdefault(end, [])
                        if candidate.target not in targets:
                            targets.append(candidate.target)
            if by_length:
                end = max(by_length)
                found.append((start, end, by_length[end]))
                start = end
            else:
                start += 1
        return found


def _analysed(rows):
    for lang, everyday, target in rows:
        found = rule(lang, everyday, target)
        if found is not None:
            yield lang, found


@functools.lru_cache(maxsize=1)
def shipped():
    """The shipped vocabulary's :class:`Expansions` (analysed once per
    process)."""
    return Expansions.of_rows(
        (row['lang'], row['everyday'], row['official'])
        for row in refdata.read_csv(VOCABULARY))


def expansions(learned=None):
    """The shipped expansions with the rows of ``learned`` (an object
    with ``rows()`` giving ``(lang, everyday, target)``) on top."""
    if learned is None:
        return shipped()
    return shipped().plus(learned.rows())
