"""The card domain: versions, workflows and their guards, the exchange
format, work lists, notices and the audit log."""
