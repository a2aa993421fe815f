"""What the public site tells search engines: ``/sitemap.xml``
(sitemaps.org, with ``hreflang`` alternates) and ``/robots.txt``; the
service pages' JSON-LD is :mod:`kb.views.json_ld`. Only public pages.
"""
import hashlib
from xml.etree import ElementTree

from pyramid.response import Response
from pyramid.view import view_config

from kb import refdata, security
from kb.interfaces import IRoot
from kb.registry_cache import registry_cached
from kb.views.json_ld import page_url
from kb.views.public import public_content

SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9'
XHTML = 'http://www.w3.org/1999/xhtml'
#: Paths robots should leave alone: everything behind a login.
PRIVATE_PATHS = ('/intranet', '/editor', '/admin', '/reports', '/api/',
                 '/login')


def service_languages(content):
    """The interface languages a service has texts in (Finnish at
    least, since its page falls back to Finnish)."""
    found = [lang for lang in refdata.UI_LANGUAGES
             if lang in content['content']]
    return found or ['fi']


def sitemap_pages(request):
    """(route, parts, languages, lastmod or None) of every public page."""
    today = request.today
    pages = [('home', {}, refdata.UI_LANGUAGES, None)]
    pages += [('public.provider', {'code': code}, refdata.UI_LANGUAGES,
               None)
              for code in sorted(request.directory.providers)
              if code != 'central']
    pages += [('public.life_event', {'code': code}, refdata.UI_LANGUAGES,
               None) for code in sorted(refdata.life_events())]
    for card_id, card in request.root['cards'].data.items():
        content = public_content(card, today)
        # NB: a provider's procedure guide may be readable by its ACL, but
        # it is the points' own material, not a service to be found
        if content is None or content['kind'] == 'procedure':
            continue
        created = card.versions[card.live_number(today)].created
        pages.append(('public.service', {'id': card_id},
                      service_languages(content), created[:10]))
    return pages


def sitemap_key(request):
    """What the sitemap depends on: the address of the site, the day
    (versions go live on their effective date), the directory tables,
    and the newest publication log entry (every version that goes live
    or is withdrawn has one)."""
    entries = request.root['publication'].entries
    return (request.application_url, request.today.isoformat(),
            request.directory.serial, entries.maxKey() if entries else 0)


@view_config(route_name='sitemap', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def sitemap(request):
    """The sitemap, built again only when its :func:`sitemap_key`
    changes (at 10,000 cards it takes seconds); answers 304 to a
    crawler that has it."""
    key = sitemap_key(request)
    body = registry_cached(request.registry, 'sitemap_cache', key,
                           lambda: sitemap_xml(request))
    response = Response(body, content_type='application/xml',
                        charset='utf-8', conditional_response=True)
    response.etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return response


def sitemap_xml(request):
    ElementTree.register_namespace('', SITEMAP)
    ElementTree.register_namespace('xhtml', XHTML)
    urlset = ElementTree.Element(f'{{{SITEMAP}}}urlset')
    for route, parts, languages, lastmod in sitemap_pages(request):
        for lang in languages:
            url = ElementTree.SubElement(urlset, f'{{{SITEMAP}}}url')
            ElementTree.SubElement(url, f'{{{SITEMAP}}}loc').text = \
                page_url(request, route, lang, **parts)
            if lastmod:
                ElementTree.SubElement(url, f'{{{SITEMAP}}}lastmod').text = \
                    lastmod
            for other in languages if len(languages) > 1 else ():
                ElementTree.SubElement(url, f'{{{XHTML}}}link', {
                    'rel': 'alternate', 'hreflang': other,
                    'href': page_url(request, route, other, **parts)})
    return ElementTree.tostring(urlset, encoding='utf-8',
                                xml_declaration=True)


@view_config(route_name='robots', context=IRoot,
             permission=security.NO_PERMISSION_REQUIRED)
def robots(request):
    lines = ['User-agent: *']
    lines += [f'Disallow: {path}' for path in PRIVATE_PATHS]
    lines.append(f"Sitemap: {request.route_url('sitemap')}")
    return Response('\n'.join(lines) + '\n', content_type='text/plain',
                    charset='utf-8')


def includeme(config):  # pragma: no cover - configuration glue
    config.add_route('sitemap', '/sitemap.xml')
    config.add_route('robots', '/robots.txt')
