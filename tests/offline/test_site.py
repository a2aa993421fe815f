"""The offline copy of the intranet, written from a real database."""
import json
import os
from pathlib import Path
import re

import pytest

from kb.errors import KBError
from tests.conftest import HIDDEN_MARKERS


def export(app, database, target, lang='fi', progress=None):
    from kb.offline.site import IntranetExport

    with database as root:
        return IntranetExport(root, app.registry, lang,
                              progress=progress).write(
            str(target), app.registry.settings['kb.themes_dir'])


def read_all(folder):
    """Every file of the copy: relative path → text."""
    found = {}
    for where, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(where, name)
            with open(path, encoding='utf-8') as stream:
                found[os.path.relpath(path, folder)] = stream.read()
    return found


def search_index(files):
    text = files['search-data.js']
    assert text.startswith('window.KB_OFFLINE_INDEX = ')
    return json.loads(text[len('window.KB_OFFLINE_INDEX = '):-2])


def test_only_what_advisors_may_read_is_exported(app, database, mixed_cards,
                                                 tmp_path):
    count = export(app, database, tmp_path / 'copy')
    files = read_all(tmp_path / 'copy')
    assert count == len(mixed_cards)
    assert sorted(path for path in files if path.startswith('cards/')) == [
        'cards/kela-testikortti.fi.html', 'cards/kela-testikortti.sv.html',
        'cards/ohje-etapalvelu.fi.html', 'cards/ohje-etapalvelu.sv.html']
    everything = '\n'.join(files.values()).lower()
    for marker in HIDDEN_MARKERS:
        assert marker not in everything
    for card_id in ('kela-poistuva', 'kela-tuleva', 'kela-luonnos'):
        assert card_id not in everything


def test_card_page_has_advisor_text_support_remote_and_links(
        app, database, published_card, tmp_path):
    published_card(links=[{'url': 'https://www.kela.fi/asiointi',
                           'label': {'fi': 'Kelan asiointipalvelu'}}],
                   remote={'room_url': 'https://huone.kela.fi/oma'})
    export(app, database, tmp_path / 'copy')
    page = read_all(tmp_path / 'copy')['cards/kela-testikortti.fi.html']
    assert '<h2 id="advisor-title">Ohjeet neuvojalle</h2>' in page
    assert 'Ota hakemus vastaan ja lähetä se Kelaan.' in page
    assert 'href="tel:0295000100"' in page
    assert 'href="https://www.kela.fi/asiointi"' in page
    assert 'href="https://huone.kela.fi/oma"' in page  # its own expert
    assert '<strong>verotonta</strong>' in page  # Markdown rendered
    assert 'href="../static/intranet.css"' in page


def test_every_link_is_relative_and_leads_to_a_file(app, database,
                                                    mixed_cards, tmp_path):
    export(app, database, tmp_path / 'copy')
    files = read_all(tmp_path / 'copy')
    for path, text in files.items():
        if not path.endswith('.html'):
            continue
        for link in re.findall(r'(?:href|src)="([^"]+)"', text):
            if link.startswith(('https:', 'tel:', '#', 'mailto:')):
                continue
            assert not link.startswith(('/', 'http:')), (path, link)
            target = os.path.normpath(os.path.join(
                os.path.dirname(path), link.split('?')[0]))
            assert target in files, (path, link)


def test_package_lists_its_cards_in_order(app, database, published_card,
                                          as_user, tmp_path):
    from tests.conftest import card_body

    published_card('kela-toinen')
    published_card()
    central = as_user('central')
    central.post('/api/v1/cards', card_body(
        'paketti-muutto', 'central', kind='package', suoritteet=[],
        channels=[], cards=['kela-toinen', 'kela-testikortti']),
        status=201)
    central.post('/api/v1/cards/paketti-muutto/transitions',
                 {'transition': 'publish'})
    export(app, database, tmp_path / 'copy')
    files = read_all(tmp_path / 'copy')
    page = files['cards/paketti-muutto.fi.html']
    package = page.split('id="package-title"')[1].split('</ol>')[0]
    assert re.findall(r'href="([^"]+)"', package) == [
        '../cards/kela-toinen.fi.html', '../cards/kela-testikortti.fi.html']
    assert 'paketti-muutto.fi.html' in files['guides.html']


def test_notices_in_force_per_provider_with_point_marked(
    app, database, published_card, as_user, tmp_path
):
    published_card()
    editor = as_user('kela-editor')
    for title, point in (('Katko kaikkialla', None),
                         ('Katko Mikkelissä', 'mikkeli')):
        editor.post('/api/v1/notices', {
            'provider': 'kela', 'kind': 'disruption',
            'content': {'fi': {'title': title, 'body': 'Järjestelmä on '
                                                       'poissa käytöstä.'}},
            'valid_from': '2020-01-01', 'valid_until': '2099-01-01',
            **({'point': point} if point else {})}, status=201)
    export(app, database, tmp_path / 'copy')
    files = read_all(tmp_path / 'copy')
    for path in ('notices.html', 'providers/kela.html',
                 'cards/kela-testikortti.fi.html'):
        assert 'Katko kaikkialla' in files[path]
        assert 'Katko Mikkelissä' in files[path]
    notices = dict(re.findall(
        r'<h3>.*?<span lang="fi">([^<]+)</span></h3>\s*(<p class="point">'
        r'.*?</p>)?', files['notices.html']))
    assert notices == {
        'Katko kaikkialla': '',
        'Katko Mikkelissä': '<p class="point">Vain asiointipisteessä '
                            '<span>Mikkelin Asiointipiste</span></p>'}


def test_search_index_has_base_forms_of_every_language(
    app, database, published_card, tmp_path
):
    published_card()
    export(app, database, tmp_path / 'copy')
    index = search_index(read_all(tmp_path / 'copy'))
    assert [doc[:2] for doc in index['docs']] == [
        ['cards/kela-testikortti.fi.html', 'fi'],
        ['cards/kela-testikortti.sv.html', 'sv']]
    terms = dict(index['terms'])
    assert [term for term, _ in index['terms']] == sorted(terms)
    # "lapsilisää" (partitive) is indexed with its base form, in the
    # title (weight 3) of the first document
    assert 0 * 4 + 3 in terms['lapsilisä']
    assert 'hakemus' in terms  # from the advisor instructions
    assert 1 * 4 + 3 in terms['barnbidrag']
    # the words' terms are kept beside the search index for next time,
    # and the next export gives the same index from them
    memo = Path(app.registry.settings['kb.search.index_dir'],
                'offline-terms.json')
    assert 'lapsilisä' in json.loads(memo.read_text())['terms']['fi'][
        'lapsilisää']
    export(app, database, tmp_path / 'copy')
    assert search_index(read_all(tmp_path / 'copy')) == index


def test_interface_language_is_chosen(app, database, published_card,
                                      tmp_path):
    published_card()
    export(app, database, tmp_path / 'copy', lang='sv')
    files = read_all(tmp_path / 'copy')
    assert '<html\n      lang="sv">' in files['index.html']
    assert 'Anvisningar för rådgivaren' in \
        files['cards/kela-testikortti.fi.html']
    # lists link to the card in the interface language
    assert 'cards/kela-testikortti.sv.html' in files['providers/kela.html']


def test_an_earlier_export_is_replaced_and_other_folders_refused(
    app, database, published_card, tmp_path
):
    published_card()
    target = tmp_path / 'copy'
    export(app, database, target)
    (target / 'cards' / 'old.fi.html').write_text('old')
    export(app, database, target)
    assert not (target / 'cards' / 'old.fi.html').exists()
    other = tmp_path / 'documents'
    other.mkdir()
    (other / 'thesis.txt').write_text('precious')
    with pytest.raises(KBError):
        export(app, database, other)
    assert (other / 'thesis.txt').read_text() == 'precious'
    assert sorted(os.listdir(tmp_path)) == ['copy', 'documents', 'search']


def test_a_failed_export_leaves_nothing(app, database, published_card,
                                        tmp_path):
    published_card()
    seen = []

    def failing(step, done, total):
        seen.append(step)
        raise RuntimeError('disk full')

    with pytest.raises(RuntimeError):
        export(app, database, tmp_path / 'copy', progress=failing)
    assert seen == ['pages']
    assert sorted(os.listdir(tmp_path)) == ['search']


def test_card_page_is_the_layout_around_its_escaped_title_and_content(
    app, database, published_card, tmp_path
):
    from tests.conftest import card_body

    content = card_body()['content']
    content['fi']['title'] = 'Lapsilisä <!--title--> & <b>tuki</b>'
    published_card(content=content)
    export(app, database, tmp_path / 'copy')
    files = read_all(tmp_path / 'copy')
    page = files['cards/kela-testikortti.fi.html']
    escaped = 'Lapsilisä &lt;!--title--&gt; &amp; &lt;b&gt;tuki&lt;/b&gt;'
    assert page.count('<title>') == 1
    assert f'<title>{escaped} – Neuvojan intranet, paikallinen kopio' \
        '</title>' in page
    assert f'<main id="main" role="main">\n    \n    <h1 lang="fi">' \
        f'{escaped}</h1>' in page
    # the same layout as a page rendered whole, one folder down
    listing = files['providers/kela.html']
    assert page.split('<title>')[0] == listing.split('<title>')[0]
    assert page.split('</title>')[1].split('<main')[0] == \
        listing.split('</title>')[1].split('<main')[0]
    assert page.split('</main>')[1] == listing.split('</main>')[1]
    assert page.endswith('</html>\n\n')
