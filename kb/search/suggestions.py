"""Suggested keywords and synonyms, from the pairs of the search log
(:mod:`kb.search.pairs`): a staff query whose words did not find a card
that its session then opened or used.

- keyword: the query's words → the card (target ``card:<id>``);
- synonym: the query's own words → the words of the later query of the
  session that did find the card (the words both share left out).

Each is counted by the queries that led to it (one each), over
:data:`DAYS`, per provider of the card; those under :data:`MIN_COUNT`
and those already accepted or dismissed (:mod:`kb.search.rules`) are
left out.
"""
import collections
import hashlib

from kb import privacy, security
from kb.clock import to_nanos
from kb.errors import NotFoundError
from kb.i18n import _
from kb.search import rules as search_rules

DAYS = 90
MIN_COUNT = 2
DAY_NS = 86_400 * 10 ** 9
KINDS = ('keyword', 'synonym')
#: The words :func:`kb.privacy.redact` put in place of personal data.
REDACTED = frozenset(f'[{kind}]' for kind in privacy.KINDS)


def normalised(text):
    """Lower case, single spaces, without the marks of redacted
    personal data (no one searches for those)."""
    return ' '.join(word for word in text.lower().split()
                    if word not in REDACTED)


def synonym_words(text, follow_up):
    """``(everyday, official)``: the words of ``text`` the follow-up
    lacks and the follow-up's words ``text`` lacks, or None if either is
    empty."""
    ours, theirs = text.split(), follow_up.split()
    everyday = ' '.join(word for word in ours if word not in theirs)
    official = ' '.join(word for word in theirs if word not in ours)
    return (everyday, official) if everyday and official else None


def suggestion_id(kind, lang, everyday, target, provider):
    """A stable id of a suggestion (the same words give the same id)."""
    text = '\n'.join((kind, lang, everyday, target, provider or ''))
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


def candidates(search_log, since):
    """``(kind, everyday, target, card id, used, query key, entry)`` of
    every pair since the key ``since`` whose query missed its card."""
    entries = search_log.entries
    for key, entry, pairs in search_log.paired(since):
        text = normalised(entry[0])
        for card_id, how, found, via in pairs:
            if found or not text:
                continue
            used = how == 'used'
            yield ('keyword', text, f'card:{card_id}', card_id, used, key,
                   entry)
            follow_up = entries.get(via) if via is not None else None
            words = follow_up and synonym_words(text,
                                                normalised(follow_up[0]))
            if words:
                yield ('synonym',) + words + (card_id, used, key, entry)


def suggestions(search_log, cards, rules, now_ns, providers=None,
                minimum=MIN_COUNT):
    """The current suggestions, most frequent first: dicts of ``id``,
    ``kind``, ``lang``, ``everyday``, ``target``, ``card``, ``provider``,
    ``count`` (queries), ``used`` (of them, the card was used), the
    queries by ``audiences`` and by ``points`` (service point codes),
    and ``last`` (the newest query's key).

    :param cards: the cards by id (``root['cards']``).
    :param providers: None for all; else only these providers'.
    """
    accepted = set(rules.rows())
    groups = {}
    for kind, everyday, target, card_id, used, key, entry in candidates(
            search_log, now_ns - DAYS * DAY_NS):
        card = cards.get(card_id)
        if card is None or (providers is not None
                            and card.provider not in providers):
            continue
        lang = entry[1]
        ident = suggestion_id(kind, lang, everyday, target, card.provider)
        group = groups.setdefault(ident, {
            'id': ident, 'kind': kind, 'lang': lang, 'everyday': everyday,
            'target': target, 'card': card_id, 'provider': card.provider,
            'queries': {}})
        seen = group['queries'].get(key)
        group['queries'][key] = (entry, used or bool(seen and seen[1]))
    found = []
    for ident, group in groups.items():
        queries = group.pop('queries')
        row = (group['lang'], group['everyday'], group['target'])
        if len(queries) < minimum or row in accepted or \
                rules.decision(ident) is not None:
            continue
        entries = [entry for entry, _used in queries.values()]
        found.append(dict(
            group, count=len(queries), last=max(queries),
            used=sum(used for _entry, used in queries.values()),
            audiences=dict(collections.Counter(e[2] for e in entries)),
            points=dict(collections.Counter(e[3] for e in entries
                                            if e[3]))))
    return sorted(found, key=lambda g: (-g['count'], -g['last'], g['id']))


def for_request(request, providers=None):
    """:func:`suggestions` of the request's database at its time."""
    root = request.root
    return suggestions(root['search_log'], root['cards'],
                       root['search_rules'], to_nanos(request.now),
                       providers)


def user_providers(user):
    """The providers whose suggestions ``user`` sees: their own, or all
    (None) for the central editor."""
    own = security.own_provider(user)
    return None if own is None else {own}


def decide(request, ident, decision):
    """Accept or dismiss the suggestion ``ident`` for the request's user.

    :raises NotFoundError: if nothing is suggested as ``ident``.
    :raises ForbiddenError: for another provider's suggestion.
    :raises StateConflictError: for one decided already.
    """
    rules = request.root['search_rules']
    decided = rules.decision(ident)
    suggestion = dict(decided, id=ident) if decided is not None else next(
        (item for item in for_request(request) if item['id'] == ident),
        None)
    if suggestion is None:
        raise NotFoundError(_('This suggestion is not in the list.'))
    return search_rules.decide(request.registry, request.user, rules,
                               suggestion, decision, request.now)
