"""Write the offline copy: HTML pages, the theme's CSS, the search
script and its index, into a new directory renamed into place at the
end, so that a failed export leaves nothing half-written.

Layout (every link relative, so the copy works from ``file://``)::

    index.html                  search, cards by provider and life event
    guides.html, notices.html   procedure guides and packages; notices
    cards/<id>.<lang>.html      one page per card and language
    providers/<code>.html       a provider's cards and notices
    life-events/<code>.html     the cards of a life event
    search-data.js              the search index (a script, see search.py)
    static/                     CSS and offline-search.js
"""
from collections import namedtuple
import functools
import os
import shutil

from chameleon.zpt.template import PageTemplateFile
from pyramid.i18n import TranslationString, make_localizer
from pyramid.interfaces import ITranslationDirectories

from kb import markdown, refdata
from kb.cards.remote_contact import contact_for
from kb.clock import helsinki_today
from kb.directory.tables import directory_of
from kb.i18n import _
from kb.i18n.labels import Labels, link_label, suorite_names, text_in
from kb.offline.content import advisor_cards, advisor_notices
from kb.offline.memo import memo_for
from kb.offline.search import as_script, build_index
from kb.staged_directory import staged_directory

#: The file that marks a directory as an export (and so replaceable).
MARKER = '.kb-intranet-export'
KIND_ORDER = ('service', 'procedure', 'package')
#: (theme, file) copied into ``static/`` (by file name: the design
#: tokens are built into a folder of the base theme by ``scripts/assets``).
STATIC_FILES = (('base', 'suomifi/tokens.css'), ('base', 'base.css'),
                ('intranet', 'intranet.css'),
                ('offline', 'offline.css'), ('offline', 'offline-search.js'))

#: Where a framed template's title ends and its content begins (text
#: values are escaped, so no title holds it).
TITLE_END = '<!--title-->'
#: The slots of ``page.pt``, the layout rendered once.
TITLE_SLOT, CONTENT_SLOT = '<!--slot:title-->', '<!--slot:content-->'

#: A card in a list: its page, language, title, provider, summary.
Entry = namedtuple('Entry', 'href lang title provider summary kind')
#: A notice as the pages show it, in one language.
NoticeItem = namedtuple('NoticeItem',
                        'provider kind lang title body point valid_until '
                        'cards')


def card_href(card_id, lang):
    """A card page's path from the top of the copy."""
    return f'cards/{card_id}.{lang}.html'


def translator(localizer):
    """A Chameleon ``translate`` function for one language; a template's
    fixed strings (no mapping) are translated once."""
    fixed = {}

    def translate(msgid, domain=None, mapping=None, context=None,
                  target_language=None, default=None):
        if isinstance(msgid, TranslationString):
            return localizer.translate(msgid)
        key = (msgid, domain, context, default)
        if mapping is None and key in fixed:
            return fixed[key]
        text = localizer.translate(TranslationString(
            msgid, domain=domain, default=default, mapping=mapping,
            context=context))
        if mapping is None:
            fixed[key] = text
        return text
    return translate


@functools.lru_cache(maxsize=None)
def page_template(path):
    """The compiled template at ``path``, compiled once per process."""
    return PageTemplateFile(path)


class ExportLabels(Labels):
    """:class:`Labels` that name each code once: one export names the
    same few providers, kinds, channels and life events on thousands of
    pages, and each naming translates a message or looks a code up."""

    REMEMBERED = ('channel', 'kind', 'language', 'life_event',
                  'notice_kind', 'provider')

    def __init__(self, localizer, directory):
        super().__init__(localizer, directory)
        for name in self.REMEMBERED:
            setattr(self, name,
                    functools.lru_cache(maxsize=None)(getattr(self, name)))


class SiteWriter:
    """Renders the pages of one export into ``folder``.

    :param registry: the Pyramid registry (translation directories).
    :param themes: the themes directory (templates and static files).
    :param directory: the exported database's providers and points.
    """

    def __init__(self, registry, themes, folder, lang, now, directory):
        localizer = make_localizer(
            lang, registry.queryUtility(ITranslationDirectories, default=[]))
        self.translate = translator(localizer)
        self.localize = localizer.translate
        self.labels = ExportLabels(localizer, directory)
        self.themes = themes
        self.folder = folder
        self.lang = lang
        self.exported = self.labels.moment(now)
        self.folders = set()
        self.frames = {}

    def template(self, name):
        return page_template(os.path.join(self.themes, 'offline',
                                          'templates', name))

    def render(self, name, depth, section=None, **values):
        return self.template(name)(
            translate=self.translate, locale=self.lang, labels=self.labels,
            base='../' * depth, exported=self.exported, section=section,
            notices=values.pop('notices', ()), **values)

    def write(self, path, name, section=None, **values):
        """Render template ``name`` to ``path`` (relative to the copy)."""
        self.write_text(path, self.render(name, path.count('/'), section,
                                          **values))

    def frame(self, depth, section):
        """The layout of the pages ``depth`` folders down in ``section``,
        around the title and the content: (before, between, after)."""
        if (depth, section) not in self.frames:
            before, rest = self.render('page.pt', depth, section).split(
                TITLE_SLOT)
            self.frames[depth, section] = (before, *rest.split(CONTENT_SLOT))
        return self.frames[depth, section]

    def write_framed(self, path, name, section=None, **values):
        """Like :meth:`write` for a template of a page's title and
        content only (divided by ``TITLE_END``): the same page, but the
        layout is rendered once, not for every page (card pages)."""
        depth = path.count('/')
        title, content = self.render(name, depth, section, **values).split(
            TITLE_END, 1)
        before, between, after = self.frame(depth, section)
        self.write_text(path, before + title + between + content + after)

    def write_text(self, path, text):
        target = os.path.join(self.folder, path)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        with open(target, 'wb') as stream:
            stream.write(text.encode('utf-8'))

    def copy_static(self):
        os.makedirs(os.path.join(self.folder, 'static'))
        for theme, name in STATIC_FILES:
            shutil.copyfile(
                os.path.join(self.themes, theme, 'static', name),
                os.path.join(self.folder, 'static', os.path.basename(name)))


class IntranetExport:
    """One export of what advisors read at ``now``, in interface
    language ``lang``.

    :param progress: called with (step label, done, total).
    """

    def __init__(self, root, registry, lang='fi', now=None, progress=None):
        self.root = root
        self.registry = registry
        self.directory = directory_of(root, registry)
        self.lang = lang
        self.now = now or registry.clock()
        self.progress = progress
        self.cards = {card.id: card for card in advisor_cards(
            root, helsinki_today(self.now))}
        self.notices = [self.notice_item(notice) for notice in
                        advisor_notices(root, self.now.strftime(
                            '%Y-%m-%dT%H:%M:%SZ'))]

    def notice_item(self, notice):
        code = text_in(notice.texts, self.lang)
        point = notice.point and refdata.name_of(self.directory.points,
                                                 notice.point, self.lang)
        return NoticeItem(notice.provider, notice.kind, code,
                          notice.texts[code]['title'],
                          notice.texts[code]['body'], point,
                          notice.valid_until, notice.cards)

    def entry(self, card):
        """The card in a list, in the interface language if it has it."""
        code = text_in(card.texts, self.lang)
        texts = card.texts[code]
        return Entry(card_href(card.id, code), code, texts['title'],
                     card.provider, texts.get('summary'), card.kind)

    def entries(self, cards):
        return sorted((self.entry(card) for card in cards),
                      key=lambda entry: entry.title.lower())

    def grouped(self, cards):
        """(kind, entries) for each kind that has cards."""
        return [(kind, items) for kind in KIND_ORDER
                if (items := self.entries(card for card in cards
                                          if card.kind == kind))]

    def notices_of(self, provider, card_id=None):
        return [item for item in self.notices if item.provider == provider
                and (card_id is None or not item.cards
                     or card_id in item.cards)]

    def write(self, target, themes):
        """Write the copy to ``target`` (a new directory, or an earlier
        export, which is replaced).

        :raises KBError: if ``target`` is something else.
        :returns: the number of cards.
        """
        target = os.path.abspath(target)
        refusal = _('${target} exists and is not an intranet export; give '
                    'a new directory.', mapping={'target': target})
        with staged_directory(target, '.kb-export-', MARKER,
                              refusal) as folder:
            self.write_pages(SiteWriter(self.registry, themes, folder,
                                        self.lang, self.now, self.directory))
        return len(self.cards)

    def write_pages(self, site):
        site.copy_static()
        cards = sorted(self.cards.values(), key=lambda card: card.id)
        for done, card in enumerate(cards, 1):
            for code in card.languages:
                site.write_framed(card_href(card.id, code), 'card.pt',
                                  **self.card_values(card, code))
            self.report('pages', done, len(cards))
        self.write_lists(site, cards)
        memo = memo_for(self.registry.settings)
        site.write_text('search-data.js', as_script(build_index(
            cards, card_href,
            lambda done, total: self.report('search', done, total), memo)))
        memo.save()
        site.write_text(MARKER, self.now.isoformat() + '\n')

    def write_lists(self, site, cards):
        by_provider, by_event = {}, {}
        for card in cards:
            by_provider.setdefault(card.provider, []).append(card)
            for code in card.content.get('life_events') or ():
                by_event.setdefault(code, []).append(card)
        labels = site.labels
        for code, found in by_provider.items():
            site.write(f'providers/{code}.html', 'listing.pt',
                       heading=labels.provider(code),
                       groups=self.grouped(found),
                       notices=self.notices_of(code))
        for code, found in by_event.items():
            site.write(f'life-events/{code}.html', 'listing.pt',
                       heading=labels.life_event(code),
                       groups=self.grouped(found))
        site.write('guides.html', 'guides.pt', section='guides', groups=[
            (kind, self.entries(card for card in cards if card.kind == kind))
            for kind in ('procedure', 'package')])
        site.write('notices.html', 'notices.pt', section='notices',
                   provider_notices=[
                       (code, self.notices_of(code)) for code in sorted(
                           {item.provider for item in self.notices},
                           key=labels.provider)])
        site.write(
            'index.html', 'index.pt', section='search',
            providers=sorted(by_provider, key=labels.provider),
            life_events=sorted(by_event, key=labels.life_event),
            by_provider=by_provider, by_life_event=by_event,
            count_text=site.localize(_('${count} cards found',
                                       mapping={'count': '{count}'})),
            none_text=site.localize(_('No cards found.')))

    def card_values(self, card, lang):
        """What the card page shows in ``lang``."""
        texts = card.texts[lang]
        instructed = {code: t for code, t in card.texts.items()
                      if t.get('advisor_instructions')}
        advisor_lang = text_in(instructed, lang) if instructed else None
        return dict(
            card=card, lang=lang, texts=texts,
            html={field: markdown.render(texts[field], suorite_names(lang))
                  for field in ('description', 'user_instructions')
                  if texts.get(field)},
            advisor_lang=advisor_lang,
            advisor_html=markdown.render(
                instructed[advisor_lang]['advisor_instructions'],
                suorite_names(advisor_lang))
            if advisor_lang else None,
            links=[(link['url'], link_label(link, lang))
                   for link in card.content.get('links') or ()],
            package=[self.entry(self.cards[ref])
                     for ref in card.content.get('cards') or ()
                     if ref in self.cards],
            notices=self.notices_of(card.provider, card.id),
            remote=contact_for(self.root['providers'][card.provider].remote,
                               card.content.get('remote')))

    def report(self, step, done, total):
        if self.progress:
            self.progress(step, done, total)
