"""Who may keep which synonym groups, and what the audit log is told:
:mod:`kb.search.synonyms` without the app."""
from types import SimpleNamespace

import pytest

from kb import security
from kb.errors import ForbiddenError, StateConflictError, ValidationError
from kb.search import synonyms
from kb.search.synonyms import UNSET

CENTRAL = SimpleNamespace(name='central', role='central_editor',
                          provider=None)
KELA = SimpleNamespace(name='kela-editor', role='provider_editor',
                       provider='kela')
PROVIDERS = ('kela', 'vero')


class Registry:
    """Keeps the events announced."""

    def __init__(self):
        self.events = []

    def notify(self, event):
        self.events.append(event)


def a_list():
    """Shared group 1, Kela's group 2, Vero's group 3."""
    result = synonyms.SynonymList([('fi', ('sotu', 'henkilötunnus'))])
    result.replace(list(result.entries) + [
        (result.new_id(), 'fi', ('skidiraha', 'lapsilisä'), 'kela'),
        (result.new_id(), 'fi', ('mätky', 'jäännösvero'), 'vero')], 1)
    return result


def test_the_central_editor_keeps_every_group_a_provider_editor_its_own():
    assert security.acts_for(CENTRAL, None)
    assert security.acts_for(CENTRAL, 'vero')
    assert security.acts_for(KELA, 'kela')
    assert not security.acts_for(KELA, None)
    assert not security.acts_for(KELA, 'vero')


@pytest.mark.parametrize('change', [
    lambda entries: [e for e in entries if e[0] != 1],  # remove shared
    lambda entries: [e for e in entries if e[0] != 3],  # remove Vero's
    lambda entries: [e if e[0] != 3 else (3, 'fi', ('x', 'y'), 'vero')
                     for e in entries],  # change Vero's words
    lambda entries: [e if e[0] != 3 else (3, 'fi', e[2], 'kela')
                     for e in entries],  # take Vero's group
    lambda entries: entries + [(None, 'fi', ('a', 'b'), 'vero')],
    lambda entries: entries + [(None, 'fi', ('a', 'b'), None)],
])
def test_a_provider_editor_may_not_touch_others_groups(change):
    registry, current = Registry(), a_list()
    before = current.entries
    with pytest.raises(ForbiddenError) as refused:
        synonyms.save(registry, KELA, current,
                      change(list(current.entries)), current.version)
    assert refused.value.code == 'not_your_group'
    assert current.entries == before and registry.events == []


def test_a_provider_editor_keeps_their_own_groups_and_each_change_is_audited():
    registry, current = Registry(), a_list()
    version = current.version
    entries = [e if e[0] != 2 else (2, 'fi', ('lapsirahat', 'lapsilisä'),
                                    UNSET) for e in current.entries]
    synonyms.save(registry, KELA, current, entries + [
        (None, 'sv', ('fpa', 'folkpensionsanstalten'), UNSET)], version)
    assert current.entries[-1] == (4, 'sv', ('fpa', 'folkpensionsanstalten'),
                                   'kela')
    assert [(e.action, e.actor, e.details) for e in registry.events] == [
        ('change', 'kela-editor', {
            'change': 'change', 'version': version + 1, 'group': 2,
            'lang': 'fi', 'terms': ['lapsirahat', 'lapsilisä'],
            'provider': 'kela', 'previous_lang': 'fi',
            'previous_terms': ['skidiraha', 'lapsilisä'],
            'previous_provider': 'kela'}),
        ('add', 'kela-editor', {
            'change': 'add', 'version': version + 1, 'group': 4,
            'lang': 'sv', 'terms': ['fpa', 'folkpensionsanstalten'],
            'provider': 'kela'})]
    group = current.find(2)
    synonyms.remove(registry, KELA, current, group, version + 1)
    assert current.find(2) is None
    assert registry.events[-1].details == {
        'change': 'remove', 'version': version + 2, 'group': 2,
        'lang': 'fi', 'terms': ['lapsirahat', 'lapsilisä'],
        'provider': 'kela'}
    with pytest.raises(StateConflictError):
        synonyms.remove(registry, KELA, current, current.find(4), version)


def test_the_central_editor_adds_shared_groups_and_may_remove_any():
    registry, current = Registry(), a_list()
    entry = synonyms.add(registry, CENTRAL, current,
                         (None, 'fi', ('a', 'b'), UNSET), current.version)
    assert entry == (4, 'fi', ('a', 'b'), None)
    synonyms.remove(registry, CENTRAL, current, current.find(3),
                    current.version)
    assert [e[0] for e in current.entries] == [1, 2, 4]


def test_groups_without_ids_keep_the_ids_and_owners_of_their_words():
    """A client that does not know ids (sends lang and terms only) does
    not reset the owners or the ids of the groups it sends back."""
    registry, current = Registry(), a_list()
    posted = [(None, lang, terms, UNSET)
              for _id, lang, terms, _p in current.entries]
    synonyms.save(registry, CENTRAL, current, posted[1:], current.version)
    assert [e[0] for e in current.entries] == [2, 3]
    assert [e[3] for e in current.entries] == ['kela', 'vero']
    assert [e.action for e in registry.events] == ['remove']
    assert synonyms.lookup(current.groups)['mätky'] == [['jäännösvero']]


def test_unknown_and_repeated_ids_and_bad_owners_are_refused():
    current = a_list()
    with pytest.raises(ValidationError) as bad:
        synonyms.save(Registry(), CENTRAL, current, [
            (9, 'fi', ('a', 'b'), UNSET), (2, 'fi', ('c', 'd'), UNSET),
            (2, 'fi', ('e', 'f'), UNSET)], current.version)
    assert [d['field'] for d in bad.value.details] == [
        'groups.0.id', 'groups.2.id']
    with pytest.raises(ValidationError):
        synonyms.validate_groups({'groups': []}, PROVIDERS)
    with pytest.raises(ValidationError) as bad:
        synonyms.validate_groups([
            {'id': True, 'terms': ['a', 'b']},
            {'provider': 'nobody', 'terms': ['a', 'b']},
            {'provider': 3, 'terms': ['a', 'b']}], PROVIDERS)
    assert [d['field'] for d in bad.value.details] == [
        'groups.0.id', 'groups.1.provider', 'groups.2.provider']
    assert synonyms.validate_groups([
        {'id': 2, 'lang': 'fi', 'terms': [' a ', 'b'], 'provider': None},
        {'terms': ['c', 'd'], 'provider': 'vero'}], PROVIDERS) == [
        (2, 'fi', ('a', 'b'), None), (None, '*', ('c', 'd'), 'vero')]
    with pytest.raises(ValidationError):
        synonyms.add(Registry(), CENTRAL, synonyms.SynonymList(
            [('fi', ('a', 'b'))] * synonyms.GROUPS_MAX),
            (None, 'fi', ('c', 'd'), UNSET), 1)
    with pytest.raises(synonyms.NotFoundError):
        synonyms.named_group(current, '²')
    assert synonyms.named_group(current, '3')[3] == 'vero'
