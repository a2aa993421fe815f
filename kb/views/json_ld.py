"""A public service as schema.org ``GovernmentService`` JSON-LD, for
search engines (only the public texts the page itself shows)."""
import json

from kb import refdata
from kb.suomifi.config import load as load_config
from kb.suomifi.points import at_location, available_at


def page_url(request, route, lang, **parts):
    """The address of a public page in interface language ``lang``."""
    return request.route_url(route, _query={'lang': lang}, **parts)


def json_ld(request, service, channel_names):
    """A service as schema.org ``GovernmentService``, for a
    ``<script type="application/ld+json">`` (data, never executed).

    Every ``<``, ``>`` and ``&`` is escaped, so no text can end the
    script element.
    """
    translate = request.localizer.translate
    lang = request.localizer.locale_name
    providers = request.directory.providers
    provider = providers.get(service.provider, {})
    organization = {'@type': 'GovernmentOrganization',
                    'name': refdata.name_of(providers, service.provider,
                                            lang)}
    web = provider.get('web')
    if web:
        # NB: the seed has bare host names; an administrator may type
        # a whole address
        organization['url'] = web if '://' in web else f'https://{web}'

    table = request.directory.points
    config = load_config(request.registry.settings)
    codes = service.content.get('channels') or ()
    # NB: where the service is offered, as the page and Suomi.fi say
    offering = {code for code, days in available_at(
        request.root['points'].values(), service.id, service.provider,
        codes, config) if days != []}
    points = [{'@type': 'GovernmentOffice',
               'name': refdata.name_of(table, code, lang),
               'address': row['municipality']}
              for code, row in table.items() if code in offering]
    channels = [dict({'@type': 'ServiceChannel',
                      'name': translate(channel_names[code])},
                     **({'serviceLocation': points}
                        if at_location(code, config) else {}))
                for code in codes if code in channel_names]
    channels += [{'@type': 'ServiceChannel', 'name': label.value,
                  'serviceUrl': url} for url, label in service.links()]
    data = {
        '@context': 'https://schema.org',
        '@type': 'GovernmentService',
        'name': service.title.value,
        'inLanguage': service.title.lang,
        'url': page_url(request, 'public.service', lang, id=service.id),
        'provider': organization,
        'areaServed': {'@type': 'Country', 'name': 'Finland'},
    }
    if service.summary:
        data['description'] = service.summary.value
    if channels:
        data['availableChannel'] = channels
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return (text.replace('<', '\\u003c').replace('>', '\\u003e')
            .replace('&', '\\u0026'))
