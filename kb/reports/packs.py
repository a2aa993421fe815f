"""Month-end and quarter-end report packs (seed 004, 3.4.3: the standard
reports "ajetaan automaattisesti jokaisen kuukauden lopussa").

After each finished month the monthly report, and after each finished
quarter the bills, are computed by :mod:`kb.tickets.reports` exactly as
the on-demand reports are, for the whole country (the central desk),
each provider and each active service point, and kept in
``root['report_packs']``: the figures only (no ticket, no customer
data), compressed, one small object per pack. Those who may read the
same report on demand may download the pack (:func:`may_read`).

A period is packed once (:meth:`PackStore.make`); the daily job
(:func:`kb.runtime.jobs.make_report_packs`) packs every period finished
since the last one packed, so it catches up after downtime.
"""
from email.message import EmailMessage
import json
from types import SimpleNamespace
import zlib

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories

from kb import refdata, security
from kb.directory.recipients import language_of
from kb.directory.tables import directory_of
from kb.errors import ForbiddenError, NotFoundError, ValidationError
from kb.i18n import _
from kb.mail import one_line, send_after_commit
from kb.reports.spreadsheet import spreadsheet_text
from kb.reports.tables import billing_table, monthly_rows
from kb.tickets.model import _previous
from kb.tickets.reports import billing, monthly, parse_month, parse_quarter

NAME = 'report_packs'
KINDS = ('monthly', 'billing')
SCOPES = ('national', 'provider', 'point')
#: Periods of one kind packed in one run at most: a long downtime is
#: caught up over a few days rather than in one huge transaction.
CATCH_UP = 12


class PackData(Persistent):
    """The compressed JSON figures of one pack, loaded only when read."""

    def __init__(self, report):
        self.blob = zlib.compress(json.dumps(
            report, ensure_ascii=False, separators=(',', ':')).encode())


class Pack(Persistent):
    """One report of one period for one scope, as it was computed when
    the period had ended."""

    def __init__(self, kind, period, scope, code, created, report):
        self.kind = kind
        self.period = period
        self.scope = scope
        self.code = code  # the provider's or point's code; '' national
        self.created = created  # a stamp (kb.clock)
        self.data = PackData(report)

    @property
    def id(self):
        return pack_id(self.kind, self.period, self.scope, self.code)

    def report(self):
        """The figures, as :func:`kb.tickets.reports.monthly` or
        :func:`~kb.tickets.reports.billing` gave them."""
        return json.loads(zlib.decompress(self.data.blob))

    def describe(self):
        return {'id': self.id, 'kind': self.kind, 'period': self.period,
                'scope': self.scope, 'code': self.code or None,
                'created': self.created}


def pack_id(kind, period, scope, code=''):
    """``monthly-2015-03-national``, ``billing-2015Q1-point-mikkeli``."""
    return '-'.join(part for part in (kind, period, scope, code) if part)


class PackStore(Persistent):
    """id → :class:`Pack`, and the last period of each kind packed."""

    __name__ = NAME
    __parent__ = None

    def __init__(self):
        self.packs = OOBTree()
        #: kind → the last period packed ('YYYY-MM' or 'YYYYQn')
        self.through = OOBTree()

    def make(self, root, kind, period, created):
        """The missing packs of ``period``, one per scope.

        :returns: the new :class:`Pack` objects.
        """
        store = root['tickets']
        made = []
        for scope, code in scopes(root):
            key = pack_id(kind, period, scope, code)
            if key in self.packs:
                continue
            point = code if scope == 'point' else None
            provider = code if scope == 'provider' else None
            report = monthly(store, period, point, provider) \
                if kind == 'monthly' else \
                billing(store, period, point, provider,
                        prices=root['prices'])
            pack = self.packs[key] = Pack(kind, period, scope, code,
                                          created, report)
            made.append(pack)
        return made

    def make_due(self, root, month, created):
        """Pack every month and quarter finished before ``month``
        ('YYYY-MM', the current one) since the last packed (at most
        :data:`CATCH_UP` of each kind); the first run packs the last
        finished month and quarter only.

        :returns: the new :class:`Pack` objects.
        """
        made = []
        for kind, due in (('monthly', finished_months(month)),
                          ('billing', finished_quarters(month))):
            last = self.through.get(kind)
            periods = [period for period in due
                       if last is None or period > last]
            if last is None:
                periods = periods[-1:]
            for period in periods[:CATCH_UP]:
                made += self.make(root, kind, period, created)
                self.through[kind] = period
        return made

    def visible(self, readable=lambda pack: True, kind=None, period=None):
        """The packs for which ``readable(pack)`` is true, of ``kind``
        and ``period`` if given, newest period first."""
        found = sorted((pack for pack in self.packs.values()
                        if kind in (None, pack.kind)
                        and period in (None, pack.period)
                        and readable(pack)),
                       key=lambda pack: (SCOPES.index(pack.scope),
                                         pack.code))
        return sorted(found, key=lambda pack: (last_month(pack.period),
                                               pack.kind), reverse=True)


def scopes(root):
    """(scope, code): the country, each provider but the central desk
    (which has no services), each active service point."""
    directory = directory_of(root)
    yield 'national', ''
    for code in sorted(set(directory.providers) - {'central'}):
        yield 'provider', code
    for code, row in sorted(directory.points.items()):
        if row['active']:
            yield 'point', code


def finished_months(month, count=CATCH_UP * 4):
    """The ``count`` months before ``month``, oldest first."""
    months = []
    for _i in range(count):
        month = _previous(month)
        months.append(month)
    return months[::-1]


def finished_quarters(month):
    """The quarters ended before ``month``, oldest first (as many as
    :func:`finished_months` covers)."""
    return [f'{earlier[:4]}Q{int(earlier[5:]) // 3}'
            for earlier in finished_months(month)
            if earlier.endswith(('-03', '-06', '-09', '-12'))]


def last_month(period):
    """The last month of a month or a quarter ('YYYY-MM')."""
    return parse_quarter(period)[1] if 'Q' in period else period


def may_read(user, pack):
    """Whether ``user`` (who may read reports) may read ``pack``: as for
    the reports on demand (:func:`kb.reports.scope.scope`), a point
    manager their point's packs, provider staff their provider's, the
    central editor and administrators every pack (a manager of several
    points: each of theirs)."""
    points = security.own_points(user)
    if points:
        return pack.scope == 'point' and pack.code in points
    provider = security.own_provider(user)
    if provider is not None:
        return pack.scope == 'provider' and pack.code == provider
    return True


def readable_pack(request, pack_id):
    """The pack ``pack_id`` if the caller may read it.

    :raises NotFoundError: no such pack.
    :raises ForbiddenError: another point's or provider's pack.
    """
    pack = request.root[NAME].packs.get(pack_id)
    if pack is None:
        raise NotFoundError(_('No such report pack.'))
    if not may_read(request.user, pack):
        raise ForbiddenError(_('You may not do this.'))
    return pack


def listed(request):
    """The packs the caller may read, filtered by the query's ``kind``
    and ``period``, newest first."""
    kind = request.params.get('kind') or None
    period = request.params.get('period') or None
    check_period(kind, period)
    return request.root[NAME].visible(
        lambda pack: may_read(request.user, pack), kind, period)


def check_period(kind, period):
    """A kind ('monthly', 'billing' or None) and a period (None,
    'YYYY-MM' or 'YYYYQn'), checked."""
    if kind not in (None,) + KINDS:
        raise ValidationError(_('Unknown kind of report.'), details=[
            {'field': 'kind', 'message': str(kind)}])
    if period is not None:
        (parse_quarter if 'Q' in period else parse_month)(period)
    return kind, period


def check_finished(period, month):
    """A period ('YYYY-MM' or 'YYYYQn') that ended before ``month``
    (the current one): a pack is made once, so it must hold the whole
    period.

    :raises ValidationError: for a period not finished yet.
    """
    if last_month(period) >= month:
        raise ValidationError(_(
            'Only a finished month or quarter can be packed.'), details=[
                {'field': 'period', 'message': period}])
    return period


# -- files and mail --------------------------------------------------

def pack_table(pack, table=None):
    """(rows, file name) of one CSV table of ``pack``: the monthly
    report, or of the bills ``table`` 'bills' (the default) or 'times',
    the priced minutes against the measured times."""
    report = pack.report()
    if pack.kind == 'monthly':
        return monthly_rows(report), f'{pack.id}.csv'
    rows, _name = billing_table(report, table)
    return rows, f"{pack.id}{'-times' if table == 'times' else ''}.csv"


def pack_tables(pack):
    """Every table of ``pack`` as :func:`pack_table` gives it."""
    tables = ('bills', 'times') if pack.kind == 'billing' else (None,)
    return [pack_table(pack, table) for table in tables]


SUBJECTS = {
    'monthly': _('Monthly report ${period}: ${scope}'),
    'billing': _("The quarter's bills ${period}: ${scope}"),
}
BODY = _('The figures of the report are attached as a file for a '
         'spreadsheet. The report is also kept for download on the '
         'report pages of the knowledge base.')


def recipients_of(root, pack):
    """The provider or service point a pack goes to (None for the
    national pack, which the central desk downloads)."""
    if pack.scope == 'provider':
        return root['providers'].get(pack.code)
    if pack.scope == 'point':
        return root['points'].get(pack.code)
    return None


def mail_packs(root, registry, made):
    """Mail each pack in ``made`` to its provider's or point's report
    recipients, in their language, once the transaction commits."""
    directory = directory_of(root, registry)
    messages = []
    for pack in made:
        owner = recipients_of(root, pack)
        if owner is None or not owner.report_recipients:
            continue
        reader = Reader(registry, root, directory, language_of(owner))
        messages.append(pack_message(reader, pack, owner.report_recipients))
    send_after_commit(root, registry.settings, messages)
    return messages


class Reader(SimpleNamespace):
    """What :func:`kb.reports.spreadsheet.spreadsheet_text` reads of a
    request, for a reader of ``lang`` outside any request."""

    def __init__(self, registry, root, directory, lang):
        super().__init__(root=root, directory=directory,
                         localizer=make_localizer(lang, registry.queryUtility(
                             ITranslationDirectories, default=[])))


def pack_message(reader, pack, addresses):
    """A message to ``addresses`` with the spreadsheet files of
    ``pack`` in the reader's language."""
    tr = reader.localizer.translate
    lang = reader.localizer.locale_name
    table = reader.directory.providers if pack.scope == 'provider' else \
        reader.directory.points
    message = EmailMessage()
    message['To'] = ', '.join(addresses)
    # NB: one line, whatever breaks an administrator put in a name
    message['Subject'] = one_line(tr(_(SUBJECTS[pack.kind], mapping={
        'period': pack.period,
        'scope': refdata.name_of(table, pack.code, lang)})))
    message.set_content(tr(BODY))
    for rows, name in pack_tables(pack):
        message.add_attachment(spreadsheet_text(reader, rows),
                               subtype='csv', filename=name)
    return message
