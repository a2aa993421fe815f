"""E-mail from the knowledge base (docs/operations.md, "E-mail").

Mail goes out only after the transaction that caused it commits
(:func:`send_after_commit`), through the SMTP server of the settings
(:mod:`kb.mail.smtp`).
"""
from kb.mail.outbox import send_after_commit

__all__ = ['send_after_commit']
