"""Message catalogues: complete in fi, sv and se, and they compile."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
import pytest

LOCALES = Path(__file__).parent.parent.parent / 'locales'


def catalog(lang):
    with open(LOCALES / lang / 'LC_MESSAGES' / 'kb.po', 'rb') as stream:
        return read_po(stream, locale=lang)


def template_ids():
    with open(LOCALES / 'kb.pot', 'rb') as stream:
        return {m.id for m in read_po(stream) if m.id}


@pytest.mark.parametrize('lang', ['fi', 'sv', 'se'])
def test_catalogue_translates_every_message(lang):
    cat = catalog(lang)
    assert not cat.fuzzy, 'a fuzzy header is skipped by pybabel compile'
    messages = {m.id: m for m in cat if m.id}
    missing = sorted(template_ids() - set(messages))
    empty = sorted(i for i, m in messages.items() if not m.string)
    fuzzy = sorted(i for i, m in messages.items() if m.fuzzy)
    assert (missing, empty, fuzzy) == ([], [], [])


@pytest.mark.parametrize('lang', ['fi', 'sv', 'se'])
def test_catalogue_compiles_and_keeps_placeholders(lang, tmp_path):
    import re

    cat = catalog(lang)
    for message in cat:
        if message.id:
            wanted = set(re.findall(r'\$\{\w+\}', message.id))
            assert set(re.findall(r'\$\{\w+\}', message.string)) == wanted, \
                message.id
    errors = list(cat.check())
    assert errors == []
    with open(tmp_path / 'kb.mo', 'wb') as stream:
        write_mo(stream, cat)


def test_template_covers_python_and_templates():
    ids = template_ids()
    assert 'The card has errors.' in ids  # kb/views/api/cards.py
    assert 'Skip to content' in ids  # themes/base/templates/layout.pt


def test_api_errors_follow_the_request_language(as_user, testapp, tokens):
    response = testapp.get('/api/v1/cards/ei-ole', status=404,
                           headers={'Accept-Language': 'sv'})
    assert response.json['message'] == catalog('sv')['Not found.'].string


@pytest.mark.parametrize('setting, cookie, accept, expected', [
    ('se', 'sv', 'fi', 'se'),  # the user's own setting first
    (None, 'sv', 'se', 'sv'),  # then the language switch's cookie
    (None, 'xx', 'se-FI,en;q=0.5', 'se'),  # then Accept-Language
    (None, None, 'de, en', 'fi'),  # then Finnish
    ('de', None, None, 'fi'),  # unknown languages count as none
])
def test_language_is_chosen_setting_cookie_header_finnish(setting, cookie,
                                                          accept, expected):
    from types import SimpleNamespace

    from pyramid.request import Request

    from kb.i18n import negotiate_locale

    request = Request.blank('/')
    if accept:
        request.headers['Accept-Language'] = accept
    if cookie:
        request.cookies['_LOCALE_'] = cookie
    request.user = SimpleNamespace(locale=setting) if setting else None
    assert negotiate_locale(request) == expected


def test_every_workflow_title_is_in_the_template():
    """A state or transition titled in a workflow file but missing from
    ``kb.pot`` (so from the catalogues) fails here: run scripts/i18n."""
    from kb.cards.workflow import titles

    ids = template_ids()
    files = sorted((LOCALES.parent / 'workflows').glob('*.toml'))
    missing = [(path.name, line, title) for path in files
               for line, title in titles(path) if title not in ids]
    assert missing == []


def test_extractor_finds_the_titles_with_their_lines(tmp_path):
    from kb.i18n.extract import WorkflowExtractor

    path = tmp_path / 'legal.toml'
    path.write_text('[workflow]\ninitial = "draft"\n\n[states.draft]\n'
                    'stage = "working"\ntitle = "Draft"\n\n'
                    '[transitions.check]\ntitle = "Check"\n', 'utf-8')
    found = [(m.msgid, m.location) for m in
             WorkflowExtractor()(str(path), options=None)]
    assert found == [('Draft', (str(path), 6)), ('Check', (str(path), 9))]
