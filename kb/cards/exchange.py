"""Import and export of cards in the exchange format (``kb-cards/1``).

An import is validated whole before anything is written: every error of
every card is listed with the card id and the field, and if there is any,
nothing is imported.
"""
from kb import refdata
from kb.cards.exchange_format import (
    FORMAT,
    Problems,
    check_card,
    check_card_id,
)
from kb.directory.tables import directory_of
from kb.errors import ValidationError
from kb.i18n import _


def validate_document(root, document):
    """Check a whole exchange document.

    :returns: a list of ``(provider, id, content)``.
    :raises ValidationError: with ``details`` listing
        ``{"card", "field", "message"}`` for every problem.
    """
    errors = []

    def add(card, field, message):
        errors.append({'card': card, 'field': field, 'message': message})

    if not isinstance(document, dict):
        raise ValidationError(_('The file must hold a JSON object.'))
    if document.get('format') != FORMAT:
        add('', 'format', _('The format must be "${format}".',
                            mapping={'format': FORMAT}))
    cards = document.get('cards')
    if not isinstance(cards, list):
        add('', 'cards', _('"cards" must be a list.'))
        cards = []
    for key in sorted(set(document) - {'format', 'cards'}):
        add('', key, _('Unknown field.'))
    providers = directory_of(root).providers
    seen = set()
    result = []
    for number, data in enumerate(cards):
        card_id = data.get('id') if isinstance(data, dict) else None
        label = card_id if isinstance(card_id, str) else f'#{number + 1}'
        problems = Problems()
        check_card_id(card_id, problems)
        provider = data.get('provider') if isinstance(data, dict) else None
        if not refdata.is_code(provider, providers):
            problems.add('provider', _('Unknown provider "${code}".',
                                       mapping={'code': str(provider)}))
        content = check_card(data, problems, provider=provider)
        if isinstance(card_id, str):
            if card_id in seen:
                problems.add('id', _('The id appears twice in the file.'))
            elif card_id in root['cards']:
                problems.add('id', _('The id "${id}" is already used.',
                                     mapping={'id': card_id}))
            seen.add(card_id)
        for item in problems.items:
            add(label, item['field'], item['message'])
        result.append((provider, card_id, content))
    ids = seen | set(root['cards'].data.keys())
    for provider, card_id, content in result:
        for ref in content.get('cards') or ():
            if ref not in ids:
                add(card_id, 'cards', _('There is no card "${id}".',
                                        mapping={'id': ref}))
    if errors:
        raise ValidationError(
            _('${count} errors; nothing was imported.',
              mapping={'count': len(errors)}),
            details=errors,
        )
    return result


def import_cards(root, versioning, cards, publish=False,
                 comment='Imported', progress=None):
    """Create the validated ``cards``; with ``publish`` each goes live
    at once, as a migration from an old system.

    :param progress: called with (done, total) after each card.
    """
    created = []
    for provider, card_id, content in cards:
        card = versioning.create(root, provider, card_id, content, comment)
        if publish:
            versioning.publish_now(card)
        created.append(card)
        if progress is not None:
            progress(len(created), len(cards))
    return created


def export_document(root):
    """Every card's newest version, all languages, as a document."""
    cards = []
    for card in root['cards'].values():
        content = card.current_content()
        cards.append(dict(
            {'id': card.id, 'provider': card.provider},
            **{key: value for key, value in content.items()
               if value not in (None, [], {}) or key == 'content'},
        ))
    return {'format': FORMAT, 'cards': cards}
