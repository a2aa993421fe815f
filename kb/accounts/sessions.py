"""Server-side record of each user's sessions, so that a session can be
ended before its cookie expires.

Login gives the session a random id (in the signed cookie); the user
keeps the SHA-256 digests of the ids of their live sessions with each
one's end (a stamp, :mod:`kb.clock`). A request is authenticated only
while its session id is recorded and not past its end
(:func:`kb.security.get_user`: a read, never a write). Logout ends one
session; deactivation, a role or scope change and a new password end
every session of the user (:func:`end_all`).

The record is a plain dict on the user, replaced whole on each change
(at most :data:`MAX_SESSIONS` entries; ended ones are dropped at the
next login).
"""
import datetime
import hashlib
import secrets

from kb.clock import stamp

#: Live sessions kept per user; a login beyond them ends the oldest.
MAX_SESSIONS = 10


def digest(secret):
    """The SHA-256 digest kept of a secret: a session id, an API token
    (:func:`kb.security.token_digest`)."""
    return hashlib.sha256(secret.encode('utf-8')).hexdigest()


def start(user, now, max_age):
    """Record a new session of ``user`` that ends ``max_age`` seconds
    after the aware datetime ``now``.

    :returns: the session id (for the cookie; only its digest is kept).
    """
    session_id = secrets.token_urlsafe(32)
    current = stamp(now)
    live = sorted((end, key) for key, end in user.sessions.items()
                  if end > current)
    kept = live[-(MAX_SESSIONS - 1):]
    ends = stamp(now + datetime.timedelta(seconds=max_age))
    user.sessions = dict([(key, end) for end, key in kept]
                         + [(digest(session_id), ends)])
    return session_id


def is_live(user, session_id, now):
    """True if ``session_id`` is a session of ``user`` that has not ended
    by the aware datetime ``now``."""
    if not isinstance(session_id, str):
        return False
    end = user.sessions.get(digest(session_id))
    return end is not None and end > stamp(now)


def end(user, session_id):
    """End one session (logout); True if it was live."""
    key = digest(session_id) if isinstance(session_id, str) else None
    if key not in user.sessions:
        return False
    user.sessions = {k: v for k, v in user.sessions.items() if k != key}
    return True


def end_all(user):
    """End every session of ``user``."""
    if user.sessions:
        user.sessions = {}
