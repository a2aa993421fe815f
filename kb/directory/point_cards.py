"""Point-aware cards: per service point and card, whether the service is
offered there, whether only when the provider's own clerk is on site,
and a short local addendum (seed 004 §3.2.2, 001); per service point and
provider, the weekdays (and hours) the provider's clerk is there.

Kept by the point's manager on the point (``ServicePoint.cards``, card id
→ ``{'offered', 'onsite', 'addendum'}``; ``ServicePoint.onsite``, provider
code → ``{'days', 'hours'}``; both replaced whole on each change so they
are stored), never on the card: a card's versions stay the provider's.
"""
from kb.directory.editing import _problem
from kb.events import ObjectModified
from kb.i18n import _
from kb.i18n.formats import WEEKDAYS
from kb.privacy import refuse_personal_data

ADDENDUM_MAX = 500
HOURS_MAX = 100
#: A card the point has said nothing about: offered, no addendum.
DEFAULT = {'offered': True, 'onsite': False, 'addendum': ''}
#: A provider with no on-site days at the point.
NO_DAYS = {'days': [], 'hours': ''}


def local_card(point, card_id):
    """What ``point`` says about the card (the default if nothing)."""
    return dict(point.cards.get(card_id, DEFAULT))


def _text(field, value, limit):
    """Bounded plain text without personal data, stripped."""
    if not isinstance(value, str) or len(value) > limit:
        raise _problem(field, _('Text of at most ${max} characters.',
                                mapping={'max': limit}))
    value = value.strip()
    refuse_personal_data(value, field)
    return value


def _flag(field, value):
    if not isinstance(value, bool):
        raise _problem(field, _('Give true or false.'))
    return value


def checked_local(offered, addendum, onsite=False):
    """The card's entry, checked: ``onsite`` (offered only when the
    provider's clerk is on site) is kept only for an offered service."""
    offered = _flag('offered', offered)
    onsite = _flag('onsite', onsite) and offered
    return {'offered': offered, 'onsite': onsite,
            'addendum': _text('addendum', addendum, ADDENDUM_MAX)}


def _stored(registry, actor, point, name, key, old, new, default,
            **details):
    """Keep ``new`` under ``key`` in the point's map ``name`` (replaced
    whole, so it is stored; ``default`` removes the key) and audit the
    change, if it is one; returns ``new``."""
    if new != old:
        kept = dict(getattr(point, name))
        if new == default:
            kept.pop(key, None)
        else:
            kept[key] = new
        setattr(point, name, kept)
        registry.notify(ObjectModified(
            point, actor, changes={field: [old[field], new[field]]
                                   for field in new
                                   if old[field] != new[field]}, **details))
    return new


def set_local_card(registry, actor, point, card_id, offered, addendum,
                   onsite=False):
    """Store what ``point`` says about the card (the default removes the
    entry) and audit the change; returns the stored entry."""
    return _stored(registry, actor, point, 'cards', card_id,
                   local_card(point, card_id),
                   checked_local(offered, addendum, onsite), DEFAULT,
                   change='point_card_changed', card=card_id)


def onsite_days(point, provider):
    """The provider's on-site days at ``point`` (none if not kept)."""
    found = point.onsite.get(provider, NO_DAYS)
    return {'days': list(found['days']), 'hours': found['hours']}


def checked_days(days, hours):
    """Weekdays (``Mon`` ... ``Sun``, kept in week order) and a short
    hours text without personal data."""
    if not isinstance(days, list) or not all(
            isinstance(day, str) and day in WEEKDAYS for day in days):
        raise _problem('days', _('Give the weekdays as a list of Mon, Tue, '
                                 'Wed, Thu, Fri, Sat and Sun.'))
    return {'days': [day for day in WEEKDAYS if day in days],
            'hours': _text('hours', hours, HOURS_MAX)}


def set_onsite_days(registry, actor, point, provider, days, hours):
    """Store the provider's on-site days at ``point`` (none removes the
    entry) and audit the change; returns the stored entry."""
    return _stored(registry, actor, point, 'onsite', provider,
                   onsite_days(point, provider), checked_days(days, hours),
                   NO_DAYS, change='point_onsite_changed', provider=provider)


def on_site(point, provider, day):
    """True if the provider's clerk is at ``point`` on date ``day``."""
    return WEEKDAYS[day.weekday()] in onsite_days(point, provider)['days']


def offering_points(points, card_id, provider):
    """``(code, days)`` of the active ``points`` that offer the card's
    service, in their order: ``days`` are the provider's on-site days
    where the point offers it only then (possibly none), else None."""
    found = []
    for point in points:
        local = local_card(point, card_id)
        if point.active and local['offered']:
            found.append((point.code, onsite_days(point, provider)['days']
                          if local['onsite'] else None))
    return found


def unavailable(point, cards, day):
    """Ids of the cards whose service ``point`` does not offer on date
    ``day``: not offered there, or only when the provider's clerk is on
    site and the clerk is not there that day (``cards``: id → card)."""
    return sorted(
        card_id for card_id, local in point.cards.items()
        if not local['offered'] or local['onsite'] and card_id in cards
        and not on_site(point, cards[card_id].provider, day))
