"""Markdown to safe HTML: python-markdown, raw HTML escaped, then nh3.

Raw HTML in a card's Markdown is kept as text, never executed: the HTML
block and inline processors are removed, and the output is sanitised
with a tag and attribute safelist in any case.

Building a ``Markdown`` converter costs more than converting a card's
text, so each thread keeps one and resets it between texts.
"""
import re
import threading

import markdown
import nh3

ALLOWED_TAGS = {
    'a', 'abbr', 'blockquote', 'br', 'code', 'em', 'h2', 'h3', 'h4', 'hr',
    'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th',
    'thead', 'tr', 'ul',
}
ALLOWED_ATTRIBUTES = {'a': {'href', 'title'}, 'abbr': {'title'}}
URL_SCHEMES = {'http', 'https', 'mailto', 'tel'}
#: A line that starts a list and may interrupt a paragraph (CommonMark:
#: a bullet, or an ordered list that starts at 1).
LIST_START = re.compile(r'^(?:[-*+]|1[.)])\s+\S')
LIST_ITEM = re.compile(r'^\s*(?:[-*+]|\d+[.)])\s+')
#: How authors mention a code (``{codes}``: the known ones): in
#: parentheses after an emphasised name (``**Neuvonta lyhyt 2 min**
#: (`neuvonta_lyhyt`)``, ``*Neuvonta pitkä 5 min* (neuvonta_pitka)``),
#: in a code span or as a bare word.
CODE_MENTION = (r'(?:(?P<em>\*{{1,2}})[^*\n]+(?P=em)\s*'
                r'\(`?(?P<named>{codes})`?\))'
                r'|`?(?<![\w/.=#-])(?P<code>{codes})(?![\w/-])`?')
_local = threading.local()


def lists_interrupt_paragraphs(text):
    """Put a blank line before a list that follows a paragraph line.

    Authors write "**What you do**" and the numbered steps on the next
    line, as CommonMark allows; Python-Markdown would otherwise run the
    steps into the paragraph.
    """
    lines = text.split('\n')
    result = []
    for number, line in enumerate(lines):
        previous = lines[number - 1] if number else ''
        if (LIST_START.match(line) and previous.strip()
                and not LIST_ITEM.match(previous)
                and not previous.startswith((' ', '\t'))):
            result.append('')
        result.append(line)
    return '\n'.join(result)


def name_codes(text, names):
    """``text`` with each mention of a code in ``names``
    (:data:`CODE_MENTION`) replaced by the code's name, in bold: an
    advisor reads the performance type as the ticket form names it,
    never its code. An emphasised phrase that the code follows in
    parentheses is the author's wording of the same name, so the name
    replaces both."""
    codes = '|'.join(re.escape(code) for code in sorted(
        names, key=len, reverse=True))
    pattern = re.compile(CODE_MENTION.format(codes=codes))
    return pattern.sub(
        lambda match: f"**{names[match['named'] or match['code']]}**",
        text)


def converter():
    """This thread's ``Markdown`` converter, reset for a new text."""
    md = getattr(_local, 'converter', None)
    if md is None:
        md = _local.converter = markdown.Markdown(
            extensions=['tables', 'sane_lists'])
        md.preprocessors.deregister('html_block')
        md.inlinePatterns.deregister('html')
    return md.reset()


def render(text, names=None):
    """Return sanitised HTML for the Markdown ``text``.

    :param names: code → name of the codes to name (:func:`name_codes`).
    """
    text = text or ''
    if names:
        text = name_codes(text, names)
    html = converter().convert(lists_interrupt_paragraphs(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel='noopener noreferrer',
    )
