"""Markdown to safe HTML: python-markdown, raw HTML escaped, then nh3.

Raw HTML in a card's Markdown is kept as text, never executed: the HTML
block and inline processors are removed, and the output is sanitised
with a tag and attribute safelist in any case.
"""
import markdown
import nh3

ALLOWED_TAGS = {
    'a', 'abbr', 'blockquote', 'br', 'code', 'em', 'h2', 'h3', 'h4', 'hr',
    'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th',
    'thead', 'tr', 'ul',
}
ALLOWED_ATTRIBUTES = {'a': {'href', 'title'}, 'abbr': {'title'}}
URL_SCHEMES = {'http', 'https', 'mailto', 'tel'}


def render(text):
    """Return sanitised HTML for the Markdown ``text``."""
    md = markdown.Markdown(extensions=['tables', 'sane_lists'])
    md.preprocessors.deregister('html_block')
    md.inlinePatterns.deregister('html')
    html = md.convert(text or '')
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel='noopener noreferrer',
    )
