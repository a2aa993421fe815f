"""Notifications by e-mail through the tests' real SMTP server: after
commit only, in the user's language, immediately or as a daily digest,
never to a deactivated user."""
import datetime

import pytest

from tests.conftest import CARD, card_body

NOW = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)


def set_mail(database, name, email, mail='immediately', locale=None):
    with database as root:
        user = root['users'][name]
        user.email, user.mail, user.locale = email, mail, locale


def draft(as_user):
    as_user('kela-editor').post('/api/v1/cards', card_body(), status=201)


def submit(as_user):
    as_user('kela-editor').post(f'/api/v1/cards/{CARD}/transitions',
                                {'transition': 'submit'})


def test_a_submission_is_mailed_at_once_in_the_reviewers_language(
        as_user, database, smtp_server):
    set_mail(database, 'kela-reviewer', 'tarkastaja@kela.fi', locale='sv')
    set_mail(database, 'kela-editor', 'toimittaja@kela.fi')
    draft(as_user)
    submit(as_user)
    [mail] = smtp_server.messages
    assert mail['X-Envelope-To'] == 'tarkastaja@kela.fi'
    # NB: a long subject is folded on the way
    assert ' '.join(mail['Subject'].split()) == (
        '"Barnbidrag" (kela-testikortti) väntar på dig: Granskning hos '
        'tjänsteproducenten.')
    body = mail.get_content()
    assert f'http://localhost/editor/cards/{CARD}/edit' in body
    assert 'http://localhost/settings' in body
    with database as root:  # the in-app entry knows it was mailed
        [(_key, entry)] = root['notifications'].inbox(
            'kela-reviewer').newest()
    assert entry['mailed'] is True


def test_nothing_is_mailed_when_the_transaction_aborts(
        app, as_user, database, smtp_server):
    from kb.cards.versioning import Versioning

    set_mail(database, 'kela-reviewer', 'tarkastaja@kela.fi')
    draft(as_user)
    with pytest.raises(RuntimeError):
        with database as root:
            Versioning(app.registry, 'kela-editor').fire(
                root['cards'][CARD], 'submit')
            assert root['notifications'].unread('kela-reviewer') == 1
            raise RuntimeError('rolled back')
    with database as root:
        assert root['notifications'].inbox('kela-reviewer') is None
    assert smtp_server.messages == []


def test_the_daily_digest_mails_what_is_unread_and_not_yet_mailed(
        app, as_user, database, smtp_server, published_card):
    from kb.runtime.jobs import mail_digests

    set_mail(database, 'kela-reviewer', 'tarkastaja@kela.fi', 'digest')
    set_mail(database, 'central', 'keskus@example.fi', 'digest')
    set_mail(database, 'admin', 'yllapito@example.fi', 'off')
    published_card()  # the reviewer and central are told
    published_card('kela-toinen')
    assert smtp_server.messages == []
    reviewer = as_user('kela-reviewer')
    first = reviewer.get('/api/v1/notifications').json['items'][-1]
    reviewer.post('/api/v1/notifications/read', {'ids': [first['id']]})
    with database as root:
        root['users']['central'].active = False
    assert mail_digests(database.db, app.registry, NOW) == 1
    [mail] = smtp_server.messages
    assert mail['X-Envelope-To'] == 'tarkastaja@kela.fi'
    assert mail['Subject'] == ('Palvelukorttien tietopankki: 1 uutta '
                               'ilmoitusta')
    body = mail.get_content()
    assert 'kela-toinen' in body and CARD not in body
    smtp_server.clear()
    editor = as_user('kela-editor')
    editor.post('/api/v1/cards', card_body('kela-kolmas'), status=201)
    editor.post('/api/v1/cards/kela-kolmas/transitions',
                {'transition': 'submit'})
    # once a day, whoever runs it (a restart, a new leader)
    assert mail_digests(database.db, app.registry, NOW) == 0
    assert smtp_server.messages == []
    tomorrow = NOW + datetime.timedelta(days=1)
    assert mail_digests(database.db, app.registry, tomorrow) == 1
    [mail] = smtp_server.messages
    assert 'kela-kolmas' in mail.get_content()
    assert 'kela-toinen' not in mail.get_content()
    smtp_server.clear()
    later = tomorrow + datetime.timedelta(days=1)
    assert mail_digests(database.db, app.registry, later) == 0
    assert smtp_server.messages == []


def test_a_title_with_a_line_break_is_mailed_on_one_line(
        as_user, database, smtp_server):
    """A title may hold a line break; the subject may not."""
    set_mail(database, 'kela-reviewer', 'tarkastaja@kela.fi')
    body = card_body()
    body['content']['fi']['title'] = 'Lapsi\nlisä'
    as_user('kela-editor').post('/api/v1/cards', body, status=201)
    submit(as_user)
    [mail] = smtp_server.messages
    assert ' '.join(mail['Subject'].split()).startswith(
        '"Lapsi lisä" (kela-testikortti)')
    assert mail['Date'] and mail['Message-ID'].endswith('@localhost>')
