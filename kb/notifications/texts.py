"""A notification in its reader's language: the sentence, and the page
it links to.

An entry stores codes and card titles only; the sentence is made when it
is shown or mailed, so that each reader gets it in their own language
(the card's title in that language, else in Finnish).
"""
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.request import Request

from kb.i18n import _
from kb.i18n.labels import FLAG_REASONS, state_label, text_in

MESSAGES = {
    'submitted': _('"${title}" (${card}) is waiting for you: ${state}.'),
    'returned': _('"${title}" (${card}) was returned to the editor.'),
    'flag_closed': _('Your flag on "${title}" (${card}) was handled '
                     '(${reason}).'),
    'review_due': _('The review-by date of "${title}" (${card}) is '
                    '${date}.'),
    'push_failed': _('Sending "${title}" (${card}) to Suomi.fi failed.'),
}
#: kind → (route, whether it takes the card id) of the linked page
LINKS = {
    'submitted': ('editor.card.edit', True),
    'returned': ('editor.card.edit', True),
    'flag_closed': ('intranet.card', True),
    'review_due': ('editor.card.edit', True),
    'push_failed': ('editor.publication', False),
}


def title_in(entry, lang):
    """The card's title in ``lang``, else in Finnish, else any."""
    titles = entry['titles']
    return titles[text_in(titles, lang)] if titles else entry['card']


def sentence(entry, localizer, workflows, formatter):
    """The notification as a sentence in the localizer's language.

    :param workflows: the registry's workflows (to name a state).
    :param formatter: a :class:`~kb.i18n.formats.Formatter` (dates).
    """
    lang = localizer.locale_name
    detail = entry['detail']
    mapping = {'title': title_in(entry, lang), 'card': entry['card']}
    if 'state' in detail:
        workflow = workflows.for_provider(detail['provider'])
        mapping['state'] = localizer.translate(
            state_label(workflow, detail['state']))
    if 'reason' in detail:
        mapping['reason'] = localizer.translate(
            FLAG_REASONS[detail['reason']])
    if 'date' in detail:
        mapping['date'] = formatter.date(detail['date'])
    message = MESSAGES[entry['kind']]
    return localizer.translate(_(message, mapping=mapping))


def link(request, entry, absolute=False):
    """The address of the page a notification points to."""
    route, with_card = LINKS[entry['kind']]
    params = {'id': entry['card']} if with_card else {}
    if absolute:
        return request.route_url(route, **params)
    return request.route_path(route, **params)


def blank_request(registry):
    """A request outside HTTP, to make the addresses of a mail: at
    ``kb.site_url`` (``http://localhost`` when unset)."""
    base = registry.settings.get('kb.site_url', '').rstrip('/') or \
        'http://localhost'
    request = Request.blank('/', base_url=base)
    request.registry = registry
    return request


def localizer_for(registry, lang):
    """A localizer of ``lang`` outside a request (a user's mail)."""
    return make_localizer(
        lang, registry.queryUtility(ITranslationDirectories, default=[]))
