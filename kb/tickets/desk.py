"""The ticket lifecycle: open → resolve → close (or cancel), and flags.

Times are the server's clock, stored as stamps (:mod:`kb.clock`); months,
days and arrival slots are Finnish (Europe/Helsinki). Closing registers the
performance for good: the report aggregates of the closing month are
updated in the same transaction, with the unit price in force that day.
"""
import re
import secrets

from BTrees.OOBTree import OOBTree
from pyramid.authorization import ACLHelper

from kb import refdata, security
from kb.clock import local, seconds_between, stamp, utcnow
from kb.errors import (
    ForbiddenError,
    NotFoundError,
    StateConflictError,
    ValidationError,
)
from kb.events import ObjectAdded, ObjectModified, TicketClosed
from kb.i18n import _
from kb.privacy import refuse_personal_data
from kb.tickets.model import Counter, Flag, Ticket

OUTCOMES = ('resolved', 'referred', 'not_resolved')
#: Card kinds that name other cards and have no tickets of their own.
GUIDE_KINDS = ('procedure', 'package')
FLAG_REASONS = ('wrong', 'unclear', 'outdated')
NOTE_MAX = 500
COMMENT_MAX = 1000
FEEDBACK_MAX = 300
#: The customer's rating at closing: 1 (poor) .. 5 (excellent).
RATINGS = range(1, 6)
VISIT_RE = re.compile(r'^[a-z0-9][a-z0-9-]{0,39}$')
WITHIN = 30 * 60  # the pilot's "closed within 30 minutes" subset
SLOTS = ((8, 10, '08-10'), (10, 12, '10-12'), (12, 14, '12-14'),
         (14, 16, '14-16'))
OUT_OF_HOURS = '16-08'


def month_of(moment):
    """The Finnish month ('YYYY-MM') of a stamp or aware datetime."""
    return local(moment).strftime('%Y-%m')


def slot_of(moment):
    """The pilot's arrival slot of a stamp: 10:00 exactly is 10-12."""
    hour = local(moment).hour
    for start, end, name in SLOTS:
        if start <= hour < end:
            return name
    return OUT_OF_HOURS


def _problem(field, message):
    return ValidationError(message, details=[{'field': field,
                                             'message': message}])


def check_free_text(text, field, limit):
    """Refuse text that is too long or holds personal data (422)."""
    if text is None:
        return ''
    if not isinstance(text, str) or len(text) > limit:
        raise _problem(field, _('This is text of at most ${max} '
                                'characters.', mapping={'max': limit}))
    refuse_personal_data(text, field)
    return text.strip()


class TicketDesk:
    """Ticket operations for one user.

    :param root: the application root.
    :param user: the acting user (an advisor for the lifecycle).
    :param notify: announces an event (the registry's ``notify``).
    :param clock: returns the aware current datetime (the registry's).
    :param point: the service point of the user's service events, one
        of theirs (default: their home point; see
        :func:`kb.security.service_point`).

    What the user may do is asked of the ACLs: the root's (who works
    with tickets at all) and each service point's (whose tickets).
    """

    def __init__(self, root, user, notify, clock=utcnow, point=None):
        self.root = root
        self.store = root['tickets']
        self.user = user
        self.clock = clock
        self.notify = notify
        self.may = security.user_permits(user)
        self.point = point or security.own_point(user)

    def _point(self, code):
        """The service point ``code`` as a security context (the root
        for an unknown code, where only site-wide grants count)."""
        return self.root['points'].get(code) or self.root

    def now(self):
        return stamp(self.clock())

    # -- lookup -----------------------------------------------------

    def get(self, ticket_id):
        """The ticket ``ticket_id`` of one of the user's own points.

        :raises NotFoundError: for another point's or unknown tickets.
        """
        point, month = _locate(ticket_id)
        bucket = self.store.month(point, month) if point else None
        ticket = bucket.tickets.get(ticket_id) if bucket else None
        if ticket is None or not self.may_see(ticket):
            raise NotFoundError(_('Not found.'))
        return ticket

    def may_see(self, ticket):
        return self.may(security.POINT_TICKETS, self._point(ticket.point))

    def _own(self, ticket):
        if not self.may(security.HANDLE_TICKETS, self._point(ticket.point)):
            raise ForbiddenError(
                _('Only an advisor of the ticket\'s service point may do '
                  'this.'))

    # -- lifecycle --------------------------------------------------

    def open(self, card_id, channel, lang, visit=None, note=None,
             point=None):
        user = self.user
        if not self.may(security.TICKETS, self.root):
            raise ForbiddenError(_('Only advisors open tickets.'))
        point = point or self.point
        if not refdata.is_code(point, self.root['points']):
            raise _problem('point', _('Unknown service point "${code}".',
                                      mapping={'code': str(point)}))
        # NB: one of the advisor's own points, whose ACLs grant the
        # ticket work to each of their points' principals
        if not self.may(security.HANDLE_TICKETS, self._point(point)):
            raise ForbiddenError(
                _('You do not serve at this service point.'))
        card = self.root['cards'].get(card_id) if isinstance(
            card_id, str) else None
        today = local(self.now()).date()
        version = card.live_number(today) if card is not None else None
        readable = version is not None and ACLHelper().permits(
            card, security.ADVISOR_PRINCIPALS, security.VIEW)
        if not readable:
            raise _problem('card', _('There is no published card '
                                     '"${id}".',
                                     mapping={'id': str(card_id)}))
        content = card.versions[version].content
        if content.get('kind') in GUIDE_KINDS:
            raise _problem('card', _(
                'A service package or procedure guide has no tickets of its '
                'own: open the ticket on the service card the customer\'s '
                'matter is about.'))
        if not content.get('channels'):
            raise _problem('channel', _('This card offers no channels, so '
                                        'no ticket can be opened on it.'))
        if not refdata.is_code(channel, content.get('channels') or ()):
            raise _problem('channel', _(
                'The card offers the channels ${channels}.',
                mapping={'channels': ', '.join(content.get('channels')
                                               or ())}))
        if not refdata.is_code(lang, refdata.LANGUAGES):
            raise _problem('lang', _('Unknown language.'))
        if visit is not None and not (isinstance(visit, str)
                                      and VISIT_RE.match(visit)):
            raise _problem('visit', _('A visit id is 1 to 40 lower-case '
                                      'letters, digits and hyphens.'))
        if visit is not None:
            # NB: identity codes only: a visit id is often an earlier
            # ticket's id, whose random hex digits may look like a phone
            refuse_personal_data(visit, 'visit', kinds=('identity_code',))
        note = check_free_text(note, 'note', NOTE_MAX)
        opened = self.now()
        month = month_of(opened)
        ticket_id = f'{point}-{month.replace("-", "")}-{secrets.token_hex(5)}'
        ticket = Ticket(ticket_id, point, user.name, card.provider, card.id,
                        version, channel, lang, opened, visit or ticket_id,
                        note, ranked_suoritteet(
                            content, usage_at(self.store, point, month,
                                              card.id, channel)))
        self.store.month(point, month, create=True).tickets[
            ticket_id] = ticket
        return ticket

    def resolve(self, ticket, suorite, outcome):
        """Record (or change, before closing) the performance type and
        the outcome."""
        self._own(ticket)
        if ticket.state not in ('open', 'resolved'):
            raise _state_error(ticket, 'resolve')
        if not refdata.is_code(suorite, ticket.suoritteet) or (
            suorite not in refdata.allowed_suoritteet(ticket.provider)
        ):
            raise _problem('suorite', _(
                'This card allows the performance types ${types}.',
                mapping={'types': ', '.join(ticket.suoritteet) or '-'}))
        if not refdata.is_code(outcome, OUTCOMES):
            raise _problem('outcome', _(
                'The outcome is one of ${outcomes}.',
                mapping={'outcomes': ', '.join(OUTCOMES)}))
        ticket.suorite = suorite
        ticket.outcome = outcome
        if ticket.resolved is None:
            ticket.resolved = max(self.now(), ticket.opened)
        ticket.state = 'resolved'

    def close(self, ticket, rating=None, feedback=None):
        """Register the performance for good, with the customer's
        feedback if they gave any (an optional rating and text)."""
        self._own(ticket)
        if ticket.state != 'resolved':
            raise _state_error(ticket, 'close')
        rating = check_rating(rating)
        feedback = check_free_text(feedback, 'feedback', FEEDBACK_MAX)
        ticket.rating = rating
        ticket.feedback = feedback
        closed = max(self.now(), ticket.resolved)
        price = self.root['prices'].price(
            ticket.provider, ticket.suorite, local(closed).date().isoformat())
        ticket.unit_price = str(price[1]) if price else None
        ticket.closed = closed
        ticket.state = 'closed'
        record(self.store, ticket)
        self.notify(TicketClosed(ticket, self.store))

    def cancel(self, ticket):
        """A ticket opened by mistake: never counted, never billed."""
        self._own(ticket)
        if ticket.state not in ('open', 'resolved'):
            raise _state_error(ticket, 'cancel')
        ticket.cancelled = self.now()
        ticket.state = 'cancelled'

    def open_past_day(self, point):
        """Tickets of ``point`` still open after the day they were opened
        (for the point manager)."""
        today = local(self.now()).date()
        found = []
        months = self.store.points.get(point)
        for bucket in (months.values() if months else ()):
            for ticket in bucket.tickets.values():
                if ticket.state in ('open', 'resolved') and (
                    local(ticket.opened).date() < today
                ):
                    found.append(ticket)
        return found

    def open_today(self):
        """The user's own tickets opened today at any of their points and
        neither closed nor cancelled yet, oldest first (only this month's
        bucket of each point is read)."""
        now = self.now()
        today = local(now).date()
        found = []
        for point in security.own_points(self.user):
            bucket = self.store.month(point, month_of(now))
            found += [
                ticket for ticket in (bucket.tickets.values() if bucket
                                      else ())
                if ticket.advisor == self.user.name
                and ticket.state in ('open', 'resolved')
                and local(ticket.opened).date() == today
            ]
        return sorted(found, key=lambda ticket: ticket.opened)

    # -- flags ------------------------------------------------------

    def flag(self, card, reason, comment, ticket=None):
        """Flag ``card`` for its provider, optionally from one of the
        user's tickets about it.

        :raises ValidationError: for a bad reason or comment, or a
            ticket about another card.
        """
        if not self.may(security.TICKETS, self.root):
            raise ForbiddenError(_('Only advisors flag cards.'))
        # NB: a flag from a ticket is of the ticket's point, whatever
        # point the advisor has chosen since
        point = self.point if ticket is None else self.get(ticket).point
        if ticket is not None and self.get(ticket).card != card.id:
            raise ValidationError(_('The ticket is not about this card.'),
                                  details=[{'field': 'ticket',
                                            'message': str(ticket)}])
        if not refdata.is_code(reason, FLAG_REASONS):
            raise _problem('reason', _(
                'The reason is one of ${reasons}.',
                mapping={'reasons': ', '.join(FLAG_REASONS)}))
        comment = check_free_text(comment, 'comment', COMMENT_MAX)
        flags = self.store.flags.get(card.provider)
        if flags is None:
            flags = self.store.flags[card.provider] = OOBTree()
        flag_id = f'{int(self.clock().timestamp())}-{secrets.token_hex(3)}'
        flag = Flag(flag_id, card.id, card.provider, reason, comment,
                    self.user.name, point, self.now(), ticket)
        flags[flag_id] = flag
        _locate_flag(flag, self.store)
        self.notify(ObjectAdded(flag, self.user.name, card=card.id,
                                provider=card.provider, reason=reason))
        return flag


def check_rating(rating):
    """An optional rating: None or an integer 1..5 (a form's digit
    string too); anything else is a 422 on ``rating``."""
    if rating is None or rating == '':
        return None
    if isinstance(rating, str) and rating in ('1', '2', '3', '4', '5'):
        rating = int(rating)
    if isinstance(rating, bool) or not isinstance(rating, int) or (
            rating not in RATINGS):
        raise _problem('rating', _('The rating is a whole number from 1 '
                                   'to 5.'))
    return rating


def ranked_suoritteet(content, usage):
    """A card's performance types, most likely first: the one the card
    names as its default, then by ``usage`` (code → tickets closed), then
    in the card's order. The ticket panel numbers them 1..n in this
    order, so key 1 is the likely one."""
    listed = list(content.get('suoritteet') or ())
    default = content.get('default_suorite')
    return tuple(sorted(listed, key=lambda code: (
        code != default, -usage.get(code, 0), listed.index(code))))


def usage_at(store, point, month, card, channel):
    """Performance type → tickets closed for ``card`` in ``channel`` at
    ``point`` in ``month`` and the month before (so that a new month
    does not start from nothing). Two small counters are read."""
    year, number = map(int, month.split('-'))
    before = f'{year - 1}-12' if number == 1 else f'{year}-{number - 1:02d}'
    found = {}
    for code in (before, month):
        bucket = store.month(point, code)
        usage = bucket.usage if bucket is not None else None
        for (used_card, used_channel, suorite), n in (
                usage.items() if usage is not None else ()):
            if used_card == card and used_channel == channel:
                found[suorite] = found.get(suorite, 0) + n
    return found


def count_usage(bucket, ticket):
    """Count a closed ticket in its bucket's usage."""
    if bucket.usage is None:
        bucket.usage = Counter()
    bucket.usage.add((ticket.card, ticket.channel, ticket.suorite))


def record(store, ticket):
    """Add a closed ticket to its closing month's aggregates."""
    month = month_of(ticket.closed)
    bucket = store.month(ticket.point, month, create=True)
    count_usage(bucket, ticket)
    store.forget_rollups(ticket.point, month)
    aggregates = bucket.aggregates
    provider = ticket.provider
    aggregates.count(('n', provider, ticket.suorite, ticket.card,
                      ticket.unit_price or ''))
    aggregates.count(('slot', provider, slot_of(ticket.opened)))
    aggregates.count(('outcome', provider, ticket.card, ticket.outcome))
    if ticket.rating or ticket.feedback:
        aggregates.count(('feedback', provider, ticket.card,
                          ticket.rating or 0))
    resolved = seconds_between(ticket.opened, ticket.resolved)
    closed = seconds_between(ticket.opened, ticket.closed)
    measures = [('resolved', resolved), ('closed', closed)]
    if closed <= WITHIN:
        measures += [('resolved30', resolved), ('closed30', closed)]
    for kind, key in (('all', ''), ('suorite', ticket.suorite),
                      ('card', ticket.card)):
        for measure, seconds in measures:
            aggregates.duration((provider, kind, key), measure, seconds)


def close_flag(store, user, provider, flag_id, resolution, notify):
    """Close an advisor's flag, saying what was done. Only the owning
    provider's staff and the central editor may; to anyone else the
    flag does not exist. ``notify`` announces it (for the audit log).

    :raises NotFoundError: no such flag for this user.
    :raises StateConflictError: the flag is closed already (a second
        click: its advisor is told once).
    :raises ValidationError: no resolution, one over 1,000 characters or
        one with personal data.
    """
    flags = store.flags.get(provider)
    flag = flags.get(flag_id) if flags else None
    if flag is None or not (security.every_provider(user)
                            or security.own_provider(user) == provider):
        raise NotFoundError(_('Not found.'))
    if flag.state == 'closed':
        raise StateConflictError(_('This flag is closed already.'),
                                 details={'card': flag.card},
                                 code='flag_closed')
    if not isinstance(resolution, str) or not (
            0 < len(resolution.strip()) and len(resolution) <= 1000):
        raise _problem('resolution', _('Say briefly what was done.'))
    refuse_personal_data(resolution, 'resolution')
    flag.state = 'closed'
    flag.resolution = resolution.strip()
    _locate_flag(flag, store)
    notify(ObjectModified(flag, user.name, change='resolve', card=flag.card,
                          provider=provider))
    return flag


def _locate_flag(flag, store):
    """Give ``flag`` its lineage (flags made before it had none)."""
    if flag.__parent__ is None:
        flag.__name__ = flag.id
        flag.__parent__ = store


def offered_suoritteet(ticket):
    """The performance types a ticket may be resolved with: the card's,
    limited to those its provider prices."""
    allowed = refdata.allowed_suoritteet(ticket.provider)
    return [code for code in ticket.suoritteet if code in allowed]


def _locate(ticket_id):
    """(point, 'YYYY-MM') from a ticket id, or (None, None)."""
    if not isinstance(ticket_id, str):
        return None, None
    parts = ticket_id.rsplit('-', 2)
    if len(parts) != 3 or len(parts[1]) != 6 or not parts[1].isdigit():
        return None, None
    return parts[0], f'{parts[1][:4]}-{parts[1][4:]}'


def _state_error(ticket, action):
    return StateConflictError(
        _('The ticket is ${state}: "${action}" is not possible.',
          mapping={'state': ticket.state, 'action': action}),
        details={'state': ticket.state}, code='invalid_state')


def desk_of(request):
    """The :class:`TicketDesk` of ``request``'s user, on the registry's
    clock and events."""
    return TicketDesk(request.root, request.user, request.registry.notify,
                      request.registry.clock, request.point)
