"""The performance price list: minutes × minute price, effective-dated.

Each (provider, performance type) has a list of price periods; a bill
uses the period in force on the day the ticket was closed.
"""
from decimal import Decimal

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from kb import refdata


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
        minutes = current[1]
        return minutes, (Decimal(current[2]) * minutes).quantize(
            Decimal('0.01')
        )


def load_pilot_prices(prices):
    """Fill ``prices`` from ``suoritteet.csv`` (the pilot's table)."""
    for code, entry in refdata.suoritteet().items():
        for provider, (minutes, _price) in entry['prices'].items():
            prices.set_price(
                provider, code, refdata.PILOT_START, minutes,
                refdata.PILOT_MINUTE_PRICE,
            )
