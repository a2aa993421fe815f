"""``/intranet/changes.atom``: what changed in the intranet channel, as
an Atom 1.0 feed (RFC 4287) for advisors' feed readers, newest first.

The changes come from the publication log (published, scheduled for a
date, withdrawn), the notices in force at the reader's point are
entries too. Logged in by session or by an API bearer token; titles in
the reader's language, else Finnish.
"""
import datetime
from xml.etree import ElementTree

from pyramid.response import Response
from pyramid.view import view_config

from kb import security
from kb.cards.notices import notices_in_force
from kb.clock import stamp
from kb.i18n import _
from kb.i18n.labels import Labels, text_in
from kb.interfaces import IRoot

ATOM = 'http://www.w3.org/2005/Atom'
CONTENT_TYPE = 'application/atom+xml'
#: The most entries a feed holds.
LIMIT = 50


def summary_of(entry, labels):
    """What happened, in words."""
    if entry['action'] == 'schedule':
        day = datetime.date.fromisoformat(entry['effective'])
        return _('Scheduled to be published on ${date}.',
                 mapping={'date': labels.date(day)})
    if entry['action'] == 'withdraw':
        return _('Withdrawn from the intranet.')
    if entry['action'] == 'cancel':
        return _('The scheduled publication was cancelled.')
    return _('Published.')


def change_entries(request, labels):
    """(updated, title, its language, link, summary, author, id) of each
    logged change in the intranet channel."""
    cards = request.root['cards']
    lang = request.localizer.locale_name
    found = []
    for entry in request.root['publication'].recent(channel='intranet',
                                                    limit=LIMIT):
        card = cards.get(entry['card'])
        if card is None or entry['version'] not in card.versions:
            continue
        # NB: only approved versions are ever logged, never a draft
        texts = card.versions[entry['version']].content['content']
        code = text_in(texts, lang)
        page = request.route_url('intranet.card', id=card.id)
        # NB: a withdrawn card has no page any more
        link = request.route_url('intranet.search') \
            if entry['action'] == 'withdraw' else page
        found.append((entry['time'], texts[code]['title'], code, link,
                      summary_of(entry, labels), entry['actor'],
                      f"{page}#change-{entry['seq']}"))
    return found


def notice_entries(request, labels):
    """The notices in force at the reader's point, as entries."""
    lang = request.localizer.locale_name
    found = []
    for notice in notices_in_force(request.root, stamp(request.now),
                                   point=request.user.point):
        code = text_in(notice.texts, lang)
        link = request.route_url('intranet.card', id=notice.cards[0]) \
            if notice.cards else request.route_url('intranet.search')
        title = (f"{labels.provider(notice.provider)}: "
                 f"{notice.texts[code]['title']}")
        summary = _('${kind} in force until ${until}: ${body}', mapping={
            'kind': labels.notice_kind(notice.kind),
            'until': labels.moment(notice.valid_until),
            'body': notice.texts[code]['body']})
        found.append((notice.created, title, code, link, summary,
                      notice.author, request.route_url(
                          'intranet.changes',
                          _anchor=f'notice-{notice.provider}-{notice.id}')))
    return found


def atom(request, entries):
    """The feed document as bytes."""
    translate = request.localizer.translate
    ElementTree.register_namespace('', ATOM)

    def add(parent, tag, text=None, **attributes):
        element = ElementTree.SubElement(parent, f'{{{ATOM}}}{tag}',
                                         attributes)
        element.text = text
        return element

    self_url = request.route_url('intranet.changes')
    feed = ElementTree.Element(f'{{{ATOM}}}feed', {
        '{http://www.w3.org/XML/1998/namespace}lang':
            request.localizer.locale_name})
    add(feed, 'id', self_url)
    add(feed, 'title', translate(_('Advisor intranet: what is new')))
    add(feed, 'updated', entries[0][0] if entries else stamp(request.now))
    add(feed, 'link', rel='self', type=CONTENT_TYPE, href=self_url)
    add(feed, 'link', rel='alternate', type='text/html',
        href=request.route_url('intranet.search'))
    for updated, title, lang, link, summary, author, entry_id in entries:
        entry = add(feed, 'entry')
        add(entry, 'id', entry_id)
        add(entry, 'title', title,
            **{'{http://www.w3.org/XML/1998/namespace}lang': lang})
        add(entry, 'updated', updated)
        add(entry, 'link', rel='alternate', type='text/html', href=link)
        add(entry, 'summary', translate(summary))
        add(add(entry, 'author'), 'name', author)
    return ElementTree.tostring(feed, encoding='utf-8',
                                xml_declaration=True)


@view_config(route_name='intranet.changes', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def changes_feed(request):
    labels = Labels(request.localizer, request.directory)
    entries = sorted(change_entries(request, labels)
                     + notice_entries(request, labels),
                     key=lambda entry: entry[0], reverse=True)
    return Response(atom(request, entries), content_type=CONTENT_TYPE,
                    charset='utf-8')
