"""The Suomi.fi push against a local PTV stand-in (tests/suomifi/
ptv_server.py), which validates every body against PTV's own schema."""
import datetime
import json

from tests.conftest import CARD, card_body
from tests.suomifi.ptv_server import PTVServer
from tests.views.test_intranet_guides import central_card

PACKAGE = 'paketti-testi'


def status_of(database, card_id=CARD):
    with database as root:
        status = root['suomifi'].statuses[card_id]
        return {name: getattr(status, name) for name in (
            'state', 'attempts', 'error', 'version', 'action', 'ptv_id')}


def suomifi_log(database, card_id=CARD):
    with database as root:
        return [e for e in root['publication'].of_card(card_id)
                if e['channel'] == 'suomifi']


def change_title(as_user, title, version):
    body = card_body(base_version=version)
    body['content']['fi']['title'] = title
    as_user('kela-editor').put(f'/api/v1/cards/{CARD}', body)
    url = f'/api/v1/cards/{CARD}/transitions'
    as_user('kela-editor').post(url, {'transition': 'submit'})
    as_user('kela-reviewer').post(url, {'transition': 'accept'})
    as_user('central').post(url, {'transition': 'approve'})


def test_new_service_is_created_then_updated_once_per_change(
    published_card, as_user, pusher, ptv, database
):
    published_card()
    push = pusher()
    assert push.push_due() == {'done': 1, 'failed': 0, 'retrying': 0}
    # PTV did not know it: PUT by sourceId answered 404, then POST created
    assert ptv.requests == [('PUT', f'/api/v11/Service/sourceId/{CARD}'),
                            ('POST', '/api/v11/Service')]
    stored = ptv.services[CARD]
    assert stored['publishingStatus'] == 'Published'
    assert status_of(database)['state'] == 'done'
    assert status_of(database)['ptv_id'] == stored['id']
    assert push.push_due() == {'done': 0, 'failed': 0, 'retrying': 0}
    assert len(ptv.requests) == 2

    change_title(as_user, 'Lapsilisä uudistuu', 1)
    assert push.push_due()['done'] == 1
    assert ptv.requests[2:] == [('PUT', f'/api/v11/Service/sourceId/{CARD}')]
    names = [n['value'] for n in ptv.services[CARD]['serviceNames']]
    assert 'Lapsilisä uudistuu' in names
    push.push_due()
    assert len(ptv.requests) == 3
    outcomes = [(e['version'], e['outcome']) for e in suomifi_log(database)]
    assert outcomes == [(2, 'done'), (2, 'pending'), (1, 'done'),
                        (1, 'pending')]


def test_advisor_text_never_reaches_ptv(published_card, pusher, ptv):
    published_card()
    pusher().push_due()
    sent = json.dumps(ptv.services[CARD], ensure_ascii=False)
    assert 'Ota hakemus vastaan' not in sent
    assert 'Ta emot ansökan' not in sent
    assert '0295 000 100' not in sent


def test_retired_service_is_deleted_in_ptv(published_card, as_user,
                                           pusher, ptv, database):
    published_card()
    push = pusher()
    push.push_due()
    as_user('central').post(f'/api/v1/cards/{CARD}/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    assert push.push_due()['done'] == 1
    assert ptv.services[CARD]['publishingStatus'] == 'Deleted'
    assert status_of(database)['action'] == 'withdraw'


def test_withdrawing_what_ptv_never_had_is_done(published_card, as_user,
                                                pusher, ptv, database):
    published_card()
    as_user('central').post(f'/api/v1/cards/{CARD}/transitions', {
        'transition': 'retire', 'comment': 'Palvelu päättyy.'})
    assert pusher().push_due()['done'] == 1
    assert ptv.requests == [('PUT', f'/api/v11/Service/sourceId/{CARD}')]
    assert CARD not in ptv.services


def test_unavailable_ptv_is_retried_with_back_off(published_card, pusher,
                                                  ptv, clock, database):
    published_card()
    push = pusher()
    ptv.fail_next = [(503, {'message': 'down'}), (503, {'message': 'down'})]
    assert push.push_due()['retrying'] == 1
    status = status_of(database)
    assert (status['state'], status['attempts']) == ('retrying', 1)
    assert '503' in status['error']
    clock.advance(59)
    assert push.push_due() == {'done': 0, 'failed': 0, 'retrying': 0}
    clock.advance(1)
    assert push.push_due()['retrying'] == 1  # second failure: wait 120 s
    clock.advance(119)
    push.push_due()
    assert status_of(database)['attempts'] == 2
    clock.advance(1)
    assert push.push_due()['done'] == 1
    assert status_of(database)['state'] == 'done'
    assert ptv.services[CARD]['sourceId'] == CARD


def test_wrong_token_and_unreachable_endpoint_are_retried(
    published_card, pusher, ptv, database
):
    published_card()
    assert pusher(token='wrong').push_due()['retrying'] == 1
    assert '401' in status_of(database)['error']
    assert ptv.services == {}
    with PTVServer() as gone:
        url = gone.url
    pusher(endpoint=url).push_due()
    status = status_of(database)
    assert status['state'] == 'retrying'


def test_refusal_is_reported_and_not_retried_until_asked(
    published_card, pusher, ptv, clock, database, app
):
    published_card()
    push = pusher()
    ptv.fail_next = [(400, {'ServiceNames[0].Value': ['Too long.']})]
    assert push.push_due()['failed'] == 1
    status = status_of(database)
    assert status['state'] == 'failed'
    assert 'ServiceNames[0].Value: Too long.' in status['error']
    entry = suomifi_log(database)[0]
    assert entry['outcome'] == 'failed'
    assert entry['messages'] == [{'field': 'ServiceNames[0].Value',
                                  'message': 'Too long.'}]
    clock.advance(86400)
    assert push.push_due() == {'done': 0, 'failed': 0, 'retrying': 0}
    with database as root:
        assert [s.card for s in root['suomifi'].troubled()] == [CARD]
        from kb.publication import retry
        retry(root, CARD, 'central', clock())
    assert push.push_due()['done'] == 1
    with database as root:
        assert root['suomifi'].troubled() == []


def test_invalid_document_is_never_sent(published_card, pusher, ptv,
                                        database):
    """A version that slipped past approval (e.g. an old import) fails
    our validation and is not sent at all."""
    published_card()
    with database as root:
        version = root['cards'][CARD].versions[1]
        content = version.content
        content['content']['fi']['summary'] = 'x' * 151
        version._content = json.dumps(content)
    assert pusher().push_due()['failed'] == 1
    assert ptv.requests == []
    assert 'summary' in status_of(database)['error'].casefold() or (
        '150' in status_of(database)['error'])


def test_one_round_sends_every_batch(published_card, pusher, ptv):
    for number in range(3):
        published_card(f'kela-kortti-{number}')
    push = pusher()
    push.batch = 2
    assert push.push_due()['done'] == 3
    assert sorted(ptv.services) == [f'kela-kortti-{n}' for n in range(3)]


def test_a_card_moved_to_the_central_desk_is_withdrawn(
        published_card, as_user, pusher, ptv, database):
    published_card(suoritteet=[])
    push = pusher()
    push.push_due()
    as_user('central').post(f'/api/v1/cards/{CARD}/move',
                            {'provider': 'central'})
    assert status_of(database)['action'] == 'withdraw'
    assert push.push_due() == {'done': 1, 'failed': 0, 'retrying': 0}
    assert ptv.services[CARD]['publishingStatus'] == 'Deleted'


def test_a_batch_of_unchanged_cards_does_not_end_the_round(
        published_card, as_user, pusher, ptv, database):
    for number in range(3):
        published_card(f'kela-kortti-{number}')
    push = pusher()
    push.batch = 2
    assert push.push_due()['done'] == 3
    # cards 0 and 1 come due again with the same document
    from kb.clock import utcnow
    with database as root:
        for number in range(2):
            status = root['suomifi'].statuses[f'kela-kortti-{number}']
            root['suomifi'].enqueue(status.card, status.version,
                                    status.action, utcnow())
    change = card_body('kela-kortti-2', base_version=1)
    change['content']['fi']['title'] = 'Uusi otsikko'
    url = '/api/v1/cards/kela-kortti-2'
    as_user('kela-editor').put(url, change)
    for name, user in (('submit', 'kela-editor'), ('accept', 'kela-reviewer'),
                       ('approve', 'central')):
        as_user(user).post(f'{url}/transitions', {'transition': name})
    sent = len(ptv.requests)
    assert push.push_due() == {'done': 1, 'failed': 0, 'retrying': 0}
    assert ptv.requests[sent:] == [
        ('PUT', '/api/v11/Service/sourceId/kela-kortti-2')]


def test_a_mapping_problem_reads_in_the_callers_language(
        published_card, as_user, pusher, app, database, tmp_path):
    from kb.suomifi.config import SETTING
    from tests.suomifi.conftest import mapping_without
    published_card(life_events=['unemployment'])
    app.registry.settings[SETTING] = str(
        mapping_without(tmp_path, 'unemployment'))
    try:
        assert pusher().push_due()['failed'] == 1
    finally:
        del app.registry.settings[SETTING]
    [item] = as_user('central').get('/api/v1/suomifi/status').json['items']
    assert 'life_events.unemployment' in item['error']
    [message] = item['messages']
    assert 'life_events.unemployment' in message['message']
    assert '${' not in item['error'] + message['message']


def test_a_node_that_does_not_lead_sends_nothing(published_card, pusher,
                                                 ptv, app, clock):
    from kb.runtime.leader import Leader
    from kb.suomifi.push import make_worker

    published_card()
    assert pusher(leading=lambda: False).push_due() == {
        'done': 0, 'failed': 0, 'retrying': 0}
    assert ptv.requests == []
    app.registry.settings['kb.suomifi.endpoint'] = ptv.url
    leading = make_worker(app.registry).pusher.leading
    assert leading()  # a process without a leader worker is alone
    app.registry.leader = Leader(None, 'node-b', clock)
    assert not leading()
    app.registry.leader.until = clock.now + datetime.timedelta(seconds=1)
    assert leading()


def test_a_package_goes_as_a_collection_after_its_member_services(
        published_card, as_user, pusher, ptv, database, clock):
    published_card()
    central_card(as_user, PACKAGE, 'Testipaketti', kind='package',
                 channels=[], cards=[CARD])
    push = pusher()
    # NB: the package waits while its member is on its way to PTV
    assert push.push_due() == {'done': 1, 'failed': 0, 'retrying': 0}
    assert ptv.collections == {}
    assert status_of(database, PACKAGE)['state'] == 'pending'
    clock.advance(60)
    assert push.push_due() == {'done': 1, 'failed': 0, 'retrying': 0}
    collection_path = '/api/v11/ServiceCollection'
    assert ptv.requests[-2:] == [
        ('PUT', f'{collection_path}/sourceId/{PACKAGE}'),
        ('POST', collection_path)]
    stored = ptv.collections[PACKAGE]
    assert stored['services'] == [ptv.services[CARD]['id']]
    assert stored['serviceCollectionNames'][0]['value'] == 'Testipaketti'
    assert 'Ota hakemus vastaan' not in json.dumps(stored)
    assert status_of(database, PACKAGE)['ptv_id'] == stored['id']

    as_user('central').post(f'/api/v1/cards/{PACKAGE}/transitions', {
        'transition': 'retire', 'comment': 'Vanhentunut.'})
    assert push.push_due()['done'] == 1
    assert ptv.requests[-1] == ('PUT', f'{collection_path}/sourceId/{PACKAGE}')
    assert ptv.collections[PACKAGE]['publishingStatus'] == 'Deleted'
    assert [e['outcome'] for e in suomifi_log(database, PACKAGE)] == [
        'done', 'pending', 'done', 'pending']


def test_a_refusal_tells_the_central_desk_once(published_card, pusher, ptv,
                                               database):
    published_card()
    ptv.fail_next = [(400, {'ServiceNames[0].Value': ['Too long.']})]
    pusher().push_due()
    with database as root:
        store = root['notifications']
        told = {name: [e['kind'] for _k, e in store.inbox(name).newest()]
                for name in ('central', 'admin', 'kela-editor')
                if store.inbox(name) is not None}
    assert told['admin'] == ['push_failed']
    assert told['central'][0] == 'push_failed'
    assert 'push_failed' not in told.get('kela-editor', [])
