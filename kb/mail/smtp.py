"""Delivery through the SMTP server of the settings.

``kb.mail.host`` (empty: no mail), ``kb.mail.port`` (25),
``kb.mail.sender`` (the From address), ``kb.mail.starttls`` (false),
``kb.mail.user`` with the password from ``KB_MAIL_PASSWORD``, and
``kb.mail.timeout`` (10 seconds). A failed delivery is logged,
never raised: the change that caused the mail has committed,
and what it says stays in the knowledge base (the in-app notification,
the kept report pack).
"""
from email.utils import formatdate, make_msgid
import logging
import smtplib
import ssl

from pyramid.exceptions import ConfigurationError
from pyramid.settings import asbool

log = logging.getLogger(__name__)

#: What a connection or a server that breaks off raises.
FAILURES = (OSError, smtplib.SMTPException)


def check_mail_settings(settings):
    """Refuse to start with mail on but no sender.

    :raises ConfigurationError: naming the setting.
    """
    if settings.get('kb.mail.host') and not settings.get('kb.mail.sender'):
        raise ConfigurationError(
            'kb.mail.host is set but kb.mail.sender is not: set the From '
            'address of the mail the knowledge base sends.')


def deliver(settings, messages):
    """Send ``messages`` in one SMTP session; one a server refuses does
    not stop the others.

    :returns: the number of messages the server accepted.
    """
    host = settings.get('kb.mail.host')
    if not host:
        log.info('mail is off (kb.mail.host is empty): %d messages not '
                 'sent', len(messages))
        return 0
    sent = 0
    try:
        with _session(settings, host) as smtp:
            for message in messages:
                _complete(message, settings['kb.mail.sender'])
                try:
                    smtp.send_message(message)
                    sent += 1
                except smtplib.SMTPResponseException as error:
                    log.warning('mail refused by %s: %s %s', host,
                                error.smtp_code, error.smtp_error)
                except smtplib.SMTPRecipientsRefused:
                    log.warning('mail refused by %s: every recipient', host)
    except FAILURES as error:
        log.error('mail: %d of %d messages not sent, %s:%s does not '
                  'answer: %s', len(messages) - sent, len(messages), host,
                  settings.get('kb.mail.port', 25), error)
    return sent


def _complete(message, sender):
    """Give ``message`` the From, Date and Message-ID it lacks (a relay
    need not add them, and spam filters mark mail without them down)."""
    if 'From' not in message:
        message['From'] = sender
    if 'Date' not in message:
        message['Date'] = formatdate(localtime=True)
    if 'Message-ID' not in message:
        message['Message-ID'] = make_msgid(
            domain=sender.rpartition('@')[2] or None)


def _session(settings, host):
    smtp = smtplib.SMTP(host, int(settings.get('kb.mail.port', 25)),
                        timeout=float(settings.get('kb.mail.timeout', 10)))
    try:
        if asbool(settings.get('kb.mail.starttls', False)):
            smtp.starttls(context=ssl.create_default_context())
        if settings.get('kb.mail.user'):
            smtp.login(settings['kb.mail.user'],
                       settings.get('kb.mail.password', ''))
    except BaseException:
        smtp.close()
        raise
    return smtp
