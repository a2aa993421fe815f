"""What every intranet page shares: rendering, code labels in the
interface language, card lookup, form errors."""
import datetime

from babel.dates import format_date, format_datetime, format_time

from kb import refdata, security
from kb.errors import NotFoundError
from kb.i18n import _
from kb.tickets.desk import VISIT_RE
from kb.clock import HELSINKI, local
from kb.views.api.common import require
from kb.views.pages import render_page

THEME = 'intranet'
CHANNELS = {
    'electronic': _('Online'),
    'remote': _('Remote service'),
    'counter': _('At the counter'),
    'expert_visit': _('Expert visit'),
}
KINDS = {
    'service': _('Service'),
    'procedure': _('Procedure guide'),
    'package': _('Service package'),
    'notice': _('Notice'),
}
OUTCOMES = {
    'resolved': _('Resolved'),
    'referred': _('Referred to the provider'),
    'not_resolved': _('Not resolved'),
}
FLAG_REASONS = {
    'wrong': _('Wrong'),
    'unclear': _('Unclear'),
    'outdated': _('Out of date'),
}
TICKET_STATES = {
    'open': _('Open'),
    'resolved': _('Resolved, not closed'),
    'closed': _('Closed'),
    'cancelled': _('Cancelled'),
}
NOTICE_KINDS = {'disruption': _('Disruption'), 'change': _('Change')}
#: Each language by its own name (shown with its ``lang`` attribute).
LANGUAGE_NAMES = {
    'fi': 'suomi',
    'sv': 'svenska',
    'se': 'davvisámegiella',
    'smn': 'anarâškielâ',
    'sms': 'sääʹmǩiõll',
    'en': 'English',
}


class Labels:
    """Names of codes (channels, providers, ...) in the interface
    language, for the templates."""

    def __init__(self, request):
        self.translate = request.localizer.translate
        self.locale = request.localizer.locale_name

    def channel(self, code):
        return self.translate(CHANNELS[code]) if code in CHANNELS else code

    def kind(self, code):
        return self.translate(KINDS[code]) if code in KINDS else code

    def outcome(self, code):
        return self.translate(OUTCOMES[code]) if code in OUTCOMES else code

    def reason(self, code):
        return self.translate(FLAG_REASONS[code])

    def state(self, code):
        return self.translate(TICKET_STATES[code])

    def notice_kind(self, code):
        return self.translate(NOTICE_KINDS.get(code, code))

    def language(self, code):
        return LANGUAGE_NAMES.get(code, code)

    def provider(self, code):
        return refdata.name_of(refdata.providers(), code, self.locale)

    def life_event(self, code):
        return refdata.name_of(refdata.life_events(), code, self.locale)

    def suorite(self, code):
        """(name, its language) of a performance type, for a template
        that marks the name's ``lang`` (it may fall back to Finnish)."""
        return refdata.name_in(refdata.suoritteet(), code, self.locale)

    def moment(self, epoch):
        """Date and time of a stamp (Finnish time), short format."""
        return format_datetime(local(epoch), 'short', locale=self.locale)

    def date(self, day):
        """A ``date``, medium format."""
        return format_date(day, 'medium', locale=self.locale)

    def time(self, epoch):
        return format_time(local(epoch), 'short', locale=self.locale)

    def until(self, iso):
        """A notice's end (a UTC ISO timestamp) in Finnish time."""
        moment = datetime.datetime.strptime(iso, '%Y-%m-%dT%H:%M:%SZ')
        moment = moment.replace(tzinfo=datetime.timezone.utc)
        return format_datetime(moment.astimezone(HELSINKI), 'short',
                               locale=self.locale)


def card_title(request, card_id, number, lang):
    """(title, its language) of a card version a ticket is about."""
    card = request.root['cards'].get(card_id)
    if card is None or number not in card.versions:
        return card_id, None
    texts = card.versions[number].content['content']
    code = lang if lang in texts else 'fi' if 'fi' in texts else None
    return (texts[code]['title'], code) if code else (card_id, None)


def render(request, name, status=200, **values):
    """Render an intranet page with the labels and pending messages."""
    values.setdefault('labels', Labels(request))
    values.setdefault('messages', request.session.pop_flash())
    values.setdefault('section', None)
    values.setdefault('title_of', lambda ticket: card_title(
        request, ticket.card, ticket.card_version,
        request.localizer.locale_name))
    values.setdefault('errors', {})
    values.setdefault('error', None)
    values.setdefault('may_handle_tickets', bool(request.has_permission(
        security.TICKETS, request.root)))
    response = render_page(request, name, theme=THEME, **values)
    response.status_int = status
    return response


def readable_card(request, card_id):
    """(card, live version number) an advisor may read.

    :raises NotFoundError: for unknown, unpublished or hidden cards.
    """
    card = request.root['cards'].get(card_id)
    if card is None:
        raise NotFoundError(_('Not found.'))
    require(request, security.VIEW_INTRANET, card, hide=True)
    number = card.live_number(request.today)
    if number is None:
        raise NotFoundError(_('Not found.'))
    return card, number


def text_in(texts, lang):
    """The language of ``texts`` (by language) to show for ``lang``:
    itself, else Finnish, else the first there is."""
    if lang in texts:
        return lang
    return 'fi' if 'fi' in texts else sorted(texts)[0]


def field_errors(request, exc):
    """``field → message`` of a :class:`ValidationError` for showing the
    message beside each field it names."""
    message = request.localizer.translate(exc.message)
    details = exc.details if isinstance(exc.details, list) else []
    return {item['field']: message for item in details}


def visit_param(request):
    """The visit id carried between pages, if it is well formed."""
    visit = request.params.get('visit')
    return visit if visit and VISIT_RE.match(visit) else None
