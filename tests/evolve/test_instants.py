"""The instants evolve step, on a small root written in the old forms."""
import datetime

from BTrees.LOBTree import LOBTree
import pytest

from kb.evolve.instants import convert, evolve

#: 2015-02-02T08:00:00Z in each old form
ISO = '2015-02-02T08:00:00.123456+00:00'
ZULU = '2015-02-02T08:00:00Z'
SECONDS = 1422864000
NANOS = SECONDS * 10 ** 9 + 123
STAMP = '2015-02-02T08:00:00Z'


@pytest.mark.parametrize('old', [ISO, ZULU, SECONDS, float(SECONDS),
                                 NANOS, '2015-02-02T10:00:00+02:00',
                                 '2015-02-02T08:00:00'])
def test_each_old_form_becomes_a_stamp(old):
    assert convert(old) == STAMP
    assert convert(convert(old)) == STAMP
    assert convert(None) is None


@pytest.fixture
def old_root():
    from kb.accounts.throttle import LoginFailures
    from kb.cards.audit import AuditLog
    from kb.publication.log import PublicationLog
    from kb.resources import (
        Card,
        CardIndex,
        Folder,
        Notice,
        Provider,
        Users,
        Version,
    )
    from kb.suomifi.outbox import SuomifiOutbox
    from kb.tickets.model import Flag, Ticket, TicketStore

    audit = AuditLog()
    del audit.trees
    audit.entries = LOBTree()  # NB: layout 1 (kb.evolve.shared)
    root = {'cards': CardIndex(), 'providers': Folder(), 'users': Users(),
            'audit': audit, 'publication': PublicationLog(),
            'tickets': TicketStore(), 'login_failures': LoginFailures(),
            'suomifi': SuomifiOutbox()}
    provider = Provider('kela', {'fi': 'Kela'})
    root['providers'].add('kela', provider)
    card = Card('kela-k', 'service')
    card.versions[1] = Version(1, {}, 'a', ISO, '', 0, {})
    card.last_transition = {'name': 'approve', 'time': ISO}
    root['cards'].register(card)
    provider['notices'].add('n1', Notice('n1', {
        'kind': 'disruption', 'content': {}, 'valid_from': ZULU,
        'valid_until': '2015-02-03T08:00:00+00:00'}, 'a', ISO))
    root['users'].tokens['d1'] = {'user': 'a', 'label': '', 'created': ISO}
    root['users'].tokens['d2'] = {'user': 'a', 'label': '', 'created': ''}
    root['audit'].entries[NANOS] = {'time': ISO, 'actor': 'a'}
    root['publication'].entries[NANOS] = {'time': ISO, 'card': 'kela-k'}
    ticket = Ticket('mikkeli-201502-x', 'mikkeli', 'a', 'kela', 'kela-k', 1,
                    'counter', 'fi', SECONDS, None, '', ())
    ticket.resolved, ticket.closed = SECONDS, SECONDS + 60
    store = root['tickets']
    store.month('mikkeli', '2015-02', create=True).tickets[ticket.id] = ticket
    store.flags['kela'] = {'f1': Flag('f1', 'kela-k', 'kela', 'wrong', '',
                                      'a', 'mikkeli', SECONDS)}
    root['login_failures'].names['a'] = (2, float(SECONDS))
    outbox = root['suomifi']
    outbox.enqueue('kela-k', 1, 'publish', datetime.datetime(
        2015, 2, 2, 8, tzinfo=datetime.timezone.utc))
    outbox.statuses['kela-k'].next_attempt = 0.0
    outbox.enqueue('kela-x', 1, 'publish', datetime.datetime(
        2015, 2, 2, 9, tzinfo=datetime.timezone.utc))
    outbox.statuses['kela-x'].next_attempt = SECONDS + 0.5
    return root


def stored_instants(root):
    card = root['cards']['kela-k']
    notice = root['providers']['kela']['notices']['n1']
    ticket = next(root['tickets'].months()).tickets['mikkeli-201502-x']
    statuses = root['suomifi'].statuses
    return {
        'version': card.versions[1].created,
        'transition': card.last_transition['time'],
        'notice': (notice.created, notice.valid_from, notice.valid_until),
        'tokens': [meta['created'] for meta in root['users'].tokens.values()],
        'audit': [e['time'] for e in root['audit'].entries.values()],
        'publication': [e['time']
                        for e in root['publication'].entries.values()],
        'ticket': (ticket.opened, ticket.resolved, ticket.closed,
                   ticket.cancelled),
        'flag': root['tickets'].flags['kela']['f1'].created,
        'failures': root['login_failures'].names['a'],
        'retry': (statuses['kela-k'].next_attempt,
                  statuses['kela-x'].next_attempt),
    }


CONVERTED = {
    'version': STAMP, 'transition': STAMP,
    'notice': (STAMP, STAMP, '2015-02-03T08:00:00Z'),
    'tokens': [STAMP, ''], 'audit': [STAMP], 'publication': [STAMP],
    'ticket': (STAMP, STAMP, '2015-02-02T08:01:00Z', None),
    'flag': STAMP, 'failures': (2, STAMP),
    'retry': (None, STAMP),
}


def test_every_stored_instant_is_converted_once(old_root):
    evolve(old_root, None)
    assert stored_instants(old_root) == CONVERTED
    evolve(old_root, None)
    assert stored_instants(old_root) == CONVERTED


def test_converted_tickets_and_logs_work_with_the_new_code(old_root):
    from kb.cards.worklists import WorkLists
    from kb.evolve.shared import spread_worklists_and_audit
    from kb.tickets.desk import month_of

    evolve(old_root, None)
    old_root['worklists'] = WorkLists()
    spread_worklists_and_audit(old_root, None)
    ticket = next(old_root['tickets'].months()).tickets['mikkeli-201502-x']
    assert month_of(ticket.closed) == '2015-02'
    assert [s.card for s in old_root['suomifi'].due(datetime.datetime(
        2015, 2, 2, 8, tzinfo=datetime.timezone.utc))] == ['kela-k', 'kela-x']
    assert old_root['audit'].query()[0]['time'] == STAMP
