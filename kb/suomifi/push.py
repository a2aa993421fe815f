"""The Suomi.fi push: send what the outbox holds to PTV.

For each card due in the outbox the document of its live version is
built and validated, then sent with ``PUT .../Service/sourceId/{id}``;
PTV answers 404 for a service it does not know yet, and the push creates
it with ``POST .../Service``. A withdrawal of a service PTV never had is
done as it is. A central service package goes the same way as a service
collection (``.../ServiceCollection``), once its member services have
left the outbox (:mod:`kb.suomifi.collections`).

Outcomes: PTV accepted → done (the document's digest is kept, so the same
document is never sent twice); PTV refused it (400) or our validation
did → failed, with the messages for the central editor, until the card
changes or someone asks to retry; PTV could not be reached, refused the
token or failed itself → retrying, with exponential back-off.

HTTP calls happen outside any transaction; each result is recorded in its
own short transaction, and a card that changed meanwhile stays in the
outbox for the next round.

Only the leader node pushes (:mod:`kb.runtime.leader`). Delivery is at
least once: a leader that dies after PTV accepted a document but before
recording it leaves the card due, and the next leader sends the same
document again, which PTV takes as the same update (a PUT by sourceId
replaces the service; a service created by a POST is found by the PUT).
"""
import datetime
import functools
import hashlib
import json
import logging
import threading

from ZODB.POSException import ConflictError
from pyramid.settings import asbool

from kb.clock import helsinki_today, stamp
from kb.i18n import as_text
from kb.notifications import rules
from kb.resources import own_root
from kb.runtime.leader import leading
from kb.suomifi import collections
from kb.suomifi import config as suomifi_config
from kb.suomifi import mapping, ptv, validation
from kb.suomifi.ptv import PTVClient, error_messages

log = logging.getLogger(__name__)


def live_members(card, today):
    """The member cards of the package ``card``'s live version."""
    live = collections.live_package(card, today)
    return live[0].get('cards', ()) if live else ()


def digest(document):
    """A stable digest of a document, to recognise one already sent."""
    data = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode('utf-8')).hexdigest()


class Pusher:
    """Pushes due changes to PTV through ``client``.

    :param config: the Suomi.fi mapping (:func:`kb.suomifi.config.load`).
    :param retry_base: seconds before the first retry; doubled each time
        up to ``retry_max``.
    :param clock: returns the aware current datetime (the registry's).
    :param leading: returns True while this node may push (it leads).
    :param failed: called with the outcome of each push that did not
        succeed (``failed`` or ``retrying``), for the metrics.
    :param tell: called with ``(root, card id, now)`` in the transaction
        that records a refusal, to tell the central desk
        (:func:`kb.notifications.rules.push_failed`).
    """

    def __init__(self, db, client, config, clock, retry_base=60,
                 retry_max=3600, batch=50, leading=lambda: True,
                 failed=lambda outcome: None,
                 tell=lambda root, card_id, now: None):
        self.db = db
        self.failed = failed
        self.tell = tell
        self.client = client
        self.config = config
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.batch = batch
        self.clock = clock
        self.leading = leading

    def push_due(self):
        """Send everything due, ``batch`` cards at a time, while this
        node leads; returns the count of each outcome."""
        counts = {'done': 0, 'failed': 0, 'retrying': 0}
        while self.leading():
            due, jobs = self.prepare()
            for job in jobs:
                outcome = self.send(job) if job['problems'] is None else (
                    'failed', job['problems'], None)
                recorded = self.record(job, *outcome)
                counts[recorded] += 1
                if recorded != 'done':
                    self.failed(recorded)
            if not due:
                break
        return counts

    def prepare(self):
        """Build and validate the documents of the due cards (a card
        whose document PTV already has is settled on the spot).

        :returns: ``(number of cards due, jobs to send)``.
        """
        now = self.clock()
        with own_root(self.db) as root:
            outbox = root['suomifi']
            due = outbox.due(now)[:self.batch]
            jobs = [self._job(root, status, now) for status in due]
        return len(due), [job for job in jobs if job is not None]

    def _job(self, root, status, now):
        card = root['cards'].get(status.card)
        job = {'card': status.card, 'key': status.changed,
               'version': status.version, 'action': status.action,
               'provider': getattr(card, 'provider', None),
               'kind': getattr(card, 'kind', None), 'document': None,
               'put': None, 'problems': None, 'digest': None, 'note': None,
               'path': ptv.SERVICE}
        if card is not None and collections.is_collection(
                card.provider, card.kind):
            members = live_members(card, helsinki_today(now))
            if collections.waiting_members(root['suomifi'], members):
                self._wait(status, now)
                return None
            job['path'] = ptv.COLLECTION
            built = validation.live_collection(
                card, helsinki_today(now), self.config,
                collections.ptv_ids_of(root['suomifi'].statuses, members))
        else:
            built = card and validation.live_document(
                card, helsinki_today(now), self.config)
        if built and built.document is None:
            job['problems'] = built.problems
            return job
        if not built and status.action == 'withdraw':
            # NB: a card that is no Suomi.fi content any more (moved to
            # the central desk) leaves PTV as a retired one does
            built = validation.checked(mapping.deleted_body(), 'retired')
        if not built:
            job['problems'], job['note'] = [], 'not_suomifi'
            return job
        document = built.document
        job['document'] = document
        job['put'] = document if job['path'] == ptv.COLLECTION else \
            mapping.put_body(document)
        # NB: the PUT body is the POST body less what we never send, and
        # the POST schema is the stricter one
        job['problems'] = built.problems or None
        job['digest'] = digest(document)
        if job['digest'] != status.sent:
            return job
        root['suomifi'].settle(status, 'done')
        self._log(root, job, 'done', now, note='unchanged')
        return None

    def _wait(self, status, now):
        """Leave a collection whose members are on their way to PTV in
        the outbox for ``retry_base`` seconds (no failed attempt)."""
        status.next_attempt = stamp(
            now + datetime.timedelta(seconds=self.retry_base))

    def send(self, job):
        """Send one document; returns (outcome, messages, PTV id)."""
        answer = self.client.put_service(job['card'], job['put'],
                                         job['path'])
        if answer.status == 404:
            if job['action'] == 'withdraw':
                return 'done', [], None
            answer = self.client.post_service(job['document'], job['path'])
        if answer.ok:
            ptv_id = answer.body.get('id') if isinstance(
                answer.body, dict) else None
            return 'done', [], ptv_id
        if answer.status == 400:
            return 'failed', error_messages(answer), None
        return 'retrying', error_messages(answer), None

    def record(self, job, outcome, messages, ptv_id):
        """Record one result in its own transaction (retried on a
        conflict); returns the outcome recorded."""
        for attempt in range(5):
            try:
                with own_root(self.db) as root:
                    self._record(root, job, outcome, messages, ptv_id)
                return outcome
            except ConflictError:
                if attempt == 4:
                    raise
        return outcome  # pragma: no cover - the loop returns or raises

    def _record(self, root, job, outcome, messages, ptv_id):
        now = self.clock()
        outbox = root['suomifi']
        status = outbox.statuses[job['card']]
        current = status.changed == job['key']
        if outcome == 'done':
            status.sent = job['digest']
            status.ptv_id = ptv_id or status.ptv_id
        if current:
            status.error = '; '.join(
                f"{m['field']}: {as_text(m['message'])}" if m['field']
                else as_text(m['message']) for m in messages)
            status.details = {'messages': messages}
            if outcome == 'retrying':
                status.attempts += 1
                delay = min(self.retry_base * 2 ** (status.attempts - 1),
                            self.retry_max)
                status.next_attempt = stamp(
                    now + datetime.timedelta(seconds=delay))
            outbox.settle(status, outcome)
            if outcome == 'failed':
                self.tell(root, job['card'], now)
        self._log(root, job, 'done' if outcome == 'done' else 'failed', now,
                  messages=messages, retry=outcome == 'retrying',
                  note=job['note'])

    @staticmethod
    def _log(root, job, outcome, now, **extra):
        root['publication'].append(dict(
            extra, card=job['card'],
            provider=job['provider'], kind=job['kind'],
            version=job['version'], channel='suomifi', action=job['action'],
            outcome=outcome, actor='system',
        ), now)


class PushWorker(threading.Thread):
    """Runs :meth:`Pusher.push_due` when woken and every ``interval`` s."""

    def __init__(self, pusher, interval):
        super().__init__(name='kb-suomifi-push', daemon=True)
        self.pusher = pusher
        self.interval = interval
        self.wake = threading.Event()
        self.stopped = False

    def run(self):  # pragma: no cover - timing loop; push_due is tested
        while not self.stopped:
            self.wake.wait(self.interval)
            self.wake.clear()
            if self.stopped:
                return
            try:
                self.pusher.push_due()
            except ConflictError:
                log.info('suomifi push: conflict, trying again later')
            except Exception:
                log.exception('suomifi push failed')

    def stop(self):
        self.stopped = True
        self.wake.set()


def pushing(settings):
    """True when this server sends changes to PTV (an endpoint is set)."""
    return bool(settings.get('kb.suomifi.endpoint', '').strip())


def make_worker(registry):
    """The push worker (not started) if ``kb.suomifi.endpoint`` is set
    and ``kb.suomifi.push`` is not false, else None; every card queued
    in the outbox wakes it."""
    settings = registry.settings
    endpoint = settings.get('kb.suomifi.endpoint', '').strip()
    if not endpoint or not asbool(settings.get('kb.suomifi.push', 'true')):
        return None
    client = PTVClient(endpoint, settings.get('kb.suomifi.token', ''),
                       float(settings.get('kb.suomifi.timeout', '10')))
    pusher = Pusher(
        registry._zodb_databases[''], client, suomifi_config.load(settings),
        # NB: the registry's clock at call time (tests replace it)
        lambda: registry.clock(),
        retry_base=int(settings.get('kb.suomifi.retry_base', '60')),
        retry_max=int(settings.get('kb.suomifi.retry_max', '3600')),
        leading=lambda: leading(registry, registry.clock()),
        failed=registry.metrics.push_failed,
        tell=functools.partial(rules.push_failed, registry),
    )
    worker = PushWorker(
        pusher, int(settings.get('kb.suomifi.push_interval', '60')))
    registry.publisher.on_queued = worker.wake.set
    return worker
