"""Mail leaves after commit only, through a real SMTP server."""
from email.message import EmailMessage
import logging

from pyramid.exceptions import ConfigurationError
import pytest

from kb import main
from kb.local.postgres import free_port
from kb.mail import send_after_commit
from kb.mail.smtp import deliver
from kb.resources import own_root


def message(to='reviewer@example.fi', subject='Kortti odottaa'):
    mail = EmailMessage()
    mail['To'] = to
    mail['Subject'] = subject
    mail.set_content('Kela: Asumistuki odottaa tarkastusta.')
    return mail


def test_sent_after_the_commit_with_the_sender(db, app, smtp_server):
    with own_root(db) as root:
        send_after_commit(root, app.registry.settings, [message()])
        assert smtp_server.messages == []
    [received] = smtp_server.messages
    assert received['Subject'] == 'Kortti odottaa'
    assert received['From'] == 'kb@localhost'
    assert received['X-Envelope-To'] == 'reviewer@example.fi'
    assert 'Asumistuki' in received.get_content()


def test_nothing_sent_when_the_transaction_aborts(db, app, smtp_server):
    with pytest.raises(RuntimeError):
        with own_root(db) as root:
            send_after_commit(root, app.registry.settings, [message()])
            raise RuntimeError('rolled back')
    with own_root(db) as root:
        pass
    assert smtp_server.messages == []


def test_a_refused_recipient_does_not_stop_the_others(smtp_server, caplog):
    caplog.set_level(logging.WARNING, 'kb.mail')
    sent = deliver(smtp_server.settings, [
        message(to='nobody@example.invalid'), message(to='ok@example.fi')])
    assert sent == 1
    assert [m['X-Envelope-To'] for m in smtp_server.messages] == [
        'ok@example.fi']
    assert 'refused' in caplog.text


def test_a_server_that_does_not_answer_is_logged(caplog):
    caplog.set_level(logging.INFO, 'kb.mail')
    settings = {'kb.mail.host': '127.0.0.1', 'kb.mail.port': free_port(),
                'kb.mail.sender': 'kb@localhost', 'kb.mail.timeout': '2'}
    assert deliver(settings, [message()]) == 0
    assert '1 of 1 messages not sent' in caplog.text
    assert deliver({'kb.mail.host': ''}, [message()]) == 0
    assert 'mail is off' in caplog.text


def test_mail_on_needs_a_sender(app_settings, tmp_path):
    settings = dict(app_settings, **{'kb.mail.sender': ''})
    with pytest.raises(ConfigurationError, match='kb.mail.sender'):
        main({}, **settings)
