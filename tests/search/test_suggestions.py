"""Suggested keywords and synonyms from the search log's pairs
(kb.search.suggestions), and the rules that keep the decisions
(kb.search.rules)."""
import datetime
from types import SimpleNamespace

import pytest

from kb.clock import to_nanos

MOMENT = datetime.datetime(2033, 5, 18, tzinfo=datetime.timezone.utc)
NOW = to_nanos(MOMENT)
CARDS = {'kela-lapsilisa': SimpleNamespace(provider='kela'),
         'vero-kortti': SimpleNamespace(provider='vero')}


def led_to(log, text, card, follow_up=None, how='opened', found=False,
           lang='fi', audience='advisor', point='mikkeli'):
    """Log ``text`` (and a follow-up that found ``card``) and pair it."""
    key = log.log(text, lang, audience, point, None, 0,
                  clock=lambda: MOMENT)
    via = None
    if follow_up:
        via = log.log(follow_up, lang, 'advisor', 'mikkeli', None, 1,
                      clock=lambda: MOMENT)
        log.show(via, [card])
    log.pair(key, card, how, found, via)
    return key


def current(log, rules, providers=None):
    from kb.search.suggestions import suggestions

    return [(s['kind'], s['everyday'], s['target'], s['provider'],
             s['count'], s['used'])
            for s in suggestions(log, CARDS, rules, NOW, providers)]


@pytest.fixture
def log():
    from kb.search.analytics import SearchLog

    return SearchLog()


@pytest.fixture
def rules():
    from kb.search.rules import SearchRules

    return SearchRules()


def test_suggestions_need_two_searches_that_missed_the_card(log, rules):
    led_to(log, 'Sotu  kortti', 'kela-lapsilisa', 'lapsilisä kortti')
    assert current(log, rules) == []
    led_to(log, 'sotu kortti', 'kela-lapsilisa', how='used')
    led_to(log, 'sotu kortti', 'kela-lapsilisa', found=True)
    led_to(log, 'vero', 'vero-kortti', found=True)
    led_to(log, 'sotu kortti', 'gone-card')
    assert current(log, rules) == [
        ('keyword', 'sotu kortti', 'card:kela-lapsilisa', 'kela', 2, 1)]
    # the mark of a redacted identity code is no search word
    led_to(log, 'sotu kortti 131052-308T', 'kela-lapsilisa',
           'lapsilisä kortti', audience='central', point=None)
    assert current(log, rules) == [
        ('keyword', 'sotu kortti', 'card:kela-lapsilisa', 'kela', 3, 1),
        ('synonym', 'sotu', 'lapsilisä', 'kela', 2, 0)]
    assert current(log, rules, {'vero'}) == []
    from kb.search.suggestions import suggestions

    keyword = suggestions(log, CARDS, rules, NOW)[0]
    assert keyword['audiences'] == {'advisor': 2, 'central': 1}
    assert keyword['points'] == {'mikkeli': 2}


def test_old_pairs_and_same_words_suggest_nothing(log):
    from kb.search.suggestions import DAYS, synonym_words

    assert synonym_words('sotu kortti', 'kortti sotu') is None
    assert synonym_words('sotu', 'henkilötunnus') == ('sotu',
                                                      'henkilötunnus')
    old = MOMENT - datetime.timedelta(days=DAYS, seconds=1)
    for _ in range(2):
        key = log.log('sotu', 'fi', 'advisor', None, None, 0,
                      clock=lambda: old)
        log.pair(key, 'kela-lapsilisa', 'opened', False)
    from kb.search.rules import SearchRules

    assert current(log, SearchRules()) == []


def test_decided_suggestions_and_accepted_words_are_not_suggested_again(
        log, rules):
    from kb.search import rules as search_rules
    from kb.search.suggestions import suggestions

    for _ in range(2):
        led_to(log, 'sotu', 'kela-lapsilisa', 'lapsilisä')
        led_to(log, 'sotu', 'vero-kortti')
    registry = SimpleNamespace(notify=lambda event: events.append(event))
    events = []
    central = SimpleNamespace(name='central', role='central_editor',
                              provider=None)
    items = {s['target']: s for s in suggestions(log, CARDS, rules, NOW)}
    search_rules.decide(registry, central, rules, items['lapsilisä'],
                        'accept', MOMENT)
    search_rules.decide(registry, central, rules,
                        items['card:vero-kortti'], 'dismiss', MOMENT)
    assert rules.rows() == (('fi', 'sotu', 'lapsilisä'),)
    assert rules.version == 3
    assert current(log, rules) == [
        ('keyword', 'sotu', 'card:kela-lapsilisa', 'kela', 2, 0)]
    assert [e.details['change'] for e in events] == [
        'accept_suggestion', 'dismiss_suggestion']
    assert events[0].details['everyday'] == 'sotu'
    assert events[0].details['target'] == 'lapsilisä'
