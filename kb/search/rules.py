"""Search rules learned from use: the suggestions editors accepted
(:mod:`kb.search.suggestions`), kept in ``root['search_rules']``, and
the ones they dismissed, so that neither is suggested again.

The search engine reads :meth:`SearchRules.rows` and caches by
:attr:`SearchRules.version`, so an accepted rule takes effect at the
next search. Each decision is announced for the audit log with what was
decided.
"""
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from kb import security
from kb.clock import stamp
from kb.errors import ForbiddenError, StateConflictError
from kb.events import ObjectModified
from kb.i18n import _

#: What a rule keeps of its suggestion.
FIELDS = ('kind', 'lang', 'everyday', 'target', 'provider', 'count')
DECISIONS = ('accept', 'dismiss')
#: Its name in the root.
NAME = 'search_rules'


class SearchRules(Persistent):
    """Accepted and dismissed suggestions, suggestion id → dict of
    :data:`FIELDS` and ``decided`` (a stamp); ``version`` counts every
    change."""

    __name__ = NAME
    __parent__ = None

    def __init__(self):
        self.accepted = OOBTree()
        self.dismissed = OOBTree()
        self.version = 1

    def rows(self):
        """``(lang, everyday, target)`` of every accepted rule; target
        is official words or ``card:<card id>``."""
        return tuple((rule['lang'], rule['everyday'], rule['target'])
                     for rule in self.accepted.values())

    def decision(self, ident):
        """The accepted or dismissed record of ``ident``, or None."""
        return self.accepted.get(ident) or self.dismissed.get(ident)

    def listing(self, providers=None):
        """Accepted rules (with their ``id``), of ``providers`` if
        given."""
        return [dict(rule, id=ident) for ident, rule in self.accepted.items()
                if providers is None or rule['provider'] in providers]


def check_scope(user, provider):
    """A provider editor decides only their own provider's suggestions.

    :raises ForbiddenError: for another provider's.
    """
    if not security.acts_for(user, provider):
        raise ForbiddenError(_('This belongs to another provider.'))


def decide(registry, user, rules, suggestion, decision, now):
    """Accept or dismiss ``suggestion`` for ``user``, at once and
    audited.

    :raises StateConflictError: if it was decided already.
    """
    check_scope(user, suggestion['provider'])
    if rules.decision(suggestion['id']) is not None:
        raise StateConflictError(
            _('This suggestion has already been decided.'),
            code='decided')
    record = {name: suggestion[name] for name in FIELDS}
    tree = rules.accepted if decision == 'accept' else rules.dismissed
    tree[suggestion['id']] = dict(record, decided=stamp(now))
    _changed(registry, user, rules, f'{decision}_suggestion',
             suggestion['id'], record)
    return dict(record, id=suggestion['id'], decision=decision)


def remove(registry, user, rules, ident, now):
    """Remove an accepted rule (it counts as dismissed from then on, so
    it is not suggested again), audited.

    :returns: the removed rule, or None if ``ident`` is none.
    """
    rule = rules.accepted.get(ident)
    if rule is None:
        return None
    check_scope(user, rule['provider'])
    del rules.accepted[ident]
    rules.dismissed[ident] = dict(rule, decided=stamp(now))
    record = {name: rule[name] for name in FIELDS}
    _changed(registry, user, rules, 'remove_rule', ident, record)
    return dict(record, id=ident)


def _changed(registry, user, rules, change, ident, record):
    rules.version += 1
    registry.notify(ObjectModified(rules, user.name, change=change,
                                   rule=ident, version=rules.version,
                                   **record))
