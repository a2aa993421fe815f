"""Mail that leaves only with a committed transaction.

A notification about a submission that was rolled back (a conflict
retried, an error) must not reach anyone, and a retried request must not
mail twice: the messages wait on the transaction and are handed to SMTP
by an after-commit hook, in the thread that committed.
"""
from kb.mail.smtp import deliver


def send_after_commit(root, settings, messages):
    """Send ``messages`` (:class:`email.message.EmailMessage`) once the
    transaction of ``root``'s connection commits; nothing if it aborts.

    :param root: any persistent object loaded in the current connection
        (the app root of a request or of a job).
    """
    messages = list(messages)
    if not messages:
        return
    transaction = root._p_jar.transaction_manager.get()
    transaction.addAfterCommitHook(_committed, (dict(settings), messages))


def _committed(committed, settings, messages):
    if committed:
        deliver(settings, messages)
