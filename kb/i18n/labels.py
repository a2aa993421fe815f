"""Names of codes in the interface language: one vocabulary for the
editor, intranet and public pages and the offline intranet export.

Workflow states and transitions are named by the titles in their
workflow files (:mod:`kb.cards.workflow` makes them messages); only the
version states outside any workflow are named here.
"""
from kb import refdata
from kb.i18n import _
from kb.i18n.formats import Formatter

LANGUAGE_NAMES = {
    'fi': _('Finnish'),
    'sv': _('Swedish'),
    'se': _('Northern Sámi'),
    'smn': _('Inari Sámi'),
    'sms': _('Skolt Sámi'),
    'en': _('English'),
}
#: How to reach an expert for a remote session (a provider's contact on
#: its directory page, a card's own in the card form)
REMOTE_LABELS = {
    'room_url': _('Virtual room address (https://)'),
    'booking_url': _('Booking address (https://)'),
    'hours': _('Hours of remote service'),
    'phone': _("Expert's phone"),
}
#: "In a language", for a sentence that says which language a text is
#: shown in: the case differs per language (``suomeksi``, ``på finska``,
#: ``suomagillii``), so each is a message of its own.
IN_LANGUAGE = {
    'fi': _('in Finnish'),
    'sv': _('in Swedish'),
    'se': _('in Northern Sámi'),
    'smn': _('in Inari Sámi'),
    'sms': _('in Skolt Sámi'),
    'en': _('in English'),
}
#: Each language by its own name (shown with its ``lang`` attribute).
ENDONYMS = {
    'fi': 'suomi',
    'sv': 'svenska',
    'se': 'davvisámegiella',
    'smn': 'anarâškielâ',
    'sms': 'sääʹmǩiõll',
    'en': 'English',
}
KIND_LABELS = {
    'service': _('Service'),
    'procedure': _('Procedure guide'),
    'package': _('Service package'),
    'notice': _('Notice'),
}
#: Service channels as staff name them.
CHANNEL_LABELS = {
    'electronic': _('E-service'),
    'remote': _('Remote service'),
    'counter': _('At the counter'),
    'expert_visit': _('Expert visit'),
}
#: Service channels as the public site describes them.
CHANNEL_DESCRIPTIONS = {
    'electronic': _('E-service at the service point'),
    'remote': _('Remote service with an expert'),
    'counter': _('Service at the counter'),
    'expert_visit': _('Expert visit'),
}
#: States of a card version that no workflow file names.
VERSION_STATES = {
    'scheduled': _('Scheduled'),
    'superseded': _('Superseded'),
    'cancelled': _('Publication cancelled'),
}
FLAG_REASONS = {
    'wrong': _('Wrong'),
    'unclear': _('Unclear'),
    'outdated': _('Out of date'),
}
NOTICE_KINDS = {
    'disruption': _('Disruption'),
    'change': _('Change'),
}
OUTCOMES = {
    'resolved': _('Resolved'),
    'referred': _('Referred to the provider'),
    'not_resolved': _('Not resolved'),
}
TICKET_STATES = {
    'open': _('Open'),
    'resolved': _('Resolved, not closed'),
    'closed': _('Closed'),
    'cancelled': _('Cancelled'),
}


def state_label(workflow, state):
    """The title of ``state`` in ``workflow``; a version's state may be
    outside the workflow (scheduled, superseded) or no longer in it."""
    if state in VERSION_STATES:
        return VERSION_STATES[state]
    known = workflow.states.get(state)
    return known.title if known else state


def provider_name(directory, code, lang):
    """A provider's name in ``lang``, else in Finnish, else the code.

    :param directory: the :class:`~kb.directory.tables.Directory` that
        names the providers.
    """
    return refdata.name_of(directory.providers, code, lang)


def card_label(cards, card_id, lang):
    """(title, its language) of a card of the ``cards`` folder in
    ``lang``, else in Finnish, else in any language, from its published
    version (a draft's title is not for report readers); a card that is
    gone keeps its id (with no language)."""
    card = cards.get(card_id)
    if card is None:
        return card_id, None
    number = card.head if card.published is None else card.published
    texts = card.versions[number].content['content']
    code = text_in(texts, lang)
    return texts[code]['title'], code


def life_event_name(code, lang):
    return refdata.name_of(refdata.life_events(), code, lang)


def point_label(directory, code, lang):
    """(name, its language) of a service point of ``directory``: points
    have Finnish and Swedish names; a template marks the name's
    ``lang``."""
    return refdata.name_in(directory.points, code, lang)


def suorite_label(code, lang):
    """(name, its language) of a performance type, for a template that
    marks the ``lang`` of a name that fell back to Finnish."""
    return refdata.name_in(refdata.suoritteet(), code, lang)


def suorite_names(lang):
    """Code → name of every performance type in ``lang`` (else in
    Finnish), for naming the codes a card's Markdown mentions
    (:func:`kb.markdown.name_codes`)."""
    return {code: name for code, (name, _) in refdata.names_in(
        refdata.suoritteet(), lang).items()}


def text_in(texts, lang):
    """The language of ``texts`` (by language) to show for ``lang``:
    itself, else Finnish, else the first there is."""
    if lang in texts:
        return lang
    return 'fi' if 'fi' in texts else sorted(texts)[0]


def link_label(link, lang):
    """(label, its language) of a card's link in ``lang``, else in
    Finnish, else in any language it has; else (the address, None)."""
    labels = {code: text for code, text in (link.get('label') or {}).items()
              if text}
    if not labels:
        return link['url'], None
    code = text_in(labels, lang)
    return labels[code], code


class Labels(Formatter):
    """Names of codes and formatted values in one interface language,
    for templates (``labels.provider(code)``, ``labels.moment(t)``).

    :param localizer: a Pyramid localizer (its language and catalogue).
    :param directory: the :class:`~kb.directory.tables.Directory` that
        names providers and points.
    """

    def __init__(self, localizer, directory):
        super().__init__(localizer.locale_name)
        self.translate = localizer.translate
        self.directory = directory

    def _named(self, table, code):
        return self.translate(table[code]) if code in table else code

    def channel(self, code):
        return self._named(CHANNEL_LABELS, code)

    def kind(self, code):
        return self._named(KIND_LABELS, code)

    def outcome(self, code):
        return self._named(OUTCOMES, code)

    def reason(self, code):
        return self._named(FLAG_REASONS, code)

    def state(self, code):
        """A ticket's state."""
        return self._named(TICKET_STATES, code)

    def notice_kind(self, code):
        return self._named(NOTICE_KINDS, code)

    def language(self, code):
        """A language by its own name."""
        return ENDONYMS.get(code, code)

    def in_language(self, code):
        """"In ``code``" in the interface language (:data:`IN_LANGUAGE`)."""
        return self._named(IN_LANGUAGE, code)

    def language_name(self, code):
        """A language's name in the interface language."""
        return self._named(LANGUAGE_NAMES, code)

    def provider(self, code):
        return provider_name(self.directory, code, self.locale)

    def life_event(self, code):
        return life_event_name(code, self.locale)

    def point(self, code):
        """(name, its language) of a service point."""
        return point_label(self.directory, code, self.locale)

    def suorite(self, code):
        """(name, its language) of a performance type."""
        return suorite_label(code, self.locale)
