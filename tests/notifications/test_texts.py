"""A notification in its reader's language: the card's title in that
language (else Finnish) and the codes' labels, never anything else."""
import pytest

from kb.i18n.formats import Formatter

ENTRIES = [
    ({'kind': 'submitted', 'detail': {'state': 'central_review',
                                      'provider': 'vero'}},
     '"Lapsilisä" (kela-x) odottaa sinua: Keskitetty tarkastus.',
     '/editor/cards/kela-x/edit'),
    ({'kind': 'returned', 'detail': {}},
     '"Lapsilisä" (kela-x) palautettiin toimittajalle.',
     '/editor/cards/kela-x/edit'),
    ({'kind': 'flag_closed', 'detail': {'reason': 'outdated'}},
     'Puuteilmoituksesi kortista "Lapsilisä" (kela-x) on käsitelty '
     '(Vanhentunut).', '/intranet/cards/kela-x'),
    ({'kind': 'review_due', 'detail': {'date': '2026-12-20'}},
     'Kortti "Lapsilisä" (kela-x) on tarkistettava viimeistään 20.12.2026.',
     '/editor/cards/kela-x/edit'),
    ({'kind': 'push_failed', 'detail': {}},
     'Kortin "Lapsilisä" (kela-x) lähettäminen Suomi.fi-palveluun '
     'epäonnistui.', '/editor/publication'),
]


@pytest.mark.parametrize('entry, text, path', ENTRIES)
def test_each_kind_reads_in_finnish_with_its_link(app, entry, text, path):
    from kb.notifications.texts import (
        blank_request,
        link,
        localizer_for,
        sentence,
    )

    entry = dict(entry, card='kela-x', titles={'fi': 'Lapsilisä',
                                               'sv': 'Barnbidrag'})
    localizer = localizer_for(app.registry, 'fi')
    assert sentence(entry, localizer, app.registry.workflows,
                    Formatter('fi')) == text
    request = blank_request(app.registry)
    assert link(request, entry) == path
    assert link(request, entry, absolute=True) == f'http://localhost{path}'


def test_the_title_falls_back_to_finnish_then_to_the_id():
    from kb.notifications.texts import title_in

    entry = {'card': 'kela-x', 'titles': {'fi': 'Lapsilisä'}}
    assert title_in(entry, 'se') == 'Lapsilisä'
    assert title_in(dict(entry, titles={}), 'fi') == 'kela-x'


def test_mail_addresses_start_with_the_sites_address(app):
    from kb.notifications.texts import blank_request, link

    app.registry.settings['kb.site_url'] = 'https://kb.example.fi/'
    request = blank_request(app.registry)
    assert link(request, {'kind': 'returned', 'card': 'kela-x'},
                absolute=True) == 'https://kb.example.fi/editor/cards/' \
                                  'kela-x/edit'
