"""Transition guards: named checks a workflow file may attach.

A guard takes the content of the version about to move and returns a
list of ``(field, message)`` problems; an empty list lets it through.
A guard marked with :func:`card_guard` also gets the card and the
registry (for checks that need the card's id, provider or settings).
"""
from kb.cards.exchange_format import TEXT_LIMITS
from kb.i18n import _
from kb.suomifi.guards import suomifi_valid


def card_guard(guard):
    """Mark ``guard`` as taking ``(content, card, registry)``."""
    guard.takes_card = True
    return guard


def check(name, content, card, registry):
    """The problems guard ``name`` finds in ``content`` of ``card``."""
    guard = GUARDS[name]
    if getattr(guard, 'takes_card', False):
        return guard(content, card, registry)
    return guard(content)


def finnish_present(content):
    """Finnish text must exist before a card leaves the provider."""
    if 'fi' not in content['content']:
        return [('content.fi', _('Finnish text is required.'))]
    return []


def titles_and_summaries(content):
    """Every language present has a title and a summary."""
    problems = []
    for lang, texts in content['content'].items():
        for key in ('title', 'summary'):
            if not texts.get(key, '').strip():
                problems.append(
                    (f'content.{lang}.{key}', _('This is required.'))
                )
    return problems


def summary_length(content):
    """Summaries stay within Suomi.fi's 150 characters."""
    limit = TEXT_LIMITS['summary']
    return [
        (
            f'content.{lang}.summary',
            _('The summary is ${length} characters; the limit is ${max}.',
              mapping={'length': len(texts['summary']), 'max': limit}),
        )
        for lang, texts in content['content'].items()
        if len(texts.get('summary', '')) > limit
    ]


def title_differs_from_summary(content):
    """Suomi.fi refuses a summary that repeats the name."""
    return [
        (f'content.{lang}.summary',
         _('The summary must say more than the title.'))
        for lang, texts in content['content'].items()
        if texts.get('summary', '').strip().casefold()
        == texts.get('title', '').strip().casefold()
    ]


def swedish_present(content):
    """Swedish text must exist (for bilingual publication)."""
    if 'sv' not in content['content']:
        return [('content.sv', _('Swedish text is required.'))]
    return []


GUARDS = {
    'finnish_present': finnish_present,
    'titles_and_summaries': titles_and_summaries,
    'summary_length': summary_length,
    'title_differs_from_summary': title_differs_from_summary,
    'swedish_present': swedish_present,
    'suomifi_valid': card_guard(suomifi_valid),
}
