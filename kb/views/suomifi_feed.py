"""``GET /suomifi/v1/services?since=TIMESTAMP``: the Suomi.fi documents
of the services that changed after ``since``, oldest change first.

The same documents the push sends: each item is a service's current
document (``publishingStatus`` Published, or Deleted once retired). A
reader keeps the ``until`` of one answer as the ``since`` of the next
and so sees every change exactly once (see :mod:`kb.suomifi.outbox`).
"""
import datetime

from pyramid.view import view_config

from kb import security
from kb.clock import from_micros, to_micros
from kb.errors import ValidationError
from kb.i18n import _
from kb.interfaces import IRoot
from kb.suomifi import validation
from kb.suomifi.config import load as load_config
from kb.views.common import int_param


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('api.suomifi.feed', '/suomifi/v1/services')


def parse_since(raw):
    """An ISO 8601 timestamp with a time zone → change key (0 if empty).

    :raises ValidationError: for anything else.
    """
    if raw in (None, ''):
        return 0
    try:
        moment = datetime.datetime.fromisoformat(raw.replace('Z', '+00:00'))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(
            _('Give "since" as an ISO 8601 time with a time zone, e.g. '
              '2026-01-31T12:00:00Z.'),
            details=[{'field': 'since', 'message': raw}],
        )
    return to_micros(moment)


def iso(key):
    """A change key as the feed's cursor: ISO 8601 UTC to the
    microsecond, so that it gives the key back exactly."""
    return from_micros(key).isoformat().replace('+00:00', 'Z')


def feed_item(card, today, config, translate):
    """``status``, ``document`` (None if PTV would refuse it) and
    ``problems`` of ``card`` today, or None if it has no document.

    :param translate: the request's, for the messages.
    """
    built = validation.live_document(card, today, config)
    if built is None:
        return None
    return {'status': built.status,
            'document': None if built.problems else built.document,
            'problems': [{'field': problem['field'],
                          'message': translate(problem['message'])}
                         for problem in built.problems]}


@view_config(route_name='api.suomifi.feed', request_method='GET',
             context=IRoot, renderer='json',
             permission=security.NO_PERMISSION_REQUIRED)
def services_feed(request):
    since = parse_since(request.params.get('since'))
    limit = int_param(request, 'limit', 100, 1, 500)
    root = request.root
    changes = root['suomifi'].since(since, limit + 1)
    more = len(changes) > limit
    changes = changes[:limit]
    config = load_config(request.registry.settings)
    today = request.today
    items = []
    for key, card_id in changes:
        item = feed_item(root['cards'][card_id], today, config,
                         request.localizer.translate)
        if item is not None:
            items.append(dict(item, sourceId=card_id, changed=iso(key)))
    until = iso(changes[-1][0]) if changes else request.params.get('since')
    return {'since': request.params.get('since') or None, 'until': until,
            'more': more, 'items': items}
