"""The Suomi.fi workflow guard: a card is approved only with a document
PTV would accept. Registered by name in :data:`kb.cards.guards.GUARDS`,
marked with :func:`kb.cards.guards.card_guard` there (this module does
not import the card domain, so that the guard registry can import it)."""
from kb.suomifi import config as suomifi_config
from kb.suomifi.validation import card_problems


def suomifi_valid(content, card, registry):
    """Suomi.fi (PTV) would accept the card's service document; cards
    that are not Suomi.fi content (central guides, packages) pass."""
    return card_problems(card.id, card.provider, content,
                         suomifi_config.load(registry.settings))
