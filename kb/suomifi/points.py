"""Service points → PTV ServiceLocation channels and connections.

A point becomes a ``V11VmOpenApiServiceLocationChannelIn`` with our
point code as ``sourceId``. Services are connected to points by source
ids (``PUT /api/v11/Connection/serviceSourceId/{sourceId}``, body
``V11VmOpenApiServiceAndChannelRelationBySourceInBase``), because both
the channel's ``services`` and the service's ``serviceChannels`` take
PTV GUIDs, which we do not have before the first push. A published
service card is offered at every point whose providers include the
card's provider (all providers unless the point's mapping lists
``providers``) when one of its channels maps to ``ServiceLocation``,
unless the point says it does not offer it
(:mod:`kb.directory.point_cards`); where the point offers it only when
the provider's own clerk is there, the connection carries the clerk's
weekdays as its service hours.
"""
import datetime
import re

from kb.directory.point_cards import local_card, offering_points, onsite_days
from kb.i18n import _
from kb.suomifi.config import MappingError

CHANNEL_SCHEMA = 'V11VmOpenApiServiceLocationChannelIn'
CONNECTION_SCHEMA = 'V11VmOpenApiServiceAndChannelRelationBySourceInBase'
DAYS = {'Mon': 'Monday', 'Tue': 'Tuesday', 'Wed': 'Wednesday',
        'Thu': 'Thursday', 'Fri': 'Friday', 'Sat': 'Saturday',
        'Sun': 'Sunday'}
MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
          'Oct', 'Nov', 'Dec')
#: A time range in an on-site hours text (``klo 9.00-12.00``).
_RANGE = re.compile(r'(?<!\d)(\d{1,2})[:.](\d{2})\s*[-\u2013]\s*'
                    r'(\d{1,2})[:.](\d{2})(?!\d)')
_HOURS = re.compile(
    r'^(?P<first>[A-Z][a-z]{2})(?:-(?P<last>[A-Z][a-z]{2}))?\s+'
    r'(?P<start>\d{2}:\d{2})-(?P<end>\d{2}:\d{2})$'
)


def _season(first, last, today):
    """The next (or current) period from month ``first`` to ``last``."""
    start_month = MONTHS.index(first) + 1
    end_month = MONTHS.index(last) + 1
    year = today.year
    end = _month_end(year + (end_month < start_month), end_month)
    if end < today:
        year += 1
        end = _month_end(year + (end_month < start_month), end_month)
    return datetime.date(year, start_month, 1), end


def _month_end(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def service_hours(text, today):
    """``Mon-Fri 09:00-16:00; Jun-Aug 09:00-15:00`` → PTV service hours.

    Weekday parts make one regular ``DaysOfTheWeek`` entry; a month
    range makes a seasonal one for the days of the weekday part before
    it, valid from the season's first to its last day.

    :raises ValueError: for a part it does not understand.
    """
    regular, seasonal, days = [], [], None
    for part in (p.strip() for p in text.split(';') if p.strip()):
        match = _HOURS.match(part)
        if match is None:
            raise ValueError(part)
        first, last = match['first'], match['last'] or match['first']
        times = {'from': match['start'], 'to': match['end']}
        if first in DAYS and last in DAYS:
            days = (DAYS[first], DAYS[last])
            regular.append(_opening(days, times))
        elif first in MONTHS and last in MONTHS and days:
            begin, end = _season(first, last, today)
            seasonal.append({
                'serviceHourType': 'DaysOfTheWeek',
                'validForNow': False,
                'validFrom': f'{begin.isoformat()}T00:00:00',
                'validTo': f'{end.isoformat()}T23:59:59',
                'openingHour': [_opening(days, times)],
            })
        else:
            raise ValueError(part)
    hours = []
    if regular:
        hours.append({'serviceHourType': 'DaysOfTheWeek',
                      'validForNow': True, 'openingHour': regular})
    return hours + seasonal


def _opening(days, times):
    first, last = days
    opening = {'dayFrom': first, **times}
    if last != first:
        opening['dayTo'] = last
    return opening


def _localized(values, kind=None):
    items = []
    for lang, value in values:
        item = {'language': lang, 'value': value}
        if kind:
            item['type'] = kind
        items.append(item)
    return items


def channel_document(code, row, config, today):
    """The ``POST /api/v11/ServiceChannel/ServiceLocation`` body for the
    point ``code`` (``row``: its ``service_points.csv`` columns).

    :raises MappingError: if the mapping lacks the point or its
        organisation, or the opening hours are not understood.
    """
    settings = config.point(code)
    if 'organization' not in settings:
        raise config.missing(f'points.{code}.organization', 'point')
    texts = settings.get('texts', {})
    languages = [lang for lang in row['languages'].split() if lang]
    names = [(lang, row.get(f'name_{lang}') or row['name_fi'])
             for lang in languages]
    missing = [lang for lang in languages if lang not in texts]
    if missing:
        raise config.missing(f'point_defaults.texts.{missing[0]}', 'point')
    try:
        hours = service_hours(row.get('opening_hours') or '', today)
    except ValueError as exc:
        message = _('The opening hours "${part}" are not understood; '
                    'write them like "Mon-Fri 09:00-16:00; '
                    'Jun-Aug 09:00-15:00".', mapping={'part': str(exc)})
        raise MappingError(message, details=[
            {'field': 'opening_hours', 'message': message}])
    street = [(lang, settings['street']) for lang in languages]
    document = {
        'sourceId': code,
        'organizationId': settings['organization'],
        'serviceChannelNames': _localized(names, 'Name'),
        'displayNameType': [{'type': 'Name', 'language': lang}
                            for lang in languages],
        'serviceChannelDescriptions': [
            item
            for lang in languages
            for item in _localized(
                [(lang, texts[lang]['summary'])], 'Summary'
            ) + _localized(
                [(lang, texts[lang]['description'])], 'Description'
            )
        ],
        'languages': languages,
        'addresses': [{
            'type': 'Location',
            'subType': 'Single',
            'country': 'FI',
            'streetAddress': {
                'street': _localized(street),
                'streetNumber': settings['street_number'],
                'postalCode': settings['postal_code'],
                'municipality': settings['municipality_code'],
            },
        }],
        'serviceHours': hours,
        'publishingStatus': 'Published',
    }
    return document


def offered_at(code, provider, channels, config):
    """True if a service card of ``provider`` with ``channels`` is
    offered at point ``code``."""
    providers = config.point(code).get('providers')
    if providers is not None and provider not in providers:
        return False
    return any(at_location(channel, config) for channel in channels)


def at_location(channel, config):
    """Whether our ``channel`` is served at a service point (PTV's
    ``ServiceLocation``: the counter, an expert's visit), not online or
    by phone."""
    return config.channel_type(channel) == 'ServiceLocation'


def available_at(points, card_id, provider, channels, config):
    """``(code, days)`` of the open ``points`` where a service card is
    available, as the export connects it (one rule for the public page,
    its JSON-LD and Suomi.fi): the card has a channel at a service
    location, the point serves its provider, and the point offers the
    service (``days``: the provider's on-site days where only then, else
    None; see :func:`kb.directory.point_cards.offering_points`)."""
    return [(code, days)
            for code, days in offering_points(points, card_id, provider)
            if offered_at(code, provider, channels, config)]


def relation(point, card_id, provider, row, today):
    """What a service's connection to the channel of ``point`` (None:
    the point said nothing about the card) carries: nothing where the
    point always offers the service; the days the provider's own clerk
    is there as service hours where only then; None where the point does
    not offer it or the clerk is never there.

    The hours are the time range of the clerk's hours text if it has one
    (``klo 9.00-12.00``), else the point's opening hours of those days
    (``row``: its ``service_points.csv`` columns).
    """
    local = local_card(point, card_id) if point is not None else None
    if local is None or local['offered'] and not local['onsite']:
        return {}
    days = onsite_days(point, provider) if local['offered'] else None
    if not days or not days['days']:
        return None
    opening = _clerk_hours(days, row, today)
    if not opening:
        return None
    return {'serviceHours': [{'serviceHourType': 'DaysOfTheWeek',
                              'validForNow': True,
                              'openingHour': opening}]}


def _clerk_hours(days, row, today):
    """Daily opening times of the clerk's days (those the point is open
    on, where the hours text gives no time range)."""
    found = _RANGE.search(days['hours'])
    if found:
        start, end = (f'{int(found[hour]):02d}:{found[hour + 1]}'
                      for hour in (1, 3))
        if start < end <= '23:59' and max(found[2], found[4]) < '60':
            return [{'dayFrom': DAYS[day], 'from': start, 'to': end}
                    for day in days['days']]
    hours = service_hours(row.get('opening_hours') or '', today)
    names = list(DAYS.values())
    opening = []
    for day in days['days']:
        for times in hours[0]['openingHour'] if hours else ():
            first = names.index(times['dayFrom'])
            last = names.index(times.get('dayTo', times['dayFrom']))
            if first <= names.index(DAYS[day]) <= last:
                opening.append({'dayFrom': DAYS[day], 'from': times['from'],
                                'to': times['to']})
                break
    return opening


def connection_document(points):
    """The connection body for one service: its ServiceLocation
    channels by source id (replacing the ones PTV has).

    :param points: point code → what the connection carries besides
        the channel (see :func:`relation`).
    """
    return {
        'deleteAllChannelRelations': not points,
        'channelRelations': [dict(points[code], serviceChannelSourceId=code)
                             for code in sorted(points)],
    }
