"""Evolve step: revocable sessions and the keyed login throttle.

Before, a user's ``session_epoch`` ended their sessions on a password
reset, and ``login_failures`` counted failures by the user name as typed
(whatever its length). Now each user records their live sessions
(:mod:`kb.accounts.sessions`) and the throttle counts by keyed digests
of name and source (:mod:`kb.accounts.throttle`). The old counts are
dropped: they are at most a day's throttling, keyed in a way the new
counts cannot use. Sessions of the old form carry no session id, so
they end: everyone logs in once more.
"""
from kb.accounts.throttle import LoginFailures


def revocable_sessions(root, registry):
    """Replace the login failures with an empty keyed throttle and drop
    the users' ``session_epoch``."""
    root.remove('login_failures')
    root.add('login_failures', LoginFailures())
    for user in root['users'].values():
        if 'session_epoch' in user.__dict__:
            del user.session_epoch
