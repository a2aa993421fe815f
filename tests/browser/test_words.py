"""Every word in the reader's language: the main pages of every role,
rendered in Finnish, Swedish and Northern Sámi over the demo database
(WebTest, no browser: the text is the server's), show no English message
of the catalogue and no internal code in their text.

A message counts as English on a page when its msgid appears there
verbatim although the page's catalogue translates it to something else
(``ENGLISH_ALLOWED`` lists the few that are words of the page's language
too). A code is a ``snake_case`` word (performance types, fields), a
card id or a service point code. Read only: the demo database is shared.
"""
from html.parser import HTMLParser
import re

from babel.messages.pofile import read_po
import pytest
import webtest

from kb.demo import DEMO_PASSWORD, DEMO_USERS
from tests.i18n.test_catalogues import LOCALES

GUIDE = 'opas-virhetilanteet'
PACKAGE = 'paketti-tyottomaksi-jaaminen'
CARD = 'kela-neuvonta'
POLICE = 'poliisi-ajokorttihakemus'
LOCALES_OF = {user[0]: user[4] for user in DEMO_USERS}
REPORTS = ['/reports', '/reports/monthly?month=2015-03',
           '/reports/billing?quarter=2015Q1']
#: user → pages
PAGES = {
    'admin': ['/admin/users', '/admin/users/mikkeli-advisor',
              '/admin/providers', '/admin/providers/kela', '/admin/points',
              '/admin/points/mikkeli', '/admin/prices'],
    'central': [
        '/editor/', '/editor/lists/drafts', '/editor/cards/new',
        f'/editor/cards/{CARD}/edit', f'/editor/cards/{PACKAGE}/edit',
        '/editor/notices', '/editor/notices/new', '/editor/synonyms',
        '/editor/search-analytics', '/editor/search-suggestions',
        *REPORTS],
    'kela-editor': ['/editor/', '/reports'],
    'mikkeli-manager': REPORTS,
    None: ['/', '/providers/kela', '/life-events/unemployment',
           f'/services/{CARD}', '/search?q=ajokortti', '/ei-ole-olemassa'],
}
#: Advisors read in their own language (their setting wins over the
#: language switch).
ADVISOR_PAGES = ['/intranet/', '/intranet/?q=ajokortti', '/intranet/guides',
                 f'/intranet/cards/{CARD}', f'/intranet/cards/{POLICE}',
                 f'/intranet/cards/{PACKAGE}', f'/intranet/cards/{GUIDE}',
                 '/intranet/tickets']
PAGES.update({name: ADVISOR_PAGES for name in (
    'mikkeli-advisor', 'parainen-advisor', 'pelkosenniemi-advisor')})
#: An advisor of two points sees the point switch.
PAGES['skargard-advisor'] = ['/intranet/', f'/intranet/cards/{CARD}']
#: (user, language): a user with a language of their own reads only
#: that one; the others every language, by the ``_LOCALE_`` cookie of
#: the language switch.
SWEEP = [(user, lang) for user in sorted(PAGES, key=str)
         for lang in ([LOCALES_OF[user]] if LOCALES_OF.get(user)
                      else ['fi', 'sv', 'se'])]
#: Messages that are words of the page's language as well.
ENGLISH_ALLOWED = {
    'sv': {'Service', 'Status'},
    'se': set(),
    'fi': set(),
}

SNAKE = re.compile(r'\b[a-z0-9]+(?:_[a-z0-9]+)+\b')
#: Formats that are not the reader's: the English day names opening
#: hours are stored with (``Mon-Fri 09:00-16:00``) and Babel's Norwegian
#: order of a Sámi date (``2026 juov 6``).
FOREIGN_FORMATS = re.compile(r'\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b'
                             r'|\b\d{4} [a-zá-ž]{3,5} \d{1,2}\b')
#: Elements whose content the reader does not read as the page's text:
#: scripts and the text of an editor's own Markdown.
SKIPPED = {'script', 'style', 'textarea', 'template'}
#: Attributes a reader (or a screen reader) meets as text.
READ_ATTRIBUTES = {'aria-label', 'placeholder', 'alt', 'title'}


VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
        'meta', 'source', 'track', 'wbr'}


class Text(HTMLParser):
    """The text a reader meets on a page: (text, its language) per text
    node, the language from the nearest ``lang`` attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.open = [], [('', None)]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get('lang') or self.open[-1][1]
        self.parts += [(attrs[name], lang) for name in READ_ATTRIBUTES
                       if attrs.get(name)]
        if tag not in VOID:
            self.open.append((tag, lang))

    def handle_endtag(self, tag):
        tags = [name for name, _ in self.open]
        if tag in tags:
            del self.open[len(tags) - tags[::-1].index(tag) - 1:]

    def handle_data(self, data):
        if data.strip() and not SKIPPED & {name for name, _ in self.open}:
            self.parts.append((' '.join(data.split()), self.open[-1][1]))


def visible_text(html):
    parser = Text()
    parser.feed(html)
    return parser.parts


def english_patterns(lang):
    """(msgid, pattern) of the messages ``lang`` translates differently,
    placeholders matching anything."""
    with open(LOCALES / 'kb.pot', 'rb') as stream:
        ids = [m.id for m in read_po(stream) if m.id]
    with open(LOCALES / lang / 'LC_MESSAGES' / 'kb.po', 'rb') as stream:
        strings = {m.id: m.string for m in read_po(stream) if m.id}
    patterns = []
    for msgid in ids:
        if strings.get(msgid) in (None, '', msgid) or \
                msgid in ENGLISH_ALLOWED[lang]:
            continue
        parts = re.split(r'\$\{\w+\}', ' '.join(msgid.split()))
        body = '.+?'.join(re.escape(part) for part in parts)
        patterns.append((msgid, re.compile(rf'(?<!\w){body}(?!\w)')))
    return patterns


def english(parts, patterns, lang):
    """The English msgids in the parts of the page marked ``lang`` (a
    part marked as another language is that language's text)."""
    text = '\n'.join(part for part, part_lang in parts if part_lang == lang)
    return sorted({msgid for msgid, pattern in patterns
                   if pattern.search(text)})


def codes(parts, known):
    """Internal codes in the text: ``snake_case`` words, known ids and
    :data:`FOREIGN_FORMATS`."""
    found = set()
    for part, _ in parts:
        found.update(SNAKE.findall(part))
        found.update(FOREIGN_FORMATS.findall(part))
        found.update(word for word in re.findall(r'[\w-]+', part)
                     if word in known)
    return sorted(found)


@pytest.fixture(scope='module')
def known_codes(live_app):
    """(card ids, service point codes) of the demo database."""
    from kb.directory.tables import Directory
    from kb.resources import own_root

    with own_root(live_app.registry._zodb_databases[''],
                  commit=False) as root:
        return set(root['cards'].data), set(Directory.of_root(root).points)


def client(app, user, lang):
    testapp = webtest.TestApp(app)
    testapp.set_cookie('_LOCALE_', lang)
    if user is not None:
        form = testapp.get('/login').forms['login-form']
        form['username'], form['password'] = user, DEMO_PASSWORD
        form.submit(status=303)
    return testapp


def findings(testapp, paths, lang, known):
    """``{path: (English msgids, codes)}`` of the pages with any."""
    patterns = english_patterns(lang)
    found = {}
    for path in paths:
        response = testapp.get(path, status='*')
        assert response.status_int in (200, 404), (path, response.status)
        parts = visible_text(response.text)
        assert re.search(rf'<html\s+lang="{lang}"', response.text), path
        words = english(parts, patterns, lang)
        cards, points = known
        ids = codes(parts, cards | points)
        if words or ids:
            found[path] = (words, ids)
    return found


@pytest.mark.parametrize('user, lang', SWEEP)
def test_no_english_and_no_codes(live_app, known_codes, user, lang):
    testapp = client(live_app, user, lang)
    assert findings(testapp, PAGES[user], lang, known_codes) == {}


def test_the_sweep_finds_english_and_codes():
    """The checks themselves: an English message, a code and a card id
    are found; the same words in an attribute value, a script or a text
    marked as English are not."""
    parts = visible_text(
        '<html lang="fi"><p title="Kortti">Service point <b>x</b><br>'
        '<span lang="en">Closed</span></p><p>Mon-Fri neuvonta_lyhyt <a '
        'href="/x/kela-neuvonta">kela-neuvonta</a></p><script>var a_b = 1;'
        '</script><textarea>x_y</textarea></html>')
    assert english(parts, english_patterns('fi'), 'fi') == [
        'Service', 'Service point']
    assert codes(parts, {'kela-neuvonta'}) == [
        'Fri', 'Mon', 'kela-neuvonta', 'neuvonta_lyhyt']
    assert codes([('Päivitetty 2026 juov 6 07:24:32', 'se')], ()) == [
        '2026 juov 6']
