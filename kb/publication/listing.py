"""What the publication pages and the API show, scoped to the caller:
provider staff see their own provider's cards, the central editor and
the administrator everything."""
from kb import security
from kb.clock import from_micros
from kb.errors import check_filter
from kb.publication.log import CHANNELS, OUTCOMES


def scope(user):
    """The provider a user's view is confined to, or None for all."""
    return security.own_provider(user)


def entries(root, user, channel=None, outcome=None, before=None, limit=50):
    """Log entries newest first, within the user's scope.

    :raises ValidationError: for an unknown channel or outcome.
    """
    check_filter(channel, CHANNELS, 'channel')
    check_filter(outcome, OUTCOMES, 'outcome')
    return root['publication'].recent(channel=channel or None,
                                      outcome=outcome or None,
                                      provider=scope(user), before=before,
                                      limit=limit)


def describe_status(root, status):
    """A Suomi.fi status as JSON-able data."""
    card = root['cards'].get(status.card)
    return {
        'card': status.card,
        'provider': card.provider if card is not None else None,
        'version': status.version,
        'action': status.action,
        'state': status.state,
        'changed': from_micros(status.changed).isoformat()
        if status.changed else None,
        'attempts': status.attempts,
        'error': status.error,
        'messages': list(status.details.get('messages', ())),
        'ptv_id': status.ptv_id,
    }


def troubled(root, user):
    """Suomi.fi publications that failed or still wait, in scope."""
    provider = scope(user)
    found = []
    for status in root['suomifi'].troubled():
        described = describe_status(root, status)
        if provider is None or described['provider'] == provider:
            found.append(described)
    return found
