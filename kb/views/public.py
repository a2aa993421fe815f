"""The public site (theme ``public``): the front page, services by
provider and by life event, one service's public description, search.

Everything here is what the public may read: the live version of a card
whose ACL lets ``Everyone`` view it, reduced to its public fields by
:func:`kb.cards.exchange_format.public_view`, whoever is logged in. Advisor
instructions, the support line and working copies never reach a page.
"""
from collections import namedtuple
import functools

from pyramid.view import view_config

from kb import refdata, security
from kb.cards.exchange_format import public_view
from kb.cards.versioning import freshness
from kb.clock import stamp
from kb.errors import ValidationError
from kb.i18n import _
from kb.i18n.labels import (
    CHANNEL_DESCRIPTIONS,
    Labels,
    life_event_name,
    link_label,
    point_label,
    provider_name,
    suorite_names,
)
from kb.interfaces import IRoot
from kb.layout import render_page
from kb.markdown import render
from kb.search.query import Search, audience_for
from kb.search.service import QUERY_MAX, run_search, search_filters
from kb.suomifi.config import load as load_config
from kb.suomifi.points import at_location, available_at
from kb.views.json_ld import json_ld

THEME = 'public'
PAGE_SIZE = 10
PAGE_MAX = 100
#: Per-language texts shown on the public site, in page order.
TEXT_FIELDS = ('title', 'summary', 'plain_summary', 'description',
               'user_instructions')
MARKDOWN_FIELDS = ('description', 'user_instructions')
FILTERS = ('provider', 'life_event', 'channel')

#: One text of a card and the language it is in.
Text = namedtuple('Text', 'value lang')


def public_content(card, today):
    """The public part of the version the public reads ``today``, or
    None if the public may not read the card (draft, retired, ...;
    :func:`kb.security.public_principals`).
    """
    number = card.live_number(today)
    if number is None:
        return None
    if not security.is_public(card):
        return None
    return public_view(card.versions[number].content)


def localized(texts, lang):
    """``field → Text`` in ``lang`` where there is one, else Finnish,
    else any language the card has."""
    order = [lang, 'fi'] + sorted(texts)
    result = {}
    for field in TEXT_FIELDS:
        for code in order:
            value = texts.get(code, {}).get(field)
            if value:
                result[field] = Text(value, code)
                break
    return result


class Service:
    """A card as a public page shows it, in the interface language of
    ``labels`` (:class:`~kb.i18n.labels.Labels`)."""

    def __init__(self, card, content, labels):
        self.id = card.id
        self.provider = card.provider
        self.content = content
        self.labels = labels
        self.lang = labels.locale
        self.texts = localized(content['content'], self.lang)
        self.title = self.texts['title']
        self.summary = self.texts.get('summary')

    @property
    def fallback(self):
        """Names of the other languages some texts are shown in."""
        return sorted({self.labels.language_name(text.lang)
                       for text in self.texts.values()
                       if text.lang != self.lang})

    def html(self, field):
        """A Markdown text rendered and sanitised, as a :class:`Text`."""
        text = self.texts.get(field)
        return Text(render(text.value, suorite_names(text.lang)),
                    text.lang) if text else None

    def links(self):
        """(url, label Text) of the card's e-service and form links."""
        return [(link['url'], Text(*link_label(link, self.lang)))
                for link in self.content.get('links') or ()]


def services(request, cards, wanted=lambda content: True):
    """The :class:`Service` of each publicly readable card whose public
    content is ``wanted``, by title."""
    today = request.today
    labels = Labels(request.localizer, request.directory)
    found = []
    for card in cards:
        content = public_content(card, today)
        if content is not None and wanted(content):
            found.append(Service(card, content, labels))
    found.sort(key=lambda service: service.title.value.lower())
    return found


def package_services(request, content):
    """The :class:`Service` of each publicly readable card of a service
    package, in the package's order (its steps)."""
    ids = content.get('cards') or ()
    found = {item.id: item for item in services(
        request, filter(None, map(request.root['cards'].get, ids)))}
    return [found[card_id] for card_id in ids if card_id in found]


def page(request, name, status=200, **values):
    values.setdefault('q', '')
    values.setdefault('error', None)
    values.setdefault('channel_names', CHANNEL_DESCRIPTIONS)
    values.setdefault('provider_name',
                      functools.partial(provider_name, request.directory))
    values.setdefault('life_event_name', life_event_name)
    response = render_page(request, name, theme=THEME, **values)
    response.status_int = status
    return response


def not_found(request):
    """The public site's readable 404 page."""
    return page(request, 'not_found.pt', status=404)


@view_config(route_name='home', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def front(request):
    lang = request.localizer.locale_name
    providers = sorted(
        (code for code in request.directory.providers if code != 'central'),
        key=lambda code: provider_name(request.directory, code,
                                       lang).lower())
    events = sorted(refdata.life_events(),
                    key=lambda code: life_event_name(code, lang).lower())
    return page(request, 'front.pt', providers=providers,
                life_events=events)


@view_config(route_name='public.service', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def service(request):
    card = request.root['cards'].get(request.matchdict['id'])
    content = None
    if card is not None:
        content = public_content(card, request.today)
    if content is None:
        return not_found(request)
    shown = Service(card, content,
                    Labels(request.localizer, request.directory))
    related = package_services(request, content)
    return page(request, 'service.pt', service=shown, related=related,
                located=located(request, content),
                points=service_points(request, card, content, shown.labels),
                freshness=freshness(card, card.live_number(request.today),
                                    shown.lang, shown.labels),
                json_ld=json_ld(request, shown, CHANNEL_DESCRIPTIONS))


def located(request, content):
    """Whether the service has a channel at a service point (the
    others, e-services and phone, are at no point)."""
    config = load_config(request.registry.settings)
    return any(at_location(channel, config)
               for channel in content.get('channels') or ())


def service_points(request, card, content, labels):
    """Where the service is available (:func:`kb.suomifi.points.
    available_at`): None at every open service point, always; else
    ``(name, its language, on-site weekday names or None)`` of each
    point. The points' own instructions (addenda) are for advisors and
    stay off the page."""
    points = [point for point in request.root['points'].values()
              if point.active]
    config = load_config(request.registry.settings)
    found = available_at(points, card.id, card.provider,
                         content.get('channels') or (), config)
    if points and len(found) == len(points) and all(
            days is None for _code, days in found):
        return None
    named = [(point_label(request.directory, code, labels.locale), days)
             for code, days in found if days != []]
    return sorted(((name, lang, labels.weekdays(days) if days else None)
                   for (name, lang), days in named),
                  key=lambda item: item[0].lower())


@view_config(route_name='public.provider', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def provider(request):
    code = request.matchdict['code']
    folder = request.root['providers'].get(code)
    if folder is None or code not in request.directory.providers:
        return not_found(request)
    lang = request.localizer.locale_name
    return page(request, 'listing.pt',
                heading=provider_name(request.directory, code, lang),
                services=services(request, folder['cards'].values()),
                packages=())


@view_config(route_name='public.life_event', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def life_event(request):
    code = request.matchdict['code']
    if code not in refdata.life_events():
        return not_found(request)
    lang = request.localizer.locale_name
    found = services(request, request.root['cards'].values(),
                     lambda content: code in (content['life_events'] or ()))
    packages = [(item, package_services(request, item.content))
                for item in found if item.content['kind'] == 'package']
    return page(request, 'listing.pt', heading=life_event_name(code, lang),
                services=[item for item in found
                          if item.content['kind'] != 'package'],
                packages=packages)


def page_number(request):
    raw = request.params.get('page', '1')
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_MAX:
        raise ValidationError(
            _('The page must be a whole number from 1 to ${max}.',
              mapping={'max': PAGE_MAX}),
            details=[{'field': 'page', 'message': raw}])
    return int(raw)


def search_link(request, text, filters, **changes):
    """The search page's address with ``changes`` to its parameters."""
    params = dict(filters, q=text)
    params.update(changes)
    return request.route_path('public.search', _query={
        key: value for key, value in params.items() if value})


@view_config(route_name='public.search', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def search(request):
    text = request.params.get('q', '').strip()
    lang = request.localizer.locale_name
    values = dict(q=text, result=None, error=None, filters={},
                  link=lambda **changes: search_link(
                      request, text, values['filters'], **changes))
    try:
        if len(text) > QUERY_MAX:
            raise ValidationError(
                _('Give a search text of 1 to ${max} characters.',
                  mapping={'max': QUERY_MAX}))
        filters = search_filters(request.params, request.directory)
        number = page_number(request)
    except ValidationError as error:
        values['error'] = error.message
        return page(request, 'search.pt', status=400, **values)
    values['filters'] = {key: filters[key] for key in FILTERS
                         if filters[key]}
    if text:
        audience = audience_for(None, stamp(request.now))
        result = run_search(request, Search(
            text, lang, values['filters'], PAGE_SIZE,
            (number - 1) * PAGE_SIZE), audience)
        values.update(result=result, page=number,
                      first=(number - 1) * PAGE_SIZE + 1,
                      pages=-(-result['total'] // PAGE_SIZE))
    return page(request, 'search.pt', **values)


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('public.service', '/services/{id}')
    config.add_route('public.provider', '/providers/{code}')
    config.add_route('public.life_event', '/life-events/{code}')
    config.add_route('public.search', '/search')
