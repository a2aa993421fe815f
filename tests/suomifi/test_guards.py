"""The Suomi.fi approval guard, as the workflow's guard registry runs
it."""
from types import SimpleNamespace


def _callFUT(content, provider='kela', settings=None):
    from kb.cards.guards import check
    card = SimpleNamespace(id='kela-testi', provider=provider)
    registry = SimpleNamespace(settings=settings or {})
    return check('suomifi_valid', content, card, registry)


def test_the_guard_is_registered_under_its_workflow_name():
    from kb.cards.guards import GUARDS
    from kb.suomifi.guards import suomifi_valid
    assert GUARDS['suomifi_valid'] is suomifi_valid
    assert suomifi_valid.takes_card


def test_a_card_ptv_would_refuse_is_stopped(service_card):
    service_card['content']['fi']['title'] = 'T' * 101
    fields = [field for field, _message in _callFUT(service_card)]
    assert 'content.fi.title' in fields


def test_a_card_ptv_would_accept_passes(service_card):
    service_card['content']['sv']['summary'] = 'FPA:s testtjänst'
    assert _callFUT(service_card) == []


def test_central_content_passes_whatever_it_holds(service_card):
    guide = dict(service_card, kind='procedure')
    guide['content']['fi']['title'] = 'T' * 101
    assert _callFUT(guide, provider='central') == []
