"""Markdown → PTV plain text."""
import pytest


def _callFUT(markdown):
    from kb.suomifi.text import plain_text
    return plain_text(markdown)


@pytest.mark.parametrize('markdown, text', [
    ('', ''),
    (None, ''),
    ('**lihava** ja __myös__, *kursiivi* ja _tämä_', 'lihava ja myös, '
     'kursiivi ja tämä'),
    ('snake_case_name ja 2*3*4', 'snake_case_name ja 2*3*4'),
    ('`koodi`', 'koodi'),
    ('[Kela](https://www.kela.fi)', 'Kela (https://www.kela.fi)'),
    ('[https://a.fi](https://a.fi) ja <https://b.fi>',
     'https://a.fi ja https://b.fi'),
    ('teksti <b>html</b>', 'teksti html'),
    ('\\*ei korostus\\*', '*ei korostus*'),
    ('## Otsikko ##\nteksti', 'Otsikko\n\nteksti'),
    ('rivi\njatkuu\r\n\r\nuusi kappale', 'rivi jatkuu\n\nuusi kappale'),
    ('ennen\n- yksi\n* kaksi\n  jatko\n+ kolme\n\njälkeen',
     'ennen\n\n- yksi\n- kaksi jatko\n- kolme\n\njälkeen'),
    ('1. eka\n2) toka', '1. eka\n2. toka'),
    ('> lainaus\n\n---\n\nloppu', 'lainaus\n\nloppu'),
])
def test_plain_text(markdown, text):
    assert _callFUT(markdown) == text


def test_plain_text_is_never_longer_than_the_markdown():
    markdown = '# O\n\n**a** [b](https://c.fi) `d`\n\n- e\n1) f'
    assert len(_callFUT(markdown)) <= len(markdown)


def test_scripts_and_styles_go_whole():
    assert _callFUT('<script>alert(1)</script> **a** <style>p{}</style>b'
                    '\n\n<script>only</script>') == 'a b'


@pytest.mark.parametrize('text, expected', [
    ('Yksi lause. Toinen lause.', 'Yksi lause.'),
    ('Kysymys? Vastaus.', 'Kysymys?'),
    ('Rivi\ntoinen rivi', 'Rivi'),
    ('sana ' * 10, 'sana sana…'),
    ('pitkäsanainenlause', 'pitkäsanain…'),
])
def test_lead(text, expected):
    from kb.suomifi.text import lead
    assert lead(text, 12) == expected
    assert len(lead(text, 12)) <= 12


def test_same_text_ignores_case_and_surrounding_space():
    from kb.suomifi.text import same_text
    assert same_text(' Verokortti ', 'VEROKORTTI')
    assert not same_text('Verokortti', 'Verokortti.')
    assert not same_text('Verokortti', None)
