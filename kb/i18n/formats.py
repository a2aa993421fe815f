"""Dates, times, opening hours, numbers and money formatted with Babel
for one interface language: the one place that knows the formats.

Instants are shown in Finnish time whatever form they are stored in
(epoch seconds, ISO text with ``Z`` or an offset, an aware datetime).
Northern Sámi takes its names (months, weekdays) from Babel's ``se_FI``
data, but Babel's Sámi patterns are thin (``2015 njuk 5``, ``07:24:32``
in Norway's order), so its dates and times follow ``PATTERNS``: numeric
dates and ``dii.`` (diibmu, o'clock) with a full stop between hours and
minutes, as written in the Sámi homeland in Finland
(``5.3.2015 dii. 14.30``; to be confirmed by a native speaker, see
``docs/translation-review.md``).
"""
import datetime
from decimal import Decimal
import re

from babel.dates import (
    format_date,
    format_datetime,
    format_time,
    get_day_names,
    get_month_names,
)
from babel.numbers import format_currency, format_decimal

from kb.clock import HELSINKI

#: Interface language → the Babel locale its formats come from.
BABEL_LOCALES = {'se': 'se_FI'}
#: Interface language → width → a Babel pattern of our own, where the
#: locale's data gives no usable one.
PATTERNS = {
    'se': {
        'date': 'd.M.yyyy',
        'time': 'H.mm',
        'short': "d.M.yyyy 'dii'. H.mm",
        'medium': "d.M.yyyy 'dii'. H.mm.ss",
    },
}
#: English abbreviations the opening hours are written with
#: (``Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00``; see ``docs/ui-admin.md``).
WEEKDAYS = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
          'Oct', 'Nov', 'Dec')
_HOURS_PART = re.compile(
    r'^(?P<first>[A-Z][a-z]{2})(?:-(?P<last>[A-Z][a-z]{2}))?\s+'
    r'(?P<start>\d{2}:\d{2})-(?P<end>\d{2}:\d{2})$'
)


def instant(value):
    """An epoch, ISO text or aware datetime as a datetime in Finnish
    time."""
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, HELSINKI)
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    return value.astimezone(HELSINKI)


class Formatter:
    """Locale-bound formatting for templates (``fmt.money(x)``).

    :param locale: an interface language (``fi``, ``sv``, ``se``).
    """

    def __init__(self, locale):
        self.locale = locale
        self.babel = BABEL_LOCALES.get(locale, locale)
        self.patterns = PATTERNS.get(locale, {})

    def number(self, value):
        """A count or a decimal, grouped per locale; None → empty."""
        if value is None or value == '':
            return ''
        return format_decimal(Decimal(str(value)), locale=self.babel)

    def money(self, value):
        """Euros: ``1 234,50 €`` in Finnish."""
        if value is None or value == '':
            return ''
        return format_currency(Decimal(str(value)), 'EUR',
                               locale=self.babel)

    def date(self, day):
        """A ``date`` or ``2016-01-01``, medium format (``1.1.2016``)."""
        if isinstance(day, str):
            day = datetime.date.fromisoformat(day)
        return format_date(day, self.patterns.get('date', 'medium'),
                           locale=self.babel)

    def month(self, text):
        """``2015-03`` → ``maaliskuu 2015``."""
        year, month = (int(part) for part in text.split('-'))
        return format_date(datetime.date(year, month, 1), 'LLLL yyyy',
                           locale=self.babel)

    def moment(self, value, width='short'):
        """Date and time of an instant (see :func:`instant`) in Finnish
        time."""
        return format_datetime(instant(value),
                               self.patterns.get(width, width),
                               locale=self.babel)

    def time(self, value):
        """The time of day of an instant, short format."""
        return self._time(instant(value))

    def _time(self, value):
        return format_time(value, self.patterns.get('time', 'short'),
                           locale=self.babel)

    def when(self, iso):
        """An ISO date, or an ISO timestamp with its time (medium)."""
        if len(iso) == 10:
            return self.date(iso)
        return self.moment(iso, 'medium')

    def weekdays(self, codes):
        """Weekday codes (``Mon`` ... ``Sun``) as the locale's names,
        comma-separated: ``tiistai, torstai``."""
        names = get_day_names('wide', 'stand-alone', self.babel)
        return ', '.join(names[WEEKDAYS.index(code)] for code in codes)

    def opening_hours(self, text):
        """``Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00`` with the day and
        month names and the times of the locale; a part in any other
        form is shown as written."""
        return '; '.join(self._hours_part(part.strip())
                         for part in text.split(';') if part.strip())

    def _hours_part(self, part):
        match = _HOURS_PART.match(part)
        if match is None:
            return part
        names = [self._period_name(match[key])
                 for key in ('first', 'last') if match[key]]
        if None in names:
            return part
        try:
            times = [self._time(datetime.time.fromisoformat(match[key]))
                     for key in ('start', 'end')]
        except ValueError:  # free text: "08:00-24:00" is no time of day
            return part
        return f"{'–'.join(names)} {'–'.join(times)}"

    def _period_name(self, code):
        """A weekday's or month's abbreviation in the locale, or None."""
        if code in WEEKDAYS:
            return get_day_names('abbreviated', 'format', self.babel)[
                WEEKDAYS.index(code)]
        if code in MONTHS:
            return get_month_names('abbreviated', 'stand-alone', self.babel)[
                MONTHS.index(code) + 1]
        return None


def formatter(request):
    """The :class:`Formatter` of the request's interface language."""
    return Formatter(request.localizer.locale_name)
