"""The offline search index: every card language as a document, and a
sorted vocabulary of the server analyser's terms (surface forms, base
forms, compound parts) with their postings.

The page's script (``offline-search.js``) matches each query word
against this vocabulary by prefix (see ``docs/intranet-export.md`` for
what that finds and what it misses), so the morphology is done here,
once, by :mod:`kb.search.analysis` (each distinct word of a field
once, through a :class:`~kb.offline.memo.TermMemo` that keeps each
word's terms between exports).
"""
import json

from kb.offline.memo import TermMemo
from kb.search.analysis import distinct_words

#: Card text field → weight of its terms (title and keywords weigh
#: most), heaviest first.
FIELD_WEIGHTS = (
    ('title', 3), ('keywords', 2), ('summary', 2), ('plain_summary', 2),
    ('description', 1), ('user_instructions', 1),
    ('advisor_instructions', 1),
)
#: The longest summary shown in a result, in characters.
SUMMARY_MAX = 200


def document_terms(texts, lang, memo):
    """Term → the highest weight of a field it occurs in: the weight of
    the first field (heaviest first) with a word that gives it; each
    distinct word is looked up once in ``memo``."""
    weights = {}
    seen = set()
    for field, weight in FIELD_WEIGHTS:
        value = texts.get(field)
        if isinstance(value, list):
            value = ' '.join(value)
        new = distinct_words(value) - seen
        seen |= new
        for word in new:
            for term in memo.terms(word, lang):
                weights.setdefault(term, weight)
    return weights


def build_index(cards, href, progress=None, memo=None):
    """The index of ``cards`` (:class:`~kb.offline.content.OfflineCard`).

    :param href: ``(card id, lang)`` → the page's path from the index.
    :param progress: called with (done, total) after each card.
    :param memo: a :class:`~kb.offline.memo.TermMemo` (default: one in
        memory).
    :returns: ``{"docs": [[href, lang, title, kind, provider, summary]],
        "terms": [[term, [doc * 4 + weight, ...]], ...]}``, terms sorted.
    """
    memo = memo or TermMemo()
    docs = []
    postings = {}
    for done, card in enumerate(cards, 1):
        for lang in card.languages:
            texts = card.texts[lang]
            number = len(docs)
            summary = texts.get('summary') or ''
            if len(summary) > SUMMARY_MAX:
                summary = summary[:SUMMARY_MAX - 1].rstrip() + '…'
            docs.append([href(card.id, lang), lang, texts.get('title', ''),
                         card.kind, card.provider, summary])
            for term, weight in document_terms(texts, lang, memo).items():
                postings.setdefault(term, []).append(number * 4 + weight)
        if progress:
            progress(done, len(cards))
    return {'docs': docs,
            'terms': [[term, postings[term]] for term in sorted(postings)]}


def as_script(index):
    """The index as a classic script (``file://`` pages cannot fetch a
    JSON file in Chromium, but may load a script); ``</`` is escaped so
    that no text can end a script element."""
    text = json.dumps(index, ensure_ascii=False, separators=(',', ':'))
    return 'window.KB_OFFLINE_INDEX = ' + text.replace('</', '<\\/') + ';\n'
