"""Tickets shaped like the pilot (``kb demo tickets``).

For every point and provider of ``pilot_volumes.csv``, exactly that many
closed tickets between 23.9.2014 and 30.4.2015, on weekdays, arriving
within the point's opening hours (``service_points.csv``), for the
provider's demo cards. Each point–provider pair gets a mix of two
performance types whose prices bracket the pilot's average compensation
(``pilot_compensation.csv``), so the bills come close to the pilot's
euros. Handling times are drawn around each type's minutes. Seeded, so
the same seed gives the same tickets.
"""
import datetime
from decimal import Decimal
import math
import random
import re

from kb import refdata
from kb.clock import HELSINKI, helsinki_today, local, stamp, utcnow
from kb.directory.tables import directory_of
from kb.tickets.desk import month_of, record
from kb.tickets.model import Ticket

START = datetime.date(2014, 9, 23)
END = datetime.date(2015, 4, 30)
DAYS = {'Mon': 0, 'Tue': 1, 'Wed': 2, 'Thu': 3, 'Fri': 4, 'Sat': 5,
        'Sun': 6}
HOURS_RE = re.compile(r'(\w{3})(?:-(\w{3}))?\s+(\d\d):(\d\d)-(\d\d):(\d\d)')
OUTCOMES = (('resolved', 0.85), ('referred', 0.10), ('not_resolved', 0.05))


def opening_hours(text):
    """weekday → (open minute, close minute), from e.g.
    ``Mon-Wed 09:00-16:00; Thu 09:00-17:00``. Seasonal parts (Jun-Aug)
    fall outside the pilot period and are ignored."""
    hours = {}
    for part in text.split(';'):
        match = HOURS_RE.search(part)
        if not match or match.group(1) not in DAYS:
            continue
        first, last = match.group(1), match.group(2) or match.group(1)
        if last not in DAYS:
            continue
        h1, m1, h2, m2 = (int(g) for g in match.groups()[2:])
        for day in range(DAYS[first], DAYS[last] + 1):
            hours.setdefault(day, (h1 * 60 + m1, h2 * 60 + m2))
    return hours


def volumes():
    """(point, provider) → number of service events in the pilot."""
    result = {}
    for row in refdata.read_csv('pilot_volumes.csv'):
        for provider in ('kela', 'te', 'vero', 'poliisi', 'maistraatti',
                         'kunta'):
            result[(row['point'], provider)] = int(row[provider])
    return result


def compensations():
    result = {}
    for row in refdata.read_csv('pilot_compensation.csv'):
        for provider in ('kela', 'te', 'vero', 'poliisi', 'maistraatti'):
            result[(row['point'], provider)] = Decimal(row[provider])
    return result


def mix(count, target, prices):
    """How many of each type: two types whose unit prices bracket the
    average ``target / count`` (all of the nearest when out of range).

    :param prices: ``{suorite: unit price}``.
    :returns: ``{suorite: count}`` summing to ``count``.
    """
    # NB: ties broken by name: set order differs between processes
    ranked = sorted(prices.items(), key=lambda item: (item[1], item[0]))
    if not ranked or not count:
        return {}
    average = target / count if target else ranked[0][1]
    low = max((i for i in ranked if i[1] <= average), default=ranked[0],
              key=lambda i: i[1])
    high = min((i for i in ranked if i[1] >= average), default=ranked[-1],
               key=lambda i: i[1])
    if low[1] == high[1]:
        return {low[0]: count}
    highs = round((target - count * low[1]) / (high[1] - low[1]))
    highs = min(max(highs, 0), count)
    return {name: n for name, n in ((low[0], count - highs),
                                    (high[0], highs)) if n}


def weekdays(hours):
    day = START
    while day <= END:
        if day.weekday() in hours:
            yield day
        day += datetime.timedelta(days=1)


def generate(root, seed=2014, progress=None):
    """Add the pilot's tickets to ``root``; returns the count.

    Needs the demo cards (``kb demo``): each provider's tickets use its
    published cards that offer the chosen performance type.
    """
    rng = random.Random(seed)
    store = root['tickets']
    prices = root['prices']
    points = directory_of(root).points
    money = compensations()
    cards = _cards_by_provider(root)
    total = sum(volumes().values())
    done = 0
    for (point, provider), count in sorted(volumes().items()):
        if not count:
            continue
        hours = opening_hours(points[point]['opening_hours'])
        days = list(weekdays(hours))
        usable = [c for c in cards.get(provider, ()) if c[2]]
        offered = {s for _, _, types, _ in usable for s in types}
        unit = {s: _unit(prices, provider, s) for s in offered}
        priced = {s: p for s, p in unit.items() if p}
        plan = mix(count, money.get((point, provider), Decimal(0)),
                   priced) if priced else {
            s: n for s, n in zip(sorted(offered), _split(count,
                                                         len(offered)))}
        for suorite, n in sorted(plan.items()):
            for _ in range(n):
                card = rng.choice([c for c in usable if suorite in c[2]])
                _add(store, prices, rng, point, provider, card, suorite,
                     hours, days)
                done += 1
                if progress is not None and done % 1000 == 0:
                    progress(done, total)
    if progress is not None:
        progress(done, total)
    store.roll_up(month_of(utcnow()))
    return done


def _unit(prices, provider, suorite):
    found = prices.price(provider, suorite, START.isoformat())
    return found[1] if found else None


def _split(count, parts):
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _cards_by_provider(root):
    today = helsinki_today(utcnow())
    cards = {}
    for card in root['cards'].values():
        number = card.live_number(today)
        if number is None or card.kind != 'service':
            continue
        content = card.versions[number].content
        types = tuple(s for s in content.get('suoritteet') or ()
                      if s in refdata.allowed_suoritteet(card.provider))
        cards.setdefault(card.provider, []).append(
            (card.id, number, types, tuple(content.get('channels') or
                                           ('counter',))))
    return cards


def _add(store, prices, rng, point, provider, card, suorite, hours,
         days):
    card_id, version, types, channels = card
    day = rng.choice(days)
    start, end = hours[day.weekday()]
    minute = rng.randrange(start, end)
    opened = datetime.datetime.combine(
        day, datetime.time(minute // 60, minute % 60, rng.randrange(60)),
        tzinfo=HELSINKI)
    minutes = refdata.suoritteet()[suorite]['prices'].get(
        provider, (3, 0))[0] or 3
    work = max(30, int(rng.lognormvariate(math.log(minutes * 60), 0.5)))
    if rng.random() < 0.04:  # remote sessions and queues run long
        work += rng.randrange(1800, 3600)
    lang = 'sv' if point == 'parainen' and rng.random() < 0.6 else (
        'se' if point == 'pelkosenniemi' and rng.random() < 0.05 else 'fi')
    ticket_id = f'{point}-{month_of(opened).replace("-", "")}-' \
                f'{rng.getrandbits(40):010x}'
    ticket = Ticket(ticket_id, point, f'{point}-advisor', provider, card_id,
                    version, rng.choice(channels), lang, stamp(opened),
                    ticket_id, '', types)
    ticket.suorite = suorite
    ticket.outcome = _choose(rng, OUTCOMES)
    resolved = opened + datetime.timedelta(seconds=work)
    ticket.resolved = stamp(resolved)
    ticket.closed = stamp(resolved + datetime.timedelta(
        seconds=rng.randrange(5, 120)))
    ticket.state = 'closed'
    found = prices.price(provider, suorite,
                         local(ticket.closed).date().isoformat())
    ticket.unit_price = str(found[1]) if found else None
    store.month(point, month_of(ticket.opened), create=True).tickets[
        ticket_id] = ticket
    record(store, ticket)


def _choose(rng, weighted):
    roll, seen = rng.random(), 0
    for value, weight in weighted:
        seen += weight
        if roll < seen:
            return value
    return weighted[-1][0]
