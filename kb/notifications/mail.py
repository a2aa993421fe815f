"""Notifications by e-mail, in each user's own language.

A user with a work e-mail address (``User.email``) chooses
(``User.mail``): ``immediately`` (a mail per notification, sent after
the transaction that made it commits), ``digest`` (one mail a day with
the unread notifications not mailed yet: :func:`send_digests`) or
``off``. A deactivated user is never mailed. Mail is handed to
:func:`kb.mail.send_after_commit`, so nothing leaves if the change is
rolled back.
"""
from email.message import EmailMessage

from kb.i18n import _
from kb.i18n.formats import Formatter
from kb.mail import one_line, send_after_commit
from kb.notifications.texts import (
    blank_request,
    link,
    localizer_for,
    sentence,
)

#: The longest subject line: a sentence beyond it is cut.
SUBJECT_MAX = 150


def mailable(user, choice):
    """True if ``user`` gets mail now by ``choice``."""
    return bool(user.active and user.email and user.mail == choice)


class Writer:
    """Writes the mails of one transaction: one localizer per language
    and one request for the addresses."""

    def __init__(self, registry):
        self.registry = registry
        self.request = blank_request(registry)
        self.localizers = {}

    def localizer(self, user):
        lang = user.locale or 'fi'
        if lang not in self.localizers:
            self.localizers[lang] = localizer_for(self.registry, lang)
        return self.localizers[lang]

    def line(self, entry, localizer):
        return sentence(entry, localizer, self.registry.workflows,
                        Formatter(localizer.locale_name))

    def message(self, user, subject, lines):
        """A mail to ``user``: ``lines`` and where to change the
        choice."""
        localizer = self.localizer(user)
        footer = localizer.translate(_(
            'You get this mail because of your settings in the service '
            'card knowledge base; change them at ${url}', mapping={
                'url': self.request.route_url('settings')}))
        mail = EmailMessage()
        mail['To'] = user.email
        subject = one_line(subject)
        mail['Subject'] = subject if len(subject) <= SUBJECT_MAX else \
            subject[:SUBJECT_MAX - 1] + '…'
        mail['Auto-Submitted'] = 'auto-generated'
        mail.set_content('\n\n'.join(lines + ['-- ', footer]) + '\n')
        return mail

    def one(self, user, entry):
        """The immediate mail of one notification."""
        text = self.line(entry, self.localizer(user))
        return self.message(user, text, [
            text, link(self.request, entry, absolute=True)])

    def digest(self, user, entries):
        """One mail with ``entries``, oldest first."""
        localizer = self.localizer(user)
        subject = localizer.translate(_(
            'Service card knowledge base: ${count} new notifications',
            mapping={'count': len(entries)}))
        return self.message(user, subject, [
            f'{self.line(entry, localizer)}\n'
            f'{link(self.request, entry, absolute=True)}'
            for entry in entries])


def send_immediately(root, registry, users, entry):
    """Mail ``entry`` after commit to each of ``users`` who chose
    immediate mail.

    :returns: the names of the users mailed.
    """
    users = [user for user in users if mailable(user, 'immediately')]
    if users:
        writer = Writer(registry)
        send_after_commit(root, registry.settings,
                          [writer.one(user, entry) for user in users])
    return {user.name for user in users}


def send_digests(root, registry, today):
    """Mail each user who chose the daily digest their unread
    notifications not mailed yet, and mark those mailed; once on
    ``today`` (a ``date``).

    :returns: the number of mails.
    """
    store = root['notifications']
    if store.digested == today.isoformat():
        return 0
    store.digested = today.isoformat()
    writer = Writer(registry)
    users = root['users']
    mails = []
    for name, inbox in store.inboxes.items():
        user = users.get(name)
        if user is None or not mailable(user, 'digest'):
            continue
        pending = inbox.unmailed()
        if pending:
            mails.append(writer.digest(user, [e for _k, e in pending]))
            inbox.mark_mailed([key for key, _e in pending])
    send_after_commit(root, registry.settings, mails)
    return len(mails)
