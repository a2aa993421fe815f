"""Notifications: each user's in-app list and e-mail of what needs their
attention (see ``docs/notifications.md``).

:mod:`~kb.notifications.store` keeps them, :mod:`~kb.notifications.rules`
decides who is told what (as event subscribers, in the transaction of
the change), :mod:`~kb.notifications.texts` words them in the reader's
language.
"""
import functools

from kb.interfaces import IAfterTransition, IObjectModified
from kb.notifications import rules


def includeme(config):  # pragma: no cover - configuration glue
    registry = config.registry
    config.add_subscriber(functools.partial(rules.on_transition, registry),
                          IAfterTransition)
    config.add_subscriber(functools.partial(rules.on_flag_changed,
                                            registry), IObjectModified)
