"""Pairs that show what a staff search meant: a search by an advisor or
editor followed, in the same session and within :data:`WINDOW_NS`, by
opening a card or starting a ticket for it.

The session keeps only the ids of its last :data:`RECENT_MAX` queries
and when they were made (no text); the pair is recorded beside the
query in the search log (:meth:`kb.search.analytics.SearchLog.pair`),
whose entry already holds the redacted text, language, audience and
point. Nothing names the user or the session. API tokens and the public
have no session to follow, so their searches make no pairs.
"""
from kb import security
from kb.clock import to_nanos
from kb.search.suggestions import normalised

#: The session key of the recent query ids.
SESSION_KEY = 'kb.recent_queries'
RECENT_MAX = 5
#: How long after a search an opened or used card still answers it.
WINDOW_NS = 5 * 60 * 10 ** 9


def staff_session(request):
    """The session of staff logged in by cookie, or None."""
    user = request.user
    if user is None or security.bearer_token(request) is not None or \
            security.search_audience(user) == 'public':
        return None
    return request.session


def recent(session, now):
    """``[key, when]`` of the session's queries in the window, oldest
    first."""
    return [[key, at] for key, at in session.get(SESSION_KEY, ())
            if now - WINDOW_NS <= at <= now]


def remember(request, result):
    """Remember a staff search (``result`` of
    :func:`kb.search.service.run_search`): its id in the session, the
    cards it showed in the log."""
    session = staff_session(request)
    if session is None:
        return
    key = result['query_id']
    request.root['search_log'].show(key, [
        hit['id'] for hit in result['results'] if hit['kind'] != 'notice'])
    now = to_nanos(request.now)
    session[SESSION_KEY] = (recent(session, now) + [[key, now]])[
        -RECENT_MAX:]


def record(request, card_id, how):
    """Pair the session's recent queries with ``card_id``, ``opened`` or
    ``used``; a query that did not find it names the next one that did.
    Of queries with the same words only the newest is paired, so that
    searching again counts once.

    :returns: the number of pairs recorded.
    """
    session = staff_session(request)
    keys = [key for key, _at in recent(session, to_nanos(request.now))] \
        if session is not None else []
    log = request.root['search_log']
    found = [log.found(key, card_id) for key in keys]
    texts = [normalised(log.entries[key][0]) if key in log.entries else None
             for key in keys]
    recorded = 0
    for index, key in enumerate(keys):
        if texts[index] in texts[index + 1:]:
            continue
        via = next((later for later, hit in zip(
            keys[index + 1:], found[index + 1:]) if hit), None)
        recorded += log.pair(key, card_id, how, found[index],
                             None if found[index] else via)
    return recorded
