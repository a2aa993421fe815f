"""What changed in the intranet channel, newest first: the page
``/intranet/changes`` (each change with the card's title, what changed
in its texts, word by word, and the editor's comment) and the Atom 1.0
feed (RFC 4287) ``/intranet/changes.atom`` for advisors' feed readers.

The changes come from the publication log (published, scheduled for a
date, withdrawn), the notices in force at the reader's point are
entries of the feed too. Logged in by session (or, for the feed, an API
bearer token); titles in the reader's language, else Finnish.
"""
import datetime
from xml.etree import ElementTree

from pyramid.response import Response
from pyramid.view import view_config

from kb import security
from kb.cards.notices import notices_in_force
from kb.cards.versioning import diff
from kb.clock import stamp
from kb.i18n import _
from kb.i18n.labels import Labels, text_in
from kb.interfaces import IRoot
from kb.views.intranet.common import render

ATOM = 'http://www.w3.org/2005/Atom'
CONTENT_TYPE = 'application/atom+xml'
#: The most entries a feed (or the page) holds.
LIMIT = 50
#: The texts whose changes the page shows, and their names.
TEXT_NAMES = {
    'title': _('Title'),
    'summary': _('Summary'),
    'plain_summary': _('Summary in plain language'),
    'description': _('Description'),
    'user_instructions': _('Instructions for the customer'),
    'advisor_instructions': _('Advisor instructions'),
}


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
    """Each logged change in the intranet channel, as a dict: ``updated``,
    the card's ``title`` and its ``lang``, ``link``, ``summary``,
    ``author``, ``id``, the editor's ``comment`` and the log ``entry``."""
    cards = request.root['cards']
    lang = request.localizer.locale_name
    found = []
    for entry in request.root['publication'].recent(channel='intranet',
                                                    limit=LIMIT):
        card = cards.get(entry['card'])
        if card is None or entry['version'] not in card.versions:
            continue
        # NB: only approved versions are ever logged, never a draft
        version = card.versions[entry['version']]
        texts = version.content['content']
        code = text_in(texts, lang)
        page = request.route_url('intranet.card', id=card.id)
        # NB: a withdrawn card has no page any more
        link = request.route_url('intranet.search') \
            if entry['action'] == 'withdraw' else page
        found.append(dict(
            updated=entry['time'], title=texts[code]['title'], lang=code,
            link=link, summary=summary_of(entry, labels),
            author=entry['actor'], id=f"{page}#change-{entry['seq']}",
            comment=(version.comment or '').strip(), entry=entry, card=card))
    return found


def previous_version(log, card_id, seq):
    """The version the intranet showed before the change ``seq`` (None
    for a card's first publication)."""
    for entry in log.of_card(card_id):
        if entry['seq'] < seq and entry['channel'] == 'intranet' \
                and entry['action'] == 'publish':
            return entry['version']
    return None


def text_changes(request, change):
    """What changed in the change's texts in its language since the
    version shown before: ``{"name", "words"}`` or ``{"name", "from",
    "to"}`` per text (the editor's compare page's word diff), or None
    for a new card."""
    entry, card = change['entry'], change['card']
    previous = previous_version(request.root['publication'], card.id,
                                entry['seq'])
    if previous is None or previous not in card.versions:
        return None
    found = diff(card.versions[previous].content,
                 card.versions[entry['version']].content)
    texts = found['languages'].get(change['lang'], {}).get('changes', ())
    translate = request.localizer.translate
    return [dict(item, name=translate(TEXT_NAMES[item['field']]))
            for item in texts if item['field'] in TEXT_NAMES]


def notice_entries(request, labels):
    """The notices in force at the reader's point, as entries."""
    lang = request.localizer.locale_name
    found = []
    for notice in notices_in_force(request.root, stamp(request.now),
                                   point=request.point):
        code = text_in(notice.texts, lang)
        link = request.route_url('intranet.card', id=notice.cards[0]) \
            if notice.cards else request.route_url('intranet.search')
        title = (f"{labels.provider(notice.provider)}: "
                 f"{notice.texts[code]['title']}")
        summary = _('${kind} in force until ${until}: ${body}', mapping={
            'kind': labels.notice_kind(notice.kind),
            'until': labels.moment(notice.valid_until),
            'body': notice.texts[code]['body']})
        found.append(dict(
            updated=notice.created, title=title, lang=code, link=link,
            summary=summary, author=notice.author, comment='',
            id=request.route_url(
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
    add(feed, 'updated', entries[0]['updated'] if entries
        else stamp(request.now))
    add(feed, 'link', rel='self', type=CONTENT_TYPE, href=self_url)
    add(feed, 'link', rel='alternate', type='text/html',
        href=request.route_url('intranet.whatsnew'))
    for item in entries:
        entry = add(feed, 'entry')
        add(entry, 'id', item['id'])
        add(entry, 'title', item['title'], **{
            '{http://www.w3.org/XML/1998/namespace}lang': item['lang']})
        add(entry, 'updated', item['updated'])
        add(entry, 'link', rel='alternate', type='text/html',
            href=item['link'])
        summary = translate(item['summary'])
        add(entry, 'summary', f"{summary} {item['comment']}"
            if item['comment'] else summary)
        add(add(entry, 'author'), 'name', item['author'])
    return ElementTree.tostring(feed, encoding='utf-8',
                                xml_declaration=True)


@view_config(route_name='intranet.changes', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def changes_feed(request):
    labels = Labels(request.localizer, request.directory)
    entries = sorted(change_entries(request, labels)
                     + notice_entries(request, labels),
                     key=lambda entry: entry['updated'], reverse=True)
    return Response(atom(request, entries), content_type=CONTENT_TYPE,
                    charset='utf-8')


@view_config(route_name='intranet.whatsnew', request_method='GET',
             context=IRoot, permission=security.INTRANET)
def changes_page(request):
    labels = Labels(request.localizer, request.directory)
    changes = change_entries(request, labels)
    for change in changes:
        # NB: only what went live: a scheduled version's text is not in
        # force yet, and a cancelled one never will be
        change['texts'] = text_changes(request, change) \
            if change['entry']['action'] == 'publish' else ()
    return render(request, 'changes.pt', section='changes', labels=labels,
                  changes=changes)
