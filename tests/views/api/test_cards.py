"""Functional tests of the card API through the real WSGI app."""
import datetime

import pytest

from tests.conftest import card_body

CARD = '/api/v1/cards/kela-testikortti'


def test_story_editor_changes_published_card_readers_see_old_until_approval(
    as_user, published_card
):
    published_card()
    editor, reviewer, central = (as_user('kela-editor'),
                                 as_user('kela-reviewer'),
                                 as_user('central'))
    public, advisor = as_user(None), as_user('advisor')

    current = editor.get(CARD).json
    assert current['version'] == 1 and current['state'] == 'published'
    body = card_body()
    body['content']['fi']['summary'] = (
        'Lapsilisää maksetaan alle 17-vuotiaasta lapsesta kuukausittain.')
    body.update(base_version=1, comment='Clearer summary')
    saved = editor.put(CARD, body).json
    assert saved['version'] == 2
    assert saved['state'] == 'draft'
    assert saved['published_version'] == 1

    # readers keep seeing version 1 through every review step
    for step, actor in (('submit', editor), ('accept', reviewer)):
        for reader in (public, advisor):
            seen = reader.get(CARD).json
            assert seen['version'] == 1
            assert 'kuukausittain' not in seen['content']['fi']['summary']
        actor.post(f'{CARD}/transitions', {'transition': step})
    assert public.get(CARD).json['version'] == 1

    central.post(f'{CARD}/transitions', {'transition': 'approve'})
    for reader in (public, advisor):
        seen = reader.get(CARD).json
        assert seen['version'] == 2
        assert seen['content']['fi']['summary'].endswith('kuukausittain.')

    changes = editor.get(f'{CARD}/diff', **{'from': 1, 'to': 2}).json
    assert changes['fields'] == []
    assert list(changes['languages']) == ['fi']
    [change] = changes['languages']['fi']['changes']
    assert change['field'] == 'summary'
    assert change['to'].endswith('kuukausittain.')
    assert change['words'] == [
        ['equal', 'Lapsilisää maksetaan'],
        ['delete', 'jokaisesta Suomessa asuvasta'],
        ['equal', 'alle 17-vuotiaasta'],
        ['delete', 'lapsesta.'],
        ['insert', 'lapsesta kuukausittain.'],
    ]

    # restore version 1: a new version 3, a draft again; readers see 2
    restored = editor.post(f'{CARD}/restore',
                           {'version': 1, 'base_version': 2}).json
    assert restored['version'] == 3 and restored['state'] == 'draft'
    assert restored['content']['fi']['summary'] == (
        card_body()['content']['fi']['summary'])
    assert public.get(CARD).json['version'] == 2
    history = editor.get(f'{CARD}/versions').json['versions']
    assert [(v['version'], v['state']) for v in history] == [
        (3, 'draft'), (2, 'published'), (1, 'superseded')]
    # NB: the restored number is data, the comment the editor's own
    assert (history[0]['restored'], history[0]['comment']) == (1, '')
    assert history[1]['restored'] is None


def test_stale_base_version_is_refused_and_nothing_is_overwritten(
    as_user, published_card
):
    published_card()
    editor = as_user('kela-editor')
    first = card_body(base_version=1)
    first['content']['fi']['title'] = 'Lapsilisä (ensimmäinen)'
    editor.put(CARD, first)
    second = card_body(base_version=1)
    second['content']['fi']['title'] = 'Lapsilisä (toinen)'
    error = editor.put(CARD, second, status=409).json
    assert error['error'] == 'stale_version'
    assert error['details'] == {'base_version': 1, 'head': 2}
    assert editor.get(CARD).json['content']['fi']['title'] == (
        'Lapsilisä (ensimmäinen)')
    assert editor.get(f'{CARD}/versions').json['head'] == 2


def test_public_sees_only_public_fields_advisor_sees_intranet_fields(
    as_user, published_card
):
    published_card()
    public = as_user(None).get(CARD).json
    assert 'advisor_instructions' not in public['content']['fi']
    assert 'support' not in public and 'suoritteet' not in public
    assert 'state' not in public and 'working_version' not in public
    advisor = as_user('advisor').get(CARD).json
    assert advisor['content']['fi']['advisor_instructions'].startswith('Ota')
    assert advisor['support']['phone'] == '0295 000 100'
    assert advisor['suoritteet'] == ['neuvonta_lyhyt']
    assert 'working_version' not in advisor


def test_draft_is_invisible_to_public_advisors_and_other_providers(as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    for name in (None, 'advisor', 'vero-editor', 'manager', 'admin'):
        as_user(name).get(CARD, status=404)
        listing = as_user(name).get('/api/v1/cards').json
        assert listing['total'] == 0
    assert as_user('kela-reviewer').get(CARD).json['state'] == 'draft'
    assert as_user('central').get(CARD).json['state'] == 'draft'


def test_working_copy_and_history_hidden_from_readers(as_user, published_card):
    published_card()
    body = card_body(base_version=1)
    body['content']['fi']['advisor_instructions'] = 'SALAINEN LUONNOS'
    as_user('kela-editor').put(CARD, body)
    for name in (None, 'advisor'):
        client = as_user(name)
        assert 'LUONNOS' not in client.get(CARD).text
        client.get(CARD, version=2, status=404)
        client.get(f'{CARD}/versions', status=404)
        client.get(f'{CARD}/diff', status=404, **{'from': 1})
        assert 'LUONNOS' not in client.get('/api/v1/cards').text


def test_effective_date_goes_live_on_the_day_and_catches_up_at_start(
    as_user, app, database
):
    from kb.clock import HELSINKI
    from kb.runtime.startup import prepare

    editor, central = as_user('kela-editor'), as_user('central')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = f'{CARD}/transitions'
    editor.post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    tomorrow = (datetime.datetime.now(HELSINKI).date()
                + datetime.timedelta(days=1))
    approved = central.post(url, {'transition': 'approve',
                                  'effective': tomorrow.isoformat()}).json
    assert approved['scheduled'] == {'version': 1,
                                     'effective': tomorrow.isoformat()}
    as_user(None).get(CARD, status=404)

    # the server was down at midnight: the next start catches up
    later = datetime.datetime.combine(
        tomorrow, datetime.time(0, 5), tzinfo=HELSINKI)
    went_live = prepare(database.db, app.registry, now=later)
    assert went_live == ['kela-testikortti']
    with database as root:
        card = root['cards']['kela-testikortti']
        assert (card.published, card.pending) == (1, None)
    # and readers see it (also without the clock: the date has passed)
    assert as_user(None).get(CARD).json['version'] == 1


def test_future_approval_keeps_old_version_until_the_day(
    as_user, published_card, app, database
):
    from kb.clock import HELSINKI
    from kb.runtime.startup import prepare

    published_card()
    body = card_body(base_version=1)
    body['content']['fi']['title'] = 'Lapsilisä 2027'
    editor = as_user('kela-editor')
    editor.put(CARD, body)
    for actor, step in ((editor, 'submit'),
                        (as_user('kela-reviewer'), 'accept')):
        actor.post(f'{CARD}/transitions', {'transition': step})
    day = datetime.date.today() + datetime.timedelta(days=30)
    as_user('central').post(f'{CARD}/transitions', {
        'transition': 'approve', 'effective': day.isoformat()})
    assert as_user(None).get(CARD).json['version'] == 1
    before = datetime.datetime.combine(day, datetime.time(23),
                                       tzinfo=HELSINKI) - datetime.timedelta(
                                           days=1)
    assert prepare(database.db, app.registry, now=before) == []
    on_the_day = before + datetime.timedelta(hours=2)
    assert prepare(database.db, app.registry,
                   now=on_the_day) == ['kela-testikortti']
    assert as_user(None).get(CARD).json['content']['fi']['title'] == (
        'Lapsilisä 2027')


@pytest.mark.parametrize('change, field', [
    ({'provider': 'nobody'}, 'provider'),
    ({'id': 'Bad Id!'}, 'id'),
    ({'kind': 'recipe'}, 'kind'),
    ({'channels': ['fax']}, 'channels'),
    ({'suoritteet': ['loytotavara_vastaanotto']}, 'suoritteet'),
    ({'life_events': ['wedding-party']}, 'life_events'),
    ({'colour': 'blue'}, 'colour'),
    ({'content': {}}, 'content'),
    ({'content': {'xx': {'title': 'T', 'summary': 'S'}}}, 'content.xx'),
    ({'content': {'fi': {'title': 'x' * 101, 'summary': 'S'}}},
     'content.fi.title'),
    ({'content': {'fi': {'title': 'T', 'summary': 's' * 151}}},
     'content.fi.summary'),
    ({'content': {'fi': {'title': 'T', 'summary': 'S',
                         'description': 'd' * 5001}}},
     'content.fi.description'),
    ({'content': {'fi': {'title': 'T', 'summary': 'S',
                         'user_instructions': 'd' * 5001}}},
     'content.fi.user_instructions'),
    ({'content': {'fi': {'title': 'T', 'summary': 'S',
                         'advisor_instructions': 'd' * 5001}}},
     'content.fi.advisor_instructions'),
    ({'content': {'sv': {'title': 'T'}}}, 'content.sv.summary'),
    ({'content': {'fi': {'title': 'T', 'summary': 'S', 'extra': 'x'}}},
     'content.fi.extra'),
    ({'links': [{'url': 'javascript:alert(1)', 'label': {'fi': 'x'}}]},
     'links.0.url'),
    ({'review_by': '1.1.2027'}, 'review_by'),
    ({'cards': ['kela-x']}, 'cards'),
])
def test_bad_card_is_refused_with_the_field_named_and_nothing_saved(
    as_user, change, field
):
    editor = as_user('kela-editor')
    response = editor.post('/api/v1/cards', card_body(**change), status=422)
    error = response.json
    assert error['error'] == 'validation'
    assert field in [d['field'] for d in error['details']]
    assert as_user('central').get('/api/v1/cards').json['total'] == 0


def test_malformed_json_gets_400_json_error(testapp, tokens):
    response = testapp.post(
        '/api/v1/cards', '{"id": ', status=422,
        headers={'Authorization': f"Bearer {tokens['kela-editor']}",
                 'Content-Type': 'application/json'})
    assert response.json['error'] == 'malformed_json'
    response = testapp.post_json(
        '/api/v1/cards', ['not', 'an', 'object'], status=422,
        headers={'Authorization': f"Bearer {tokens['kela-editor']}"})
    assert response.json['error'] == 'malformed_json'


def test_id_already_used_is_409(as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    assert editor.post('/api/v1/cards', card_body(),
                       status=409).json['error'] == 'id_taken'


def test_unknown_and_impossible_transitions(as_user):
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = f'{CARD}/transitions'
    assert editor.post(url, {'transition': 'fly'},
                       status=422).json['details'][0]['field'] == (
        'transition')
    assert editor.post(url, {'transition': 'approve'},
                       status=409).json['error'] == 'invalid_transition'
    assert editor.post(url, {'transition': 'submit', 'extra': 1},
                       status=422).json['details'][0]['field'] == 'extra'
    # the editor may not accept its own submission: 403
    editor.post(url, {'transition': 'submit'})
    assert editor.post(url, {'transition': 'accept'},
                       status=403).json['error'] == 'forbidden'


def test_return_needs_a_comment_and_keeps_it(as_user):
    editor, reviewer = as_user('kela-editor'), as_user('kela-reviewer')
    editor.post('/api/v1/cards', card_body(), status=201)
    url = f'{CARD}/transitions'
    editor.post(url, {'transition': 'submit'})
    error = reviewer.post(url, {'transition': 'reject'}, status=422).json
    assert error['details'][0]['field'] == 'comment'
    returned = reviewer.post(url, {'transition': 'reject',
                                   'comment': 'Lisää ruotsi'}).json
    assert returned['state'] == 'draft'
    assert returned['last_transition']['comment'] == 'Lisää ruotsi'


def test_guard_refuses_submission_without_finnish(as_user):
    body = card_body()
    del body['content']['fi']
    body['suoritteet'] = []
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', body, status=201)
    error = editor.post(f'{CARD}/transitions', {'transition': 'submit'},
                        status=422).json
    assert [d['field'] for d in error['details']] == ['content.fi']
    assert editor.get(CARD).json['state'] == 'draft'


def test_guard_refuses_summary_equal_to_title(as_user):
    body = card_body()
    body['content']['fi']['summary'] = 'Lapsilisä'
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', body, status=201)
    error = editor.post(f'{CARD}/transitions', {'transition': 'submit'},
                        status=422).json
    assert error['details'][0]['field'] == 'content.fi.summary'


def test_default_workflow_has_no_provider_review(as_user):
    editor = as_user('vero-editor')
    editor.post('/api/v1/cards', card_body('vero-x', 'vero',
                                           suoritteet=[]), status=201)
    submitted = editor.post('/api/v1/cards/vero-x/transitions',
                            {'transition': 'submit'}).json
    assert submitted['state'] == 'central_review'
    assert submitted['workflow'] == 'default'
    assert as_user('central').get('/api/v1/cards/vero-x').json[
        'transitions'] == ['approve', 'return']


def test_finnish_change_marks_other_languages_outdated_until_confirmed(
    as_user, published_card
):
    published_card()
    editor = as_user('kela-editor')
    body = card_body(base_version=1)
    body['content']['fi']['description'] = 'Uusi kuvaus.'
    saved = editor.put(CARD, body).json
    assert saved['languages'] == {'fi': {'status': 'current'},
                                  'sv': {'status': 'outdated'}}
    confirmed = editor.post(f'{CARD}/languages/sv/confirm', {}).json
    assert confirmed['languages']['sv'] == {'status': 'current'}
    editor.post(f'{CARD}/languages/se/confirm', {}, status=422)
    # updating the Swedish text also makes it current
    body = card_body(base_version=2)
    body['content']['fi']['description'] = 'Kolmas kuvaus.'
    assert editor.put(CARD, body).json['languages']['sv'] == {
        'status': 'outdated'}
    body = card_body(base_version=3)
    body['content']['fi']['description'] = 'Kolmas kuvaus.'
    body['content']['sv']['description'] = 'Tredje beskrivningen.'
    assert editor.put(CARD, body).json['languages']['sv'] == {
        'status': 'current'}


def test_unchanged_save_is_refused(as_user, published_card):
    published_card()
    error = as_user('kela-editor').put(
        CARD, card_body(base_version=1), status=422).json
    assert error['error'] == 'unchanged'


def test_retire_hides_card_from_readers(as_user, published_card):
    published_card()
    central = as_user('central')
    central.post(f'{CARD}/transitions', {'transition': 'retire'},
                 status=422)
    retired = central.post(f'{CARD}/transitions', {
        'transition': 'retire', 'comment': 'Service ended'}).json
    assert retired['state'] == 'retired'
    as_user(None).get(CARD, status=404)
    as_user('advisor').get(CARD, status=404)


def test_move_by_central_editor_only(as_user, published_card):
    published_card(suoritteet=['neuvonta_lyhyt'])
    as_user('kela-editor').post(f'{CARD}/move', {'provider': 'vero'},
                                status=403)
    moved = as_user('central').post(f'{CARD}/move',
                                    {'provider': 'vero'}).json
    assert moved['provider'] == 'vero' and moved['workflow'] == 'default'
    # now the Kela editor may not edit it, the Tax editor may
    changed = card_body(base_version=1, provider='vero')
    changed['content']['fi']['title'] = 'Muutettu'
    as_user('kela-editor').put(CARD, changed, status=403)
    assert as_user('vero-editor').put(CARD, changed).json['version'] == 2
    assert as_user('vero-editor').get(CARD).json['provider'] == 'vero'


def test_move_refuses_performance_types_the_new_provider_lacks(
    as_user, published_card
):
    published_card(suoritteet=['asiakaspalaute'])  # Kela only
    error = as_user('central').post(f'{CARD}/move', {'provider': 'vero'},
                                    status=422).json
    assert error['details'][0]['field'] == 'suoritteet'


def test_listing_filters_and_paging(as_user, published_card):
    for number in range(3):
        published_card(f'kela-kortti-{number}')
    central = as_user('central')
    listing = central.get('/api/v1/cards', provider='kela', limit=2).json
    assert listing['total'] == 3 and len(listing['items']) == 2
    assert central.get('/api/v1/cards', state='draft').json['total'] == 0
    assert central.get('/api/v1/cards', lang='se').json['total'] == 0
    assert central.get('/api/v1/cards', lang='sv').json['total'] == 3
    central.get('/api/v1/cards', provider='nobody', status=422)
    central.get('/api/v1/cards', limit='many', status=422)


def test_review_due_lists_past_dates_for_own_provider_and_central(
    as_user, published_card
):
    published_card('kela-vanha', review_by='2020-01-01')
    published_card('kela-uusi', review_by='2999-01-01')
    ids = [c['id'] for c in
           as_user('kela-editor').get('/api/v1/review-due').json['items']]
    assert ids == ['kela-vanha']
    assert [c['id'] for c in as_user('central').get(
        '/api/v1/review-due').json['items']] == ['kela-vanha']
    assert as_user('vero-editor').get('/api/v1/review-due').json[
        'items'] == []
    as_user(None).get('/api/v1/review-due', status=401)


def test_package_must_chain_existing_cards(as_user, published_card):
    published_card()
    central = as_user('central')
    package = card_body('paketti-testi', 'central', kind='package',
                        suoritteet=[], cards=['kela-testikortti'])
    central.post('/api/v1/cards', package, status=201)
    bad = card_body('paketti-huono', 'central', kind='package',
                    suoritteet=[], cards=['kela-ei-ole'])
    error = central.post('/api/v1/cards', bad, status=422).json
    assert error['details'][0]['field'] == 'cards'


def test_raw_html_in_markdown_stays_text():
    from kb.markdown import render

    html = render('Hei <script>alert(1)</script> <img src=x onerror=y>')
    assert '<script>' not in html and '<img' not in html
    assert '&lt;script&gt;' in html


def test_central_editor_cancels_the_scheduled_version(as_user,
                                                      published_card):
    published_card()
    url = f'{CARD}/transitions'
    for number, day in ((2, '2999-01-01'), (3, '2998-01-01')):
        changed = card_body()
        changed['content']['fi']['summary'] = f'Tiivistelmä {number}.'
        as_user('kela-editor').put(CARD, dict(changed,
                                              base_version=number - 1))
        as_user('kela-editor').post(url, {'transition': 'submit'})
        as_user('kela-reviewer').post(url, {'transition': 'accept'})
        as_user('central').post(url, {'transition': 'approve',
                                      'effective': day})
    states = [v['state'] for v in as_user('central').get(
        f'{CARD}/versions').json['versions']]
    # NB: a newer approval replaces the version that waited
    assert states == ['scheduled', 'superseded', 'published']

    cancel = f'{CARD}/unschedule'
    for other in ('kela-editor', 'vero-editor'):
        as_user(other).post(cancel, {}, status=403)
    card = as_user('central').post(cancel, {}).json
    assert card['scheduled'] is None and card['published_version'] == 1
    assert as_user('central').get(f'{CARD}/versions').json[
        'versions'][0]['state'] == 'cancelled'
    as_user('central').post(cancel, {}, status=409)
    publication = as_user('central').get(f'{CARD}/publication').json
    assert {(e['action'], e['outcome'], e['version'])
            for e in publication['items'] if e['action'] == 'cancel'
            } == {('cancel', 'done', 3)}
    # NB: a scheduled version was never sent to Suomi.fi; nor is this
    assert publication['suomifi']['version'] == 1


def test_a_first_publication_cannot_be_cancelled(as_user):
    """Cancelling a new card's first scheduled publication would leave a
    live card with no published version (and a later withdrawal a 500):
    it is refused, and the card can be withdrawn instead."""
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)
    url = f'{CARD}/transitions'
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    as_user('central').post(url, {'transition': 'approve',
                                  'effective': '2999-01-01'})
    refused = as_user('central').post(f'{CARD}/unschedule', {},
                                      status=409).json
    assert refused['error'] == 'first_publication'
    assert as_user('central').get(CARD).json['scheduled'] is not None
    page = as_user('central').get('/editor/cards/kela-testikortti/edit')
    assert page.html.select_one('#scheduled')
    assert page.html.select_one('#unschedule') is None
