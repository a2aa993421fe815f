"""A local SMTP server that keeps what it receives: the mail catcher of
``scripts/run`` (each message a file in a Maildir, ``var/mail``) and the
tests' server (in memory), so that mail is sent for real and read back.

``python -m kb.local.mail [MAILDIR] [HOST:PORT]`` (default
``var/mail 127.0.0.1:8025``) serves until interrupted.
"""
import email
import email.policy
import mailbox
import sys
import threading

from aiosmtpd.controller import Controller

from kb.local.postgres import HOST, free_port

DEFAULT_MAILDIR = 'var/mail'
DEFAULT_LISTEN = f'{HOST}:8025'


class MailCatcher:
    """An SMTP server on ``host``:``port`` (a free port by default) in a
    thread of its own; :attr:`messages` holds what it received as
    :class:`email.message.EmailMessage`, and ``maildir`` (if given) a
    copy of each."""

    def __init__(self, host=HOST, port=None, maildir=None):
        self.host = host
        self.port = port or free_port()
        self.maildir = mailbox.Maildir(maildir) if maildir else None
        self.messages = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname=host, port=self.port)

    @property
    def settings(self):
        """The ``kb.mail.*`` settings of an app that mails here."""
        return {'kb.mail.host': self.host, 'kb.mail.port': str(self.port),
                'kb.mail.sender': 'kb@localhost'}

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def clear(self):
        with self.lock:
            self.messages.clear()

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        """aiosmtpd's hook: refuse the reserved ``.invalid`` domain, as a
        relay refuses a domain it cannot reach."""
        if address.lower().endswith('.invalid'):
            return '550 5.1.2 No such domain'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        """aiosmtpd's hook: keep the message, with its envelope's
        recipients (Bcc is in no header)."""
        message = email.message_from_bytes(
            envelope.original_content, policy=email.policy.default)
        message['X-Envelope-To'] = ', '.join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
            if self.maildir is not None:
                self.maildir.add(message)
        return '250 Message accepted for delivery'


def main(argv=sys.argv[1:]):  # pragma: no cover - scripts/run's catcher
    maildir = argv[0] if argv else DEFAULT_MAILDIR
    host, _, port = (argv[1] if len(argv) > 1 else DEFAULT_LISTEN) \
        .rpartition(':')
    catcher = MailCatcher(host, int(port), maildir).start()
    print(f'Mail catcher on {host}:{port}: mail sent by the app is kept '
          f'in {maildir} (one file per message)', flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        catcher.stop()


if __name__ == '__main__':  # pragma: no cover
    main()
