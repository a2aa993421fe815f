"""Rules every theme keeps: CSRF tokens in POST forms, the base layout's
skip link, landmarks and language, readable colours and visible focus."""
from pathlib import Path
import re

import pytest

THEMES = Path(__file__).parent.parent / 'themes'
FORM = re.compile(r'<form\b([^>]*)>(.*?)</form>', re.S | re.I)
POST = re.compile(r'''\bmethod\s*=\s*["']post["']''', re.I)
CSRF_INPUT = re.compile(r'''<input\b[^>]*\bname\s*=\s*["']csrf_token["']''')
RULE = re.compile(r'([^{}]+)\{([^}]*)\}')
HEX = re.compile(r'#(?:[0-9a-f]{6}|[0-9a-f]{3})\b', re.I)


def post_forms():
    """(template, opening tag) of every POST form in every theme."""
    for template in sorted(THEMES.glob('*/templates/**/*.pt')):
        for attributes, body in FORM.findall(template.read_text('utf-8')):
            if POST.search(attributes):
                yield template.relative_to(THEMES), attributes, body


def test_every_post_form_in_every_theme_carries_the_csrf_token():
    forms = list(post_forms())
    assert len(forms) >= 3  # language switch, log out, log in
    missing = [f'{template}: <form{attributes}>'
               for template, attributes, body in forms
               if not CSRF_INPUT.search(body)]
    assert not missing, 'POST forms without a csrf_token input:\n' + \
        '\n'.join(missing)


def test_the_csrf_scan_finds_a_form_without_the_token():
    text = '<form class="x" method="POST" action="/a"><button/></form>'
    [(attributes, body)] = FORM.findall(text)
    assert POST.search(attributes) and not CSRF_INPUT.search(body)


def test_base_layout_has_skip_link_landmarks_and_language(testapp):
    page = testapp.get('/', headers={'Accept-Language': 'sv'}).html
    assert page.html['lang'] == 'sv'
    first = page.body.find(True)
    assert first.name == 'a' and first['href'] == '#main'
    assert first.text == 'Hoppa till innehållet'
    assert page.find(id='main').name == 'main'
    assert len(page.find_all('main')) == 1
    assert page.find('header') is not None
    assert {nav['aria-label'] for nav in page.find_all('nav')} >= {'Konto'}
    # the language buttons are marked with their own language
    assert {b['lang'] for b in page.select('#language-form button')} == {
        'fi', 'sv', 'se'}


def css_rules(path):
    """{selector: {property: value}} of a style sheet; comments are
    dropped and the rules inside ``@media`` and ``@supports`` read as
    if they were at the top."""
    text = re.sub(r'/\*.*?\*/', '', path.read_text('utf-8'), flags=re.S)
    text = re.sub(r'@(?:media|supports)[^{]*\{', '', text)
    rules = {}
    for selectors, body in RULE.findall(text):
        declarations = dict(
            (name.strip(), value.strip()) for name, value in (
                part.split(':', 1) for part in body.split(';')
                if ':' in part))
        for selector in selectors.split(','):
            rules.setdefault(selector.strip(), {}).update(declarations)
    return rules


def luminance(colour):
    digits = colour.lstrip('#')
    if len(digits) == 3:
        digits = ''.join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
               for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other):
    lighter, darker = sorted([luminance(one), luminance(other)],
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast('#000', '#fff') == pytest.approx(21)
    assert contrast('#777', '#fff') == pytest.approx(4.48, abs=0.01)


def hex_colour(value):
    """The colour a value names: itself, or the fallback of a design
    token (``var(--fi-color-..., #00347a)``)."""
    return HEX.search(value).group()


def background(rules, selector):
    """The background a rule's text is drawn on: its own, else the
    header's inside the header, else the page's."""
    own = rules[selector].get('background')
    if own and HEX.search(own):
        return hex_colour(own)
    if selector.startswith('header'):
        return hex_colour(rules['header']['background'])
    return hex_colour(rules['body']['background'])


BASE_CSS = css_rules(THEMES / 'base' / 'static' / 'base.css')


@pytest.mark.parametrize('selector', [
    s for s, d in BASE_CSS.items() if HEX.search(d.get('color', ''))])
def test_base_css_text_contrast_is_at_least_4_5(selector):
    colour = hex_colour(BASE_CSS[selector]['color'])
    assert contrast(colour, background(BASE_CSS, selector)) >= 4.5, selector


def test_base_css_focus_outline_is_visible_everywhere():
    outlines = {s: d for s, d in BASE_CSS.items()
                if s.endswith(':focus') and 'outline' in d}
    width, style = outlines[':focus']['outline'].split()[:2]
    colour = hex_colour(outlines[':focus']['outline'])
    assert style == 'solid' and float(width.rstrip('px')) >= 2
    assert contrast(colour, background(BASE_CSS, 'body')) >= 3
    header = hex_colour(BASE_CSS['header :focus']['outline-color'])
    assert contrast(header, background(BASE_CSS, 'header')) >= 3
    assert 'outline: none' not in (THEMES / 'base' / 'static' /
                                   'base.css').read_text()


def test_every_page_links_the_design_assets_and_they_are_served(testapp):
    """The Suomi.fi tokens, icons and typeface that ``scripts/assets``
    builds are served as static files, and the layout links them."""
    page = testapp.get('/').html
    links = {link['href'] for link in page.find_all('link')}
    assert {'/static/base/suomifi/tokens.css',
            '/static/base/suomifi/fonts.css',
            '/static/base/favicon.svg'} <= links
    tokens = testapp.get('/static/base/suomifi/tokens.css').text
    assert '--fi-color-brand-base: hsl(214, 100%, 24%);' in tokens
    sprite = testapp.get('/static/base/suomifi/icons.svg')
    assert sprite.content_type == 'image/svg+xml'
    used = {use['href'].split('#')[1] for use in page.find_all('use')}
    assert used and all(f'<symbol id="{name}"' in sprite.text
                        for name in used)
    fonts = testapp.get('/static/base/suomifi/fonts.css').text
    files = re.findall(r'url\((fonts/[^)]+\.woff2)\)', fonts)
    assert len(files) == 6  # latin and latin-ext, 400, 600 and 700
    for name in files:
        testapp.get(f'/static/base/suomifi/{name}', status=200)
    icon = testapp.get('/static/base/favicon.svg')
    assert icon.content_type == 'image/svg+xml'
