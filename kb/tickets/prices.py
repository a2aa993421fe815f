"""The performance price list: minutes × minute price, effective-dated.

Each (provider, performance type) has a list of price periods; a bill
uses the period in force on the day the ticket was closed.
"""
from decimal import Decimal, InvalidOperation

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from kb import refdata
from kb.cards.exchange_format import parse_date
from kb.directory.tables import directory_of
from kb.errors import ValidationError
from kb.events import ObjectModified
from kb.i18n import _
from kb.untrusted import whole_number


class PriceList(Persistent):
    """(provider, suorite) → sorted tuple of (from ISO date, minutes,
    minute price as a string)."""

    __name__ = 'prices'
    __parent__ = None

    def __init__(self):
        self.periods = OOBTree()

    def set_price(self, provider, suorite, effective, minutes, minute_price):
        key = (provider, suorite)
        periods = dict((p[0], p) for p in self.periods.get(key, ()))
        periods[effective] = (effective, int(minutes), str(minute_price))
        self.periods[key] = tuple(sorted(periods.values()))

    def period(self, provider, suorite, on):
        """(from, minutes, minute price) in force on ISO date ``on``."""
        current = None
        for period in self.periods.get((provider, suorite), ()):
            if period[0] <= on:
                current = period
        return current

    def change(self, effective, provider=None, suorite=None, minutes=None,
               minute_price=None):
        """New minutes for one pair, or a new minute price for one pair
        or (without a provider) for all, from ``effective`` on.

        :returns: the number of (provider, type) pairs changed.
        """
        keys = [(provider, suorite)] if provider else list(self.periods)
        for key in keys:
            current = self.period(*key, effective) or (effective, 0, '0')
            self.set_price(
                *key, effective,
                current[1] if minutes is None else minutes,
                current[2] if minute_price is None else minute_price)
        return len(keys)

    def price(self, provider, suorite, on):
        """(minutes, unit price in €) in force on ISO date ``on``, or
        None if the type is unpriced for that provider then."""
        current = self.period(provider, suorite, on)
        if current is None or current[1] == 0:
            return None
        return current[1], unit_price_of(current)

    def minutes_for(self, provider, suorite, unit_price, month):
        """The minutes a performance billed at ``unit_price`` (a string
        of €) was priced at: those of the latest period begun by the
        end of ``month`` ('YYYY-MM') with that unit price, or None."""
        found = None
        for period in self.periods.get((provider, suorite), ()):
            if period[0] <= month + '-31' and period[1] and \
                    unit_price_of(period) == Decimal(unit_price):
                found = period[1]
        return found


def unit_price_of(period):
    """minutes × minute price of a price period, in €."""
    return (Decimal(period[2]) * period[1]).quantize(Decimal('0.01'))


def load_pilot_prices(prices):
    """Fill ``prices`` from ``suoritteet.csv`` (the pilot's table)."""
    for code, entry in refdata.suoritteet().items():
        for provider, (minutes, _price) in entry['prices'].items():
            prices.set_price(
                provider, code, refdata.PILOT_START, minutes,
                refdata.PILOT_MINUTE_PRICE,
            )


def change_prices(root, registry, actor, effective, provider=None,
                  suorite=None, minutes=None, minute_price=None):
    """Check and apply a price change (see :meth:`PriceList.change`);
    the API and the administration pages both use this.

    :raises ValidationError: listing every problem by field.
    :returns: ``{"effective", "changed"}``.
    """
    day = parse_date(effective)
    problems = []
    if day is None:
        problems.append({'field': 'effective',
                         'message': _('Write the date as YYYY-MM-DD.')})
    if (provider is None) != (suorite is None) or (
        provider is not None and not (
            refdata.is_code(provider,
                            directory_of(root, registry).providers)
            and refdata.is_code(suorite, refdata.suoritteet()))
    ):
        problems.append({'field': 'provider', 'message': _(
            'Give both a provider and a performance type, or neither.')})
    minutes = whole_number(minutes)
    if minutes is not None and (not isinstance(minutes, int) or isinstance(
            minutes, bool) or not 0 <= minutes <= 240 or provider is None):
        problems.append({'field': 'minutes', 'message': _(
            'Minutes are a whole number from 0 to 240, for one provider '
            'and performance type.')})
    price = _decimal(minute_price)
    if minute_price is not None and price is None:
        problems.append({'field': 'minute_price', 'message': _(
            'The minute price is a decimal number of euros, such as '
            '"0.59".')})
    if minutes is None and minute_price is None:
        problems.append({'field': 'minutes', 'message': _(
            'Give new minutes or a new minute price.')})
    if problems:
        raise ValidationError(_('The price change has errors.'),
                              details=problems)
    prices = root['prices']
    changed = prices.change(day.isoformat(), provider, suorite, minutes,
                            price)
    registry.notify(ObjectModified(
        prices, actor, change='price', effective=day.isoformat(),
        provider=provider, suorite=suorite, minutes=minutes,
        minute_price=minute_price))
    return {'effective': day.isoformat(), 'changed': changed}


def _decimal(value):
    if not isinstance(value, str):
        return None
    try:
        price = Decimal(value)
    except InvalidOperation:
        return None
    return price if Decimal('0') <= price <= Decimal('100') else None
