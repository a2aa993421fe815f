"""Numbers, money and months formatted with Babel for the interface
language of the request."""
import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal


class Formatter:
    """Locale-bound formatting for templates (``fmt.money(x)``).

    :param locale: a Babel locale name (``fi``, ``sv``, ``se``).
    """

    def __init__(self, locale):
        self.locale = locale

    def number(self, value):
        """A count or a decimal, grouped per locale; None → empty."""
        if value is None or value == '':
            return ''
        return format_decimal(Decimal(str(value)), locale=self.locale)

    def money(self, value):
        """Euros: ``1 234,50 €`` in Finnish."""
        if value is None or value == '':
            return ''
        return format_currency(Decimal(str(value)), 'EUR',
                               locale=self.locale)

    def day(self, text):
        """``2016-01-01`` → ``1.1.2016`` in Finnish."""
        return format_date(datetime.date.fromisoformat(text),
                           locale=self.locale)

    def month(self, text):
        """``2015-03`` → ``maaliskuu 2015``."""
        year, month = (int(part) for part in text.split('-'))
        return format_date(datetime.date(year, month, 1), 'LLLL yyyy',
                           locale=self.locale)


def formatter(request):
    """The :class:`Formatter` of the request's interface language."""
    return Formatter(request.localizer.locale_name)
