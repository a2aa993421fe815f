"""Card versions: save, check in through the workflow, restore, diff.

Vocabulary after Plone's CMFEditions and plone.app.iterate: a card has a
*baseline* (``card.published``), at most one *working copy*
(``card.working``) and a history of immutable versions. Saving a card
whose baseline is live starts a working copy in the workflow's initial
state; readers keep seeing the baseline until a transition into the live
stage checks the working copy in.
"""
import difflib
import re

from pyramid.traversal import find_root

from kb.cards import guards
from kb.cards.exchange_format import TEXT_LIMITS, parse_date
from kb.clock import helsinki_today, parse, stamp
from kb.errors import StateConflictError, ValidationError
from kb.events import (
    AfterTransition,
    ObjectAdded,
    ObjectModified,
    ObjectMoved,
    VersionLive,
    VersionSaved,
)
from kb.i18n import _
from kb.resources import Card, Version
from kb.security import set_acl

SOURCE_LANGUAGE = 'fi'
TRANSLATED_FIELDS = tuple(TEXT_LIMITS) + ('keywords',)
#: The English note restores wrote into the comment before the version
#: kept the restored number itself (still read, to show old notes).
LEGACY_RESTORE_NOTE = re.compile(r'Restored version (\d+)(?:: (.*))?\Z',
                                 re.DOTALL)


class Versioning:
    """Who acts, with what registry, at what time.

    :param registry: the Pyramid registry (workflows, event subscribers).
    :param actor: user name recorded in versions and the audit log.
    :param now: an aware datetime; by default the registry's clock.
    """

    def __init__(self, registry, actor, now=None):
        self.registry = registry
        self.actor = actor
        self.now = now or registry.clock()

    @property
    def today(self):
        return helsinki_today(self.now)

    def workflow(self, card):
        return self.registry.workflows.for_provider(card.provider)

    def notify(self, event):
        self.registry.notify(event)

    def sync_acl(self, card):
        set_acl(card, self.workflow(card).acl(card))

    # -- creating and saving ------------------------------------------

    def create(self, root, provider, card_id, content, comment=''):
        """Add a new card with ``content`` as its version 1 (a draft).

        :raises StateConflictError: if the id was ever used.
        """
        if card_id in root['cards']:
            raise StateConflictError(
                _('The id "${id}" is already used.', mapping={'id': card_id}),
                details={'field': 'id'},
                code='id_taken',
            )
        card = Card(card_id, content['kind'])
        root['providers'][provider]['cards'].add(card_id, card)
        root['cards'].register(card)
        self.notify(ObjectAdded(card, self.actor, kind=card.kind))
        self.save(card, content, base_version=0, comment=comment)
        return card

    def save(self, card, content, base_version, comment=''):
        """Save ``content`` as a new version based on ``base_version``.

        :raises StateConflictError: if ``base_version`` is not the newest.
        :raises ValidationError: if nothing changed.
        """
        self._check_save(card, content, base_version)
        return self._save(card, content, base_version, comment,
                          language_status(card.versions.get(card.head),
                                          content))

    def _check_save(self, card, content, base_version):
        """Refuse a stale base, a change of kind or an unchanged text."""
        if base_version != card.head:
            raise StateConflictError(
                _('The card has changed: your edit is based on version '
                  '${base}, but the newest is ${head}. Reload it and apply '
                  'your change again.',
                  mapping={'base': base_version, 'head': card.head}),
                details={'base_version': base_version, 'head': card.head},
                code='stale_version',
            )
        if content['kind'] != card.kind:
            raise ValidationError(
                _('The kind of a card cannot change.'),
                details=[{'field': 'kind', 'message': card.kind}],
            )
        previous = card.versions[card.head] if card.head else None
        if previous is not None and previous.content == content:
            raise ValidationError(
                _('Nothing changed since version ${head}.',
                  mapping={'head': card.head}),
                code='unchanged',
            )

    def _save(self, card, content, base_version, comment, lang_status,
              restored=None):
        number = card.head + 1
        version = Version(
            number,
            content,
            author=self.actor,
            created=stamp(self.now),
            comment=comment or '',
            base=base_version,
            lang_status=lang_status,
        )
        version.restored = restored
        if card.working is None:
            card.state = self.workflow(card).initial
        card.versions[number] = version
        card.working = number
        card.head = number
        version.state = card.state
        self.sync_acl(card)
        self.notify(
            VersionSaved(card, self.actor, version=number, base=base_version,
                         comment=comment or '')
        )
        return version

    def restore(self, card, number, base_version, comment=''):
        """Save the content of version ``number`` as a new version."""
        old = card.versions.get(number)
        if old is None:
            raise ValidationError(
                _('There is no version ${number}.',
                  mapping={'number': number}),
                details=[{'field': 'version', 'message': str(number)}],
            )
        content = old.content
        self._check_save(card, content, base_version)
        # NB: the restored texts are those of version ``number``, so are
        # their languages' statuses: comparing with the newest version
        # would call a translation that matched its Finnish outdated.
        return self._save(card, content, base_version, comment,
                          dict(old.lang_status), restored=number)

    def save_and_fire(self, card, content, base_version, name, comment='',
                      may_fire=lambda transition: True):
        """Save ``content`` and fire transition ``name`` on it, as one
        step: every check of both comes before anything changes, so a
        refusal leaves the card as it was (the form keeps the text).

        :param may_fire: whether the actor holds the transition's role on
            the card in the state the save leaves it in.
        :raises StateConflictError, ValidationError: as :meth:`save` and
            :meth:`fire`.
        """
        self._check_save(card, content, base_version)
        workflow = self.workflow(card)
        state = card.state if card.working is not None else workflow.initial
        transition = workflow.transitions.get(name)
        # NB: only a step that keeps the text in the workflow (sending
        # for review), never one that publishes a text nobody reviewed
        if transition is None or state not in transition.sources or \
                workflow.stage_of(transition.target) != 'working' or \
                transition.comment_required or not may_fire(transition):
            raise StateConflictError(
                _('"${name}" is not possible after saving this card.',
                  mapping={'name': name}),
                details={'state': state}, code='invalid_transition')
        self._check_guards(transition, name, content, card)
        self.save(card, content, base_version, comment)
        self.fire(card, name, comment)

    def confirm_language(self, card, lang):
        """Mark ``lang`` of the newest version as up to date."""
        version = card.versions[card.head]
        if lang not in version.lang_status:
            raise ValidationError(
                _('The card has no text in "${lang}".',
                  mapping={'lang': lang}),
                details=[{'field': 'lang', 'message': lang}],
            )
        if version.lang_status[lang] != 'current':
            version.lang_status[lang] = 'current'
            self.notify(
                ObjectModified(card, self.actor, change='confirm_language',
                               lang=lang, version=card.head)
            )

    # -- workflow -------------------------------------------------------

    def fire(self, card, name, comment='', effective=None):
        """Fire transition ``name`` (permission is checked by the caller).

        :raises StateConflictError: if it is not allowed in the card's state.
        :raises ValidationError: for a missing comment, a bad date or a
            failed guard.
        """
        workflow = self.workflow(card)
        transition = self.possible_transition(card, name)
        if transition.comment_required and not (comment or '').strip():
            raise ValidationError(
                _('This transition needs a comment.'),
                details=[{'field': 'comment', 'message': 'required'}],
            )
        effective_date = self._effective(transition, effective)
        subject = card.working if card.working is not None else card.head
        self._check_guards(transition, name, card.versions[subject].content,
                           card)
        source = card.state
        target = workflow.states[transition.target]
        if target.stage == 'live' and card.working is not None:
            self._check_in(card, target.name, effective_date)
        else:
            card.state = target.name
            if target.stage == 'working':
                card.versions[card.working].state = target.name
            else:
                card.versions[card.published].state = target.name
                card.pending = None
        card.last_transition = {
            'name': name,
            'from': source,
            'to': target.name,
            'actor': self.actor,
            'comment': comment or '',
            'time': stamp(self.now),
            'version': subject,
            'effective': effective_date,
        }
        self.sync_acl(card)
        self.notify(
            AfterTransition(card, self.actor, transition=name, source=source,
                            target=target.name, version=subject,
                            comment=comment or '', effective=effective_date)
        )

    def _check_guards(self, transition, name, content, card):
        problems = [
            {'field': field, 'message': message}
            for guard in transition.guards
            for field, message in guards.check(guard, content, card,
                                               self.registry)
        ]
        if problems:
            raise ValidationError(
                _('The card is not ready for "${name}".',
                  mapping={'name': name}),
                details=problems,
            )

    def cancel_scheduled(self, card):
        """Cancel the approved version waiting for its effective date:
        it never goes live (the baseline stays), and the card's history
        and the audit log say who cancelled it.

        :raises StateConflictError: if nothing is scheduled, or if the
            scheduled version would be the card's first published one
            (there is no baseline to keep: withdraw the card instead).
        """
        if card.pending is None:
            raise StateConflictError(
                _('The card has no scheduled publication.'),
                code='not_scheduled')
        if card.published is None:
            raise StateConflictError(
                _('The card has never been published, so its first '
                  'publication cannot be cancelled: withdraw the card '
                  'instead.'),
                code='first_publication')
        number, effective = card.pending
        card.pending = None
        card.versions[number].state = 'cancelled'
        find_root(card)['cards'].pending.pop(card.id, None)
        self.notify(ObjectModified(card, self.actor, change='cancel_scheduled',
                                   version=number, effective=effective))
        return number, effective

    def possible_transition(self, card, name):
        """The transition ``name`` if the card's state allows it.

        :raises StateConflictError: if it does not.
        """
        transition = self.workflow(card).transitions[name]
        if card.state not in transition.sources:
            raise StateConflictError(
                _('"${name}" is not possible while the card is in state '
                  '"${state}".',
                  mapping={'name': name, 'state': card.state}),
                details={'state': card.state},
                code='invalid_transition',
            )
        return transition

    def _effective(self, transition, effective):
        if effective in (None, ''):
            return None
        if not transition.effective_date:
            raise ValidationError(
                _('"${name}" does not take an effective date.',
                  mapping={'name': transition.name}),
                details=[{'field': 'effective', 'message': effective}],
            )
        date = parse_date(effective)
        if date is None:
            raise ValidationError(
                _('Write the date as YYYY-MM-DD.'),
                details=[{'field': 'effective', 'message': effective}],
            )
        return date.isoformat() if date > self.today else None

    def _check_in(self, card, state, effective_date):
        number = card.working
        card.working = None
        card.state = state
        if effective_date is None:
            self._go_live(card, number, state)
            return
        self._supersede_pending(card, number)
        card.versions[number].state = 'scheduled'
        card.versions[number].effective = effective_date
        card.pending = (number, effective_date)
        find_root(card)['cards'].pending[card.id] = effective_date

    def _go_live(self, card, number, state):
        if card.published is not None and card.published != number:
            card.versions[card.published].state = 'superseded'
        self._supersede_pending(card, number)
        card.pending = None
        card.published = number
        card.versions[number].state = state
        self.notify(VersionLive(card, self.actor, version=number))

    @staticmethod
    def _supersede_pending(card, number):
        """A version waiting for its date never goes live once another
        is approved."""
        if card.pending is not None and card.pending[0] != number:
            card.versions[card.pending[0]].state = 'superseded'

    def publish_now(self, card):
        """Put the working copy live without review (imports only)."""
        live = self.workflow(card).live()
        number = card.working
        card.working = None
        card.state = live.name
        self._go_live(card, number, live.name)
        self.sync_acl(card)

    def publish_due(self, root):
        """Put live every approved version whose effective date has come.

        Run at start-up (to catch up after downtime) and periodically.
        :returns: the ids of the cards that went live.
        """
        today = self.today.isoformat()
        index = root['cards']
        due = [cid for cid, date in index.pending.items() if date <= today]
        went_live = []
        for card_id in due:
            del index.pending[card_id]
            card = index[card_id]
            if card.pending is None:
                continue  # cancelled: retired or superseded meanwhile
            self._go_live(card, card.pending[0], card.state)
            self.sync_acl(card)
            went_live.append(card_id)
        return went_live

    # -- moving -----------------------------------------------------------

    def move(self, root, card, provider, validate):
        """Move ``card`` to ``provider``; ``validate(content, provider)``
        re-checks the newest content against the new provider's rules."""
        source = card.provider
        if provider == source:
            raise ValidationError(
                _('The card already belongs to "${provider}".',
                  mapping={'provider': provider}),
                details=[{'field': 'provider', 'message': provider}],
            )
        validate(card.current_content(), provider)
        workflow = self.registry.workflows.for_provider(provider)
        if card.state not in workflow.states:
            raise StateConflictError(
                _('The workflow of "${provider}" has no state "${state}".',
                  mapping={'provider': provider, 'state': card.state}),
                code='invalid_transition',
            )
        card.__parent__.remove(card.id)
        root['providers'][provider]['cards'].add(card.id, card)
        self.sync_acl(card)
        self.notify(
            ObjectMoved(card, self.actor, source=source, target=provider)
        )


def _texts(content, lang):
    texts = content.get(lang, {})
    return [texts.get(field) for field in TRANSLATED_FIELDS]


def _texts_differ(old, new, lang):
    return _texts(old, lang) != _texts(new, lang)


def outdated_since(card, number, lang):
    """The Helsinki date (ISO) since which version ``number``'s Finnish
    text has been as it is, if its ``lang`` text lags it; else None.

    That is the day the oldest of the versions in a row up to
    ``number`` with this very Finnish text was saved.
    """
    version = card.versions[number]
    if lang == SOURCE_LANGUAGE or \
            version.lang_status.get(lang) != 'outdated':
        return None
    finnish = _texts(version.content['content'], SOURCE_LANGUAGE)
    since = version
    for earlier in range(number - 1, 0, -1):
        older = card.versions.get(earlier)
        if older is None or _texts(older.content['content'],
                                   SOURCE_LANGUAGE) != finnish:
            break
        since = older
    return helsinki_today(parse(since.created)).isoformat()


def freshness(card, number, lang, formatter):
    """What a reader of version ``number`` in ``lang`` is told about an
    out-of-date translation: ``{"iso", "shown"}`` of the date the
    Finnish changed (``shown`` by the :class:`~kb.i18n.formats.Formatter`
    of the page), or None when the text is current."""
    since = outdated_since(card, number, lang)
    return {'iso': since, 'shown': formatter.date(since)} if since else None


def restore_note(version):
    """``(restored version number or None, the editor's own comment)``
    of a version, also for notes written before numbers were kept."""
    restored = getattr(version, 'restored', None)
    if restored is not None:
        return restored, version.comment
    legacy = LEGACY_RESTORE_NOTE.match(version.comment or '')
    if legacy is None:
        return None, version.comment
    return int(legacy.group(1)), legacy.group(2) or ''


def language_status(previous, content):
    """Each language's status in a new version.

    When the Finnish text changes, every other language whose text did
    not change with it becomes ``outdated``; a language whose text
    changes becomes ``current``; otherwise the status carries over.
    """
    new = content['content']
    if previous is None:
        return {lang: 'current' for lang in new}
    old = previous.content['content']
    source_changed = _texts_differ(old, new, SOURCE_LANGUAGE)
    status = {}
    for lang in new:
        if lang == SOURCE_LANGUAGE or _texts_differ(old, new, lang):
            status[lang] = 'current'
        elif source_changed:
            status[lang] = 'outdated'
        else:
            status[lang] = previous.lang_status.get(lang, 'current')
    return status


def _word_changes(old, new):
    """Word-level changes between two texts: ``[[op, text], ...]``."""
    old_words = old.split(' ')
    new_words = new.split(' ')
    ops = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words,
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == 'equal':
            ops.append(['equal', ' '.join(old_words[i1:i2])])
            continue
        if i2 > i1:
            ops.append(['delete', ' '.join(old_words[i1:i2])])
        if j2 > j1:
            ops.append(['insert', ' '.join(new_words[j1:j2])])
    return ops


def diff(old, new):
    """Differences between two versions' contents.

    :returns: ``{"languages": {lang: [change...]}, "fields": [change...]}``
        where a change is ``{"field", "from", "to"}`` plus ``"words"``
        (word-level operations) for texts.
    """
    languages = {}
    old_texts = old['content']
    new_texts = new['content']
    for lang in sorted(set(old_texts) | set(new_texts)):
        changes = []
        before = old_texts.get(lang, {})
        after = new_texts.get(lang, {})
        for field in TRANSLATED_FIELDS:
            a, b = before.get(field), after.get(field)
            if a == b:
                continue
            change = {'field': field, 'from': a, 'to': b}
            if isinstance(a, str) and isinstance(b, str):
                change['words'] = _word_changes(a, b)
            changes.append(change)
        if changes:
            languages[lang] = {
                'status': (
                    'added' if lang not in old_texts
                    else 'removed' if lang not in new_texts
                    else 'changed'
                ),
                'changes': changes,
            }
    fields = [
        {'field': key, 'from': old.get(key), 'to': new.get(key)}
        for key in sorted(set(old) | set(new))
        if key != 'content' and old.get(key) != new.get(key)
    ]
    return {'languages': languages, 'fields': fields}
