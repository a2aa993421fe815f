"""Every request's size, address, query and form checked before routing,
so that what cannot be parsed, stored or shown is a 4xx here rather than
a 500 later (see :mod:`kb.untrusted`; JSON bodies are checked where
:func:`kb.views.common.json_body` parses them)."""
from urllib.parse import parse_qsl

from pyramid.events import NewRequest
from pyramid.tweens import INGRESS
from webob.cookies import parse_cookie

from kb.errors import PayloadTooLarge
from kb.i18n import _
from kb.untrusted import check_text

#: The largest request body accepted, in bytes: a card is a few
#: kilobytes, and no form or API call of ours uploads files.
MAX_BODY = 1024 * 1024
FORM_TYPES = ('application/x-www-form-urlencoded', 'multipart/form-data')


def check_request(event):
    """Refuse a body over :data:`MAX_BODY` (413) and control characters
    or broken Unicode in the path, a parameter's name or its value (422).

    Bytes that are not UTF-8 raise ``UnicodeDecodeError`` while WebOb
    decodes them, which :func:`kb.views.errors.bad_encoding` answers.
    """
    request = event.request
    if (request.content_length or 0) > MAX_BODY:
        raise PayloadTooLarge(
            _('The request is larger than ${max} bytes.',
              mapping={'max': MAX_BODY}))
    check_text(request.path_info, 'path')
    check_fields(request.GET)
    if request.content_type == FORM_TYPES[0]:
        # NB: WebOb puts U+FFFD for what is not UTF-8 in a form (but
        # raises for the query): refuse it alike, not store it mangled
        parse_qsl(request.body.decode('utf-8'), errors='strict')
    if request.content_type in FORM_TYPES:
        check_fields(request.POST)


def check_fields(fields):
    """Check each name and text value of a WebOb ``MultiDict``."""
    for name, value in fields.items():
        check_text(name, '(parameter)')
        if isinstance(value, str):
            check_text(value, name)


def decodable_cookies(header):
    """The ``Cookie`` header without the cookies that are not UTF-8
    (WebOb raises for them all on first use)."""
    kept = []
    for part in header.split(';'):
        try:
            for name, value in parse_cookie(part):
                name.decode('utf-8'), value.decode('utf-8')
        except UnicodeDecodeError:
            continue
        kept.append(part.strip())
    return '; '.join(kept)


def cookie_tween_factory(handler, registry):
    """Drop the cookies that are not UTF-8 before anything reads one
    (``pyramid_tm`` asks for the user first): a stray cookie of another
    site on the same domain must not lock a browser out."""
    def cookie_tween(request):
        header = request.environ.get('HTTP_COOKIE')
        if header:
            request.environ['HTTP_COOKIE'] = decodable_cookies(header)
        return handler(request)
    return cookie_tween


def includeme(config):  # pragma: no cover - configuration glue
    config.add_subscriber(check_request, NewRequest)
    config.add_tween('kb.views.input.cookie_tween_factory', under=INGRESS)
