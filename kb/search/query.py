"""Running a search: audiences, staged matching, facets, highlights.

A query is matched in stages, stopping at the first that finds enough:

1. ``exact``: every query word (as its surface and base forms, a
   synonym, or, for the last word typed, a prefix) must match;
2. ``relaxed``: any word may match, and compound words also match
   through their parts (``passihakemus`` → passi, hakemus, hakea);
3. ``fuzzy``: words of five letters or more also match within an edit
   distance of 1 (2 from eight letters).

In every stage a word may also stand for the editors' synonyms, and an
everyday word or phrase (:mod:`kb.search.everyday`) also for the
official term or card it names; a query that describes a situation
(:mod:`kb.search.situations`) also finds the services of that life
event, ranked above chance word matches, its service packages first.

The query is analysed in every language; the caller's language weighs
more, and a card without text in that language is still found through
its other languages and shown with the language that matched.
"""
from dataclasses import dataclass, field
import html
import re

import numpy as np
from whoosh import query as q

from kb import security
from kb.search.analysis import (
    SAMI,
    fold,
    joined,
    query_words,
    token_terms,
    word_terms,
    words,
)
from kb.search.documents import INTRANET_FIELDS, PUBLIC_FIELDS, WEIGHTS
from kb.search.everyday import Expansions
from kb.search.postings import EMPTY_IDS
from kb.search.scoring import K1, Scorer, Unmarked, union
from kb.search.situations import Situations

LANGS = ('fi', 'sv', 'se', 'smn', 'sms', 'en')
MIN_HITS = 3
OWN_LANGUAGE_BOOST = 2.0
PREFIX_MIN = 3
FUZZY_MIN = 5
SNIPPET_WORDS = 24
#: Scores equal to this many decimals are a tie.
TIE_DIGITS = 9
FACETS = ('provider', 'kind', 'channel', 'life_event', 'lang')
EXPANDED_FIELDS = ('title', 'keywords', 'summary')
#: Where suggestions are matched...
SUGGESTED_FIELDS = ('title', 'keywords')
#: ... and kept if they score at least this share of the best (chance
#: matches of a word's parts score far lower).
SUGGESTED_SHARE = 0.25
#: Edited cards have Finnish text, so a query is matched in the caller's
#: language and in Finnish: a card without the caller's language is
#: still found, shown in Finnish. When that finds nothing, the query is
#: matched in every language (an imported card may lack Finnish; a
#: reader may type a word of another language).
FALLBACK_LANGUAGE = 'fi'
#: A card named by an everyday word (``card:<id>``) scores as a keyword
#: of average length matching once; its ``ref`` term scores 1 × idf.
CARD_BOOST = WEIGHTS['keywords'] * (1 + K1) / (WEIGHTS['keywords'] + K1)
#: The score of a service of the life event a query describes, and the
#: extra of that life event's service packages: about a word's match in
#: a title of the demo's index, so that the life event's services come
#: before cards that only share a word with the query (8, 16 and 32
#: measure alike, docs/search.md).
SITUATION_SCORE = 8.0
PACKAGE_SCORE = 4.0
#: The weight of the life event's own words (its one-word rows:
#: *opintotuki*, *opiskelija*) in its services' titles, keywords and
#: summaries: well under a query word's match, it orders the services
#: the situation lifts alike, those that speak of the situation first,
#: whatever their provider.
EVENT_WORDS_BOOST = 0.02
#: The pseudo-stage that builds only the situation's services.
SITUATION = 'situation'


@dataclass
class Audience:
    """Who searches: which documents and fields they may match.

    ``scopes`` is a list of (filter query, fields); a document matches
    through the first scope whose filter admits it.
    """

    name: str
    scopes: list
    point: str = None
    #: Cards ranked after the others (those the point does not offer
    #: today).
    later: frozenset = frozenset()


def audience_for(user, now_iso, point=None):
    """The audience of a user (None: the public); an advisor searches for
    ``point``, the service point of their service events (default: their
    home point)."""
    public = (q.Term('audience', 'public'), PUBLIC_FIELDS)
    audience = security.search_audience(user)
    if audience == 'public':
        return Audience('public', [_in_force(public, now_iso, None)])
    if audience == 'advisor':
        return point_audience(point or user.point, now_iso)
    staff = (q.Term('audience', 'advisor'), INTRANET_FIELDS)
    if audience == 'central':
        working = (q.Term('variant', 'working'), INTRANET_FIELDS)
        return Audience('editor', [_in_force(staff, now_iso, None),
                                   working])
    own = (q.Term('provider', user.provider), INTRANET_FIELDS)
    return Audience('editor', [own, _in_force(public, now_iso, None)])


def point_audience(point, now_iso):
    """What the advisors of ``point`` may find (its manager's list of
    the point's cards, whoever keeps it)."""
    staff = (q.Term('audience', 'advisor'), INTRANET_FIELDS)
    return Audience('advisor', [_in_force(staff, now_iso, point)], point)


def _in_force(scope, now_iso, point):
    """Restrict a scope's notices to those in force (and to the point)."""
    admitted, fields = scope
    notice = [q.Term('variant', 'notice'),
              q.TermRange('valid_from', None, now_iso),
              q.TermRange('valid_until', now_iso, None, startexcl=True)]
    if point:
        notice.append(q.Or([q.Term('point', '*'), q.Term('point', point)]))
    else:
        notice.append(q.Term('point', '*'))
    in_force = q.Or([q.Not(q.Term('variant', 'notice')), q.And(notice)])
    return q.And([admitted, in_force]), fields


@dataclass
class Search:
    """One search request."""

    text: str
    lang: str = 'fi'
    filters: dict = field(default_factory=dict)
    limit: int = 10
    offset: int = 0
    typing: bool = False  # the last word may be incomplete


class Engine:
    """Builds and runs queries against a :class:`SearchIndex`.

    :param synonyms: ``word → list of alternative word lists``.
    :param everyday: the everyday words' :class:`Expansions`.
    :param situations: the :class:`Situations` that name life events.
    """

    def __init__(self, index, synonyms=None, everyday=None,
                 situations=None):
        self.index = index
        self.synonyms = synonyms or {}
        self.everyday = everyday or Expansions()
        self.situations = situations or Situations(())
        self.vocabulary = index.vocabulary

    # -- building ----------------------------------------------------

    def _alternatives(self, word, lang, stage):
        """Term sets that may stand for ``word``: each alternative is a
        list of term sets, all of which must match (a synonym may be
        several words)."""
        terms = word_terms(word, lang)
        own = set(terms.exact)
        if lang in SAMI:
            own.add(fold(joined(word)))
        alternatives = [[own]]
        if stage != 'exact':
            if terms.derived:
                alternatives.append([set(terms.derived)])
            if terms.parts:
                alternatives.append([set(part) for part in terms.parts])
        if stage == 'fuzzy':
            alternatives += [[set(part)] for part in terms.parts]
        for synonym in self._synonyms_of(word, terms):
            alternatives.append([
                set(word_terms(part, lang).exact) for part in synonym
            ])
        return alternatives

    def _synonyms_of(self, word, terms):
        found = []
        for key in {joined(word)} | set(terms.exact):
            found.extend(self.synonyms.get(key, ()))
        return found

    def _expansions(self, searcher, word, lang, stage, last):
        """Index terms a word may be the beginning of, or a typo of."""
        typed = fold(joined(word)) if lang in SAMI else joined(word)
        found = set()
        if (last or stage == 'fuzzy') and len(typed) >= PREFIX_MIN:
            found.update(self.vocabulary.prefixed(searcher, typed))
        if stage == 'fuzzy' and len(typed) >= FUZZY_MIN:
            distance = 2 if len(typed) >= 8 else 1
            found.update(self.vocabulary.similar(searcher, typed, distance))
        return found

    def _terms(self, searcher, fields, terms, boost=1.0, kind=q.Or):
        """Any of ``terms`` in any of ``fields`` (only those that exist),
        as a ``kind`` (:class:`Unmarked`: not highlighted), or None."""
        found = [q.Term(name, term) for name in fields for term in sorted(
            self.vocabulary.existing(searcher, name, set(terms)))]
        return kind(found, boost=boost) if found else None

    def _word_query(self, searcher, word, lang, fields, stage, last):
        """The query for one word, or None if nothing could match it."""
        options = []
        for alternative in self._alternatives(word, lang, stage):
            parts = [self._terms(searcher, fields, termset)
                     for termset in alternative]
            if parts and all(parts):
                options.append(q.And(parts) if len(parts) > 1 else parts[0])
        expanded = self._expansions(searcher, word, lang, stage, last)
        if expanded:
            # NB: expansions can be dozens of terms; in every field they
            # made a query walk most of the index
            narrow = [name for name in fields if name in EXPANDED_FIELDS]
            options.append(self._terms(searcher, narrow, expanded, 0.5))
        options = [option for option in options if option is not None]
        return q.Or(options) if options else None

    def build(self, searcher, search, audience, stage, languages=None):
        """The Whoosh query for one stage, or None if nothing to find.

        :param languages: where the query is matched; by default the
            caller's language and Finnish.
        """
        if languages is None:
            languages = {search.lang, FALLBACK_LANGUAGE}
        present = self.vocabulary.languages(searcher) & languages
        by_fields = {}  # NB: scopes often share their fields
        per_scope = []
        for admitted, fields in audience.scopes:
            if fields not in by_fields:
                by_fields[fields] = [
                    query for query in (
                        self._language_query(searcher, search, lang, fields,
                                             stage)
                        for lang in LANGS if lang in present)
                    if query is not None]
            if by_fields[fields]:
                per_scope.append(q.And([_constant(admitted),
                                        q.Or(by_fields[fields])]))
        return q.Or(per_scope) if per_scope else None

    def _language_query(self, searcher, search, lang, fields, stage):
        """The query text matched in one language (in the ``SITUATION``
        stage only the services of the life events it describes), or
        None."""
        tokens = query_words(search.text, lang)
        # NB: the exact stage matches the words alone, so that it ends
        # only on enough word matches; the life event's services join
        # its results afterwards (_situation_joined)
        situation = None if stage == 'exact' else self._situation_query(
            searcher, tokens, lang, fields)
        if stage == SITUATION:
            joined = situation
        else:
            joined = self._words_query(searcher, search, tokens, lang,
                                       fields, stage)
            if situation is not None:
                joined = situation if joined is None else q.Or(
                    [joined, situation])
        if joined is None:
            return None
        boost = OWN_LANGUAGE_BOOST if lang == search.lang else 1.0
        return q.And([_constant(q.Term('lang', lang)), joined], boost=boost)

    def _words_query(self, searcher, search, tokens, lang, fields, stage):
        """The query words matched in one language and stage, or None."""
        parts = [
            self._word_query(searcher, word, lang, fields, stage,
                             search.typing and i == len(tokens) - 1)
            for i, word in enumerate(tokens)
        ]
        for start, end, targets in reversed(
                self.everyday.spans(tokens, lang)):
            # NB: words an everyday phrase covers are not split into
            # their parts (vuokra-rahat, not any raha) nor misspelt
            own = [self._word_query(searcher, word, lang, fields, 'exact',
                                    search.typing and i == len(tokens) - 1)
                   for i, word in enumerate(tokens[start:end], start)]
            parts[start:end] = [self._span_query(
                searcher, own, targets, lang, fields, stage)]
        # NB: in the exact stage a word that matches nothing leaves no
        # AND match
        return _joined(parts, stage) if stage != 'exact' or all(
            parts) else None

    def _span_query(self, searcher, own, targets, lang, fields, stage):
        """Query words an everyday phrase covers: they match as
        themselves (all of them in the exact stage), or as any of the
        phrase's targets; None if nothing could match."""
        options = [self._target_query(searcher, target, lang, fields,
                                      stage)
                   for target in targets]
        if stage == 'exact':
            options.append(_joined(own, stage) if all(own) else None)
        else:
            options += own
        options = [option for option in options if option is not None]
        return q.Or(options) if options else None

    def _target_query(self, searcher, target, lang, fields, stage):
        """A card itself (a card id), or all of the official words, each
        matched as if typed in this stage (after the exact stage also
        through its parts), but never as a typo."""
        if isinstance(target, str):
            return q.Term('ref', target, boost=CARD_BOOST)
        typed = 'exact' if stage == 'exact' else 'relaxed'
        parts = [self._word_query(searcher, word, lang, fields, typed, False)
                 for word in target]
        return _joined(parts, 'exact') if all(parts) else None

    def _situation_query(self, searcher, tokens, lang, fields):
        """The services of the life events the query describes (service
        packages first, then those whose text speaks of the situation
        most), or None."""
        events = self.situations.detect(tokens, lang)
        if not events:
            return None
        event = q.Or([q.Term('life_event', code) for code in events])
        package = q.And([event, q.Term('kind', 'package')])
        lifted = [q.ConstantScoreQuery(event, SITUATION_SCORE),
                  q.ConstantScoreQuery(package, PACKAGE_SCORE)]
        own = self._terms(searcher, [name for name in fields
                                     if name in EXPANDED_FIELDS],
                          self.situations.words(events, lang),
                          EVENT_WORDS_BOOST, Unmarked)
        if own is not None:
            lifted.append(q.And([_constant(event), own]))
        return q.Or(lifted)

    def _filtered(self, query, search):
        """``query`` restricted by the request's facet filters.

        NB: Whoosh ignores ``collapse`` when ``search()`` gets a
        ``filter``, so filters are zero-scoring clauses of the query.
        """
        terms = [q.Term(name, value)
                 for name, value in sorted(search.filters.items()) if value]
        if not terms:
            return query
        return q.And([query, _constant(q.And(terms))])

    # -- running -----------------------------------------------------

    def search(self, search, audience):
        """Run the stages; return a result dict for the API."""
        searcher = self.index.searcher()
        view = self.index.postings.view(searcher)
        stage, scorer, ids, scores = self._ranked(searcher, view, search,
                                                  audience)
        page = slice(search.offset, search.offset + search.limit)
        matched = scorer.matched_fields(ids[page]) if scorer else []
        hits = [{'fields': searcher.stored_fields(int(docnum)),
                 'score': float(score), 'matched': terms}
                for docnum, score, terms in zip(ids[page], scores[page],
                                                matched)]
        return {
            'stage': stage,
            'total': len(ids),
            'results': [self._result(hit, search, audience)
                        for hit in hits],
            'facets': facet_counts(view, ids),
        }

    def _ranked(self, searcher, view, search, audience, joined=True):
        """Run the stages: ``(stage, scorer, ids, scores)`` of the cards
        found, best first (one document per card).

        :param joined: whether a situation's services join the exact
            stage's word matches (not in suggestions: titles for the
            words typed)."""
        scorer, ids, scores, stage = None, EMPTY_IDS, EMPTY_IDS, 'exact'
        for stage in ('exact', 'relaxed', 'fuzzy'):
            query = self.build(searcher, search, audience, stage)
            if query is None:
                continue
            scorer = Scorer(view)
            found = scorer.score(self._filtered(query, search))
            ids, scores = scorer.collapse(*found)
            if len(ids) >= MIN_HITS:
                if stage == 'exact' and joined:
                    ids, scores = self._situation_joined(
                        searcher, view, search, audience, found) or (
                            ids, scores)
                break
        others = set(LANGS) - {search.lang, FALLBACK_LANGUAGE}
        if not len(ids) and others & self.vocabulary.languages(searcher):
            # NB: only the other languages: these two found nothing
            query = self.build(searcher, search, audience, 'relaxed',
                               others)
            if query is not None:
                stage, scorer = 'relaxed', Scorer(view)
                ids, scores = scorer.collapsed(self._filtered(query, search))
        return stage, scorer, *_reranked(searcher, view, ids, scores,
                                         audience.later)

    def _situation_joined(self, searcher, view, search, audience, found):
        """The exact stage's documents ``found`` (it ends on word matches
        alone) and the services of the life event the query describes,
        scored as one query and collapsed; None without a life event."""
        situation = self.build(searcher, search, audience, SITUATION)
        if situation is None:
            return None
        scorer = Scorer(view)
        more = scorer.score(self._filtered(situation, search))
        return scorer.collapse(*union([found, more]))

    def _result(self, hit, search, audience):
        fields = hit['fields']
        text = fields['text']
        allowed = _allowed_fields(fields, audience)
        result = {
            'id': fields['ref'],
            'kind': fields['kind'],
            'provider': fields['provider'],
            'lang': fields['lang'],
            'languages': fields['langs'],
            'title': text['title'],
            'summary': text.get('summary', ''),
            'channels': fields.get('channel', '').split(),
            'score': round(hit['score'], 3),
            'highlights': highlights(text, allowed, hit['matched'],
                                     fields['lang']),
        }
        if audience.name == 'editor':
            result.update(variant=fields['variant'],
                          version=fields['version'], state=fields['state'])
        return result

    def listing(self, kinds, lang, audience, limit=500):
        """Every card of ``kinds`` the audience may find, without a
        query (procedure guides, service packages): one entry per card,
        in ``lang`` where the card has it, else in Finnish; by title."""
        searcher = self.index.searcher()
        kind = _constant(q.Or([q.Term('kind', code) for code in kinds]))
        language = q.Or([q.ConstantScoreQuery(q.Term('lang', code), score)
                         for code, score in ((lang, 2.0),
                                             (FALLBACK_LANGUAGE, 1.0))])
        query = q.Or([q.And([_constant(admitted), kind, language])
                      for admitted, _ in audience.scopes])
        found = searcher.search(query, limit=limit, collapse='group',
                                collapse_limit=1)
        return sorted((_listed(hit) for hit in found),
                      key=lambda item: item['title'].casefold())

    def suggest(self, text, lang, audience, limit=8):
        """Titles for as-you-type: the staged search over titles and
        keywords, the last word a prefix, so inflected, compound and
        misspelt words suggest too (``ajokorttiin``, ``passsi``). Cards
        scoring under a share of the best are left out."""
        tokens = query_words(text, lang)
        if not tokens or len(tokens[-1]) < 2:
            return []
        searcher = self.index.searcher()
        narrowed = Audience(audience.name, [
            (admitted, tuple(name for name in fields
                             if name in SUGGESTED_FIELDS))
            for admitted, fields in audience.scopes], audience.point)
        _, _, ids, scores = self._ranked(
            searcher, self.index.postings.view(searcher),
            Search(text, lang, limit=limit, typing=True), narrowed,
            joined=False)
        ids, scores = ids[:limit], scores[:limit]
        close = ids[scores >= SUGGESTED_SHARE * scores[0]] if len(ids) \
            else ids
        return [_suggested(searcher.stored_fields(int(docnum)))
                for docnum in close]


def _reranked(searcher, view, ids, scores, later):
    """``(ids, scores)`` in their final order: the cards of ``later``
    after the others (an advisor still finds a service not offered at
    their point, to send the customer on, below those that are); by
    score; equal scores with the best card's provider first (a situation
    lifts all its services alike; those of the provider the words found
    come before their neighbours); otherwise in their order."""
    if len(ids) < 2:
        return ids, scores
    provider = searcher.stored_fields(int(ids[0]))['provider']
    others = ~view.mask('provider', provider)[ids]
    last = np.zeros(view.size, dtype=bool)
    for ref in later:
        last |= view.mask('ref', ref)
    order = np.lexsort((np.arange(len(ids)), others,
                        -np.round(scores, TIE_DIGITS), last[ids]))
    return ids[order], scores[order]


def _suggested(fields):
    """A suggestion of a stored (or found) document."""
    return {'id': fields['ref'], 'title': fields['text']['title'],
            'lang': fields['lang'], 'kind': fields['kind'],
            'provider': fields['provider']}


def _listed(hit):
    return {'id': hit['ref'], 'kind': hit['kind'],
            'provider': hit['provider'], 'lang': hit['lang'],
            'languages': hit['langs'], 'title': hit['text']['title'],
            'summary': hit['text'].get('summary', '')}


def _joined(parts, stage):
    """Word queries joined for a stage: all in the exact stage, any
    later; None for none."""
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return q.And(parts) if stage == 'exact' else q.Or(parts)


def _constant(query):
    """A clause that restricts without adding to the score."""
    return q.ConstantScoreQuery(query, 0.0)


def _allowed_fields(fields, audience):
    """The fields of this document the audience may see."""
    for admitted, names in audience.scopes:
        if _admits(admitted, fields):
            return names
    return PUBLIC_FIELDS


def _admits(query, fields):
    """Whether a stored document passes a scope's filter (evaluated on
    its stored fields: Term, And, Or, Not, TermRange)."""
    if isinstance(query, q.Term):
        return query.text in str(fields.get(query.fieldname, '')).split()
    if isinstance(query, q.And):
        return all(_admits(sub, fields) for sub in query.subqueries)
    if isinstance(query, q.Or):
        return any(_admits(sub, fields) for sub in query.subqueries)
    if isinstance(query, q.Not):
        return not _admits(query.query, fields)
    value = fields.get(query.fieldname, '')
    low_ok = query.start is None or value >= query.start
    high_ok = query.end is None or value <= query.end
    return bool(value) and low_ok and high_ok


def facet_counts(view, ids):
    """How many of the found documents have each facet value."""
    counts = {}
    for name in FACETS:
        counts[name] = {}
        for value in view.field_values(name):
            count = int(np.count_nonzero(view.mask(name, value)[ids]))
            if count:
                counts[name][value] = count
    return counts


MARKDOWN_NOISE = re.compile(r'\]\([^)]*\)|[*_`\[\]]|^\s*[#>]+', re.M)
HIGHLIGHT_ORDER = ('summary', 'description', 'instructions', 'advisor',
                   'keywords', 'title')


def highlights(text, allowed, matched, lang, most=2):
    """Snippets of the original texts with matched words in ``<mark>``;
    everything else is HTML-escaped. Only ``allowed`` fields that
    matched (``matched``: field → terms) are used."""
    found = {}
    for name in HIGHLIGHT_ORDER:
        if name not in allowed or not matched.get(name) or len(
                found) >= most:
            continue
        snippet = _snippet(MARKDOWN_NOISE.sub('', text.get(name, '')),
                           matched[name], lang)
        if snippet:
            found[name] = snippet
    return found


def _snippet(plain, matched, lang):
    """A window of about SNIPPET_WORDS words from the first match on;
    words after the window are not analysed. A word's terms are those
    the index has for it (:func:`token_terms`, cached while the index
    was written: a hyphenated word is not analysed again, and matches
    through its parts)."""
    spans, hi = [], None
    for word, start, end in words(plain):
        if hi is not None and end > hi:
            break
        if not matched.isdisjoint(token_terms(word, lang)) or (
                lang in SAMI and fold(word) in matched):
            spans.append((start, end))
            if hi is None:
                lo, hi = _window(plain, start)
    if not spans:
        return ''
    out, cursor = [], lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(html.escape(plain[cursor:s]))
        out.append(f'<mark>{html.escape(plain[s:e])}</mark>')
        cursor = e
    out.append(html.escape(plain[cursor:hi]))
    prefix = '… ' if lo > 0 else ''
    suffix = ' …' if hi < len(plain.rstrip()) else ''
    return prefix + ' '.join(''.join(out).split()) + suffix


def _window(plain, first):
    """Character bounds of the snippet around the word at ``first``."""
    tokens = list(re.finditer(r'\S+', plain))
    at = next(i for i, t in enumerate(tokens) if t.end() > first)
    start = max(0, at - SNIPPET_WORDS // 3)
    window = tokens[start:start + SNIPPET_WORDS]
    return window[0].start(), window[-1].end()
