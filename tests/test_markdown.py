"""Markdown rendering is sanitised; raw HTML stays text."""
import pytest


def _callFUT(text):
    from kb.markdown import render

    return render(text)


def test_markdown_renders_structure():
    html = _callFUT('## Ohje\n\n1. Ota **hakemus**\n2. Lähetä [Kela]'
                    '(https://www.kela.fi)')
    assert '<h2>Ohje</h2>' in html
    assert '<strong>hakemus</strong>' in html
    assert '<a href="https://www.kela.fi" rel="noopener noreferrer">' \
        in html


@pytest.mark.parametrize('attack', [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<div onclick="x()">raw block</div>',
    '[x](javascript:alert(1))',
    '<iframe src="https://evil.example"></iframe>',
])
def test_attacks_are_neutralised(attack):
    from html.parser import HTMLParser

    elements = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            elements.append((tag, dict(attrs)))

    Collect().feed(_callFUT(attack))
    for tag, attrs in elements:
        assert tag in ('p', 'a'), tag
        assert not any(name.startswith('on') for name in attrs)
        assert not attrs.get('href', '').startswith('javascript')


def test_raw_html_is_kept_as_visible_text():
    assert '&lt;b&gt;' in _callFUT('Tämä on <b>lihava</b>.')


def test_empty_text():
    assert _callFUT(None) == ''


def test_a_list_may_follow_a_paragraph_line_directly():
    html = _callFUT('**Mitä teet**\n1. Selvitä asia.\n2. Anna lomake.\n\n'
                    'Lomakkeet:\n- Kela\n- Vero')
    assert '<p><strong>Mitä teet</strong></p>' in html
    assert '<ol>\n<li>Selvitä asia.</li>\n<li>Anna lomake.</li>\n</ol>' in (
        html)
    assert '<ul>\n<li>Kela</li>\n<li>Vero</li>\n</ul>' in html


def test_a_number_inside_a_paragraph_stays_text():
    html = _callFUT('Laki tuli voimaan vuonna\n2015. Se koskee kaikkia.')
    assert '<ol>' not in html


def test_nothing_of_one_text_carries_over_to_the_next():
    # the converter is reused: a reference defined in one text must not
    # resolve in the next
    _callFUT('[kela]: https://www.kela.fi\n\nKatso [Kela][kela].')
    html = _callFUT('Katso [Kela][kela].')
    assert 'href' not in html
    assert html == '<p>Katso [Kela][kela].</p>'


def test_performance_codes_are_named_in_the_texts_language():
    """Advisor instructions name a performance type by its code; the
    reader sees the name the ticket form uses (issue 15)."""
    from kb.i18n.labels import suorite_names
    from kb.markdown import render

    text = ('Kirjaa **Neuvonta lyhyt 2 min** (`neuvonta_lyhyt`) tai '
            '(`neuvonta_pitka`); `asiakirjat_vastaanotto` vain sovittaessa. '
            'Koodi `ei_tunnettu` jää.')
    html = render(text, suorite_names('sv'))
    assert 'neuvonta_' not in html and 'asiakirjat_' not in html
    assert '<strong>Kort rådgivning (2 min)</strong> tai ' in html
    assert '(<strong>Lång rådgivning (5 min)</strong>)' in html
    assert '<code>ei_tunnettu</code>' in html
    assert '<code>neuvonta_lyhyt</code>' in render(text)


def test_codes_mentioned_in_other_ways_are_named_too():
    from kb.markdown import name_codes

    names = {'neuvonta_lyhyt': 'Short advice', 'neuvonta_pitka': 'Long'}
    assert name_codes('*Neuvonta lyhyt 2 min* (neuvonta_lyhyt) tai '
                      'neuvonta_pitka; x-neuvonta_pitka, neuvonta_pitkat',
                      names) == ('**Short advice** tai **Long**; '
                                 'x-neuvonta_pitka, neuvonta_pitkat')


def test_a_code_inside_an_address_stays_as_written():
    from kb.markdown import name_codes

    names = {'neuvonta_lyhyt': 'Short advice'}
    text = ('[ohje](https://kela.fi/ohjeet/neuvonta_lyhyt) ja '
            'https://x.fi/?s=neuvonta_lyhyt#neuvonta_lyhyt; neuvonta_lyhyt.')
    assert name_codes(text, names) == (
        '[ohje](https://kela.fi/ohjeet/neuvonta_lyhyt) ja '
        'https://x.fi/?s=neuvonta_lyhyt#neuvonta_lyhyt; **Short advice**.')
