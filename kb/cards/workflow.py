"""Per-provider workflows, defined as TOML files in ``workflows/``.

A file names its states (with the roles that may view and edit a card in
that state) and its transitions (source states, target, the roles that
may fire it, guards, whether a comment is required, whether an effective
date is allowed). It is compiled into a :class:`Workflow` at start-up;
anything unknown stops the application with the file and the line.

Each state and transition has a ``title``: an English message id that
``scripts/i18n`` extracts into ``locales/kb.pot`` (:mod:`kb.i18n.extract`)
and the pages show translated, so a new state is named in its file only.

A state's *stage* says what it means for the card's versions:
``working`` (the working copy is under edit or review), ``live`` (the
baseline readers see) or ``retired`` (the service has ended).
"""
from dataclasses import dataclass
import hashlib
from pathlib import Path
import re
import tomllib

from pyramid.authorization import DENY_ALL, Allow
from pyramid.exceptions import ConfigurationError

from kb import refdata, security
from kb.cards.guards import GUARDS
from kb.directory.seed import seed_providers
from kb.i18n import _

STAGES = ('working', 'live', 'retired')
WORKFLOW_ROLES = frozenset(refdata.ROLES) | {'public'}
STATE_KEYS = frozenset(('title', 'stage', 'view', 'intranet', 'edit'))
TRANSITION_KEYS = frozenset(
    ('title', 'from', 'to', 'roles', 'guards', 'comment', 'effective_date')
)
WORKFLOW_KEYS = frozenset(
    ('title', 'default', 'providers', 'initial', 'history', 'move')
)


class WorkflowError(ConfigurationError):
    """An invalid workflow file; the message names the file and line."""


@dataclass(frozen=True)
class State:
    name: str
    title: str
    stage: str
    view: tuple
    intranet: tuple
    edit: tuple


@dataclass(frozen=True)
class Transition:
    name: str
    title: str
    sources: tuple
    target: str
    roles: tuple
    guards: tuple
    comment_required: bool
    effective_date: bool


@dataclass
class Workflow:
    """A compiled workflow; see the module docstring."""

    name: str
    path: str
    title: str
    default: bool
    providers: tuple
    initial: str
    history: tuple
    move: tuple
    states: dict
    transitions: dict

    def transitions_from(self, state):
        return [t for t in self.transitions.values() if state in t.sources]

    def acl(self, card):
        """The ACL a card gets from its states (see ``docs/``)."""
        provider = card.provider
        aces = []

        def grant(roles, permission):
            aces.extend(
                (Allow, security.role_principal(role, provider), permission)
                for role in roles
            )

        current = self.states[card.state]
        baseline = None
        if current.stage != 'working':
            baseline = current
        elif card.published is not None:
            baseline = self.live_state(card)
        if baseline is not None:
            grant(baseline.view, security.VIEW)
            grant(baseline.intranet, security.VIEW_INTRANET)
        if current.stage == 'working':
            grant(current.view, security.VIEW_WORKING)
        else:
            grant(self.history, security.VIEW_WORKING)
        grant(self.history, security.VIEW_HISTORY)
        grant(current.edit, security.EDIT)
        grant(self.move, security.MOVE)
        for transition in self.transitions_from(card.state):
            grant(
                transition.roles,
                security.TRANSITION_PREFIX + transition.name,
            )
        aces.append(DENY_ALL)
        return aces

    def stage_of(self, state):
        """The stage of ``state``, or None for a version state outside
        the workflow (scheduled, superseded)."""
        known = self.states.get(state)
        return known.stage if known else None

    def live(self):
        """The workflow's live state."""
        return next(s for s in self.states.values() if s.stage == 'live')

    def live_state(self, card):
        """The state the card's baseline is in (live or retired)."""
        state = card.versions[card.published].state
        if state in self.states and self.states[state].stage != 'working':
            return self.states[state]
        return self.live()


class Workflows:
    """The registry's set of workflows, by provider."""

    def __init__(self, workflows):
        self.all = {wf.name: wf for wf in workflows}
        defaults = [wf for wf in workflows if wf.default]
        if len(defaults) != 1:
            raise WorkflowError(
                'Exactly one workflow file must say "default = true"; '
                f'found {len(defaults)}.'
            )
        self.default = defaults[0]
        self.by_provider = {}
        for wf in workflows:
            for code in wf.providers:
                if code in self.by_provider:
                    raise WorkflowError(
                        f'{wf.path}: provider "{code}" already uses '
                        f'workflow "{self.by_provider[code].name}".'
                    )
                self.by_provider[code] = wf
        self.digest = hashlib.sha256(
            b''.join(
                Path(wf.path).read_bytes() for wf in sorted(
                    workflows, key=lambda w: w.name
                )
            )
        ).hexdigest()

    def for_provider(self, code):
        return self.by_provider.get(code, self.default)


class _Locator:
    """Finds the line of a table or key in a TOML text, for messages."""

    def __init__(self, path, text):
        self.path = path
        self.lines = text.splitlines()

    def line(self, table, key=None, token=None):
        header = re.compile(
            r'^\s*\[\s*' + r'\s*\.\s*'.join(
                r'"?' + re.escape(part) + r'"?' for part in table
            ) + r'\s*\]'
        )
        start = next(
            (n for n, text in enumerate(self.lines) if header.match(text)),
            None,
        )
        if start is None:
            return 1
        if key is None:
            return start + 1
        found = start
        for number in range(start + 1, len(self.lines)):
            text = self.lines[number]
            if text.lstrip().startswith('['):
                break
            if re.match(r'^\s*"?' + re.escape(key) + r'"?\s*=', text):
                found = number
                break
        if token is not None:
            for number in range(found, len(self.lines)):
                if f'"{token}"' in self.lines[number]:
                    return number + 1
        return found + 1

    def error(self, message, table, key=None, token=None):
        line = self.line(table, key, token)
        return WorkflowError(f'{self.path}, line {line}: {message}')


def _roles(locator, table, key, value):
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, str) for v in value
    ):
        raise locator.error(f'"{key}" must be a list of roles', table, key)
    for role in value:
        if role not in WORKFLOW_ROLES:
            raise locator.error(
                f'unknown role "{role}" (known: '
                f'{", ".join(sorted(WORKFLOW_ROLES))})',
                table,
                key,
                role,
            )
    return tuple(value)


def _title(locator, table, data):
    """The table's ``title`` as a message of the ``kb`` domain."""
    title = data.get('title')
    if not isinstance(title, str) or not title.strip():
        raise locator.error('"title" must be a text (an English message '
                            'id, translated in locales/)', table,
                            'title' if 'title' in data else None)
    return _(title)


def _unknown_keys(locator, table, data, allowed):
    for key in data:
        if key not in allowed:
            raise locator.error(f'unknown key "{key}"', table, key)


def _compile_state(locator, name, data):
    table = ('states', name)
    if not isinstance(data, dict):
        raise locator.error('a state must be a table', table)
    _unknown_keys(locator, table, data, STATE_KEYS)
    stage = data.get('stage', 'working')
    if stage not in STAGES:
        raise locator.error(
            f'unknown stage "{stage}" (known: {", ".join(STAGES)})',
            table,
            'stage',
        )
    return State(
        name=name,
        title=_title(locator, table, data),
        stage=stage,
        view=_roles(locator, table, 'view', data.get('view')),
        intranet=_roles(locator, table, 'intranet', data.get('intranet')),
        edit=_roles(locator, table, 'edit', data.get('edit')),
    )


def _compile_transition(locator, name, data, states):
    table = ('transitions', name)
    if not isinstance(data, dict):
        raise locator.error('a transition must be a table', table)
    _unknown_keys(locator, table, data, TRANSITION_KEYS)
    sources = data.get('from')
    if not isinstance(sources, list) or not sources:
        raise locator.error('"from" must list states', table, 'from')
    for source in sources:
        if source not in states:
            raise locator.error(
                f'unknown state "{source}"', table, 'from', source
            )
    target = data.get('to')
    if target not in states:
        raise locator.error(f'unknown state "{target}"', table, 'to')
    for source in sources:
        if states[source].stage != 'working' and (
            states[target].stage == 'working'
        ):
            raise locator.error(
                f'cannot go from "{source}" back to a working state; '
                'saving a new version starts a working copy',
                table,
                'to',
            )
    guards = data.get('guards', [])
    if not isinstance(guards, list):
        raise locator.error('"guards" must be a list', table, 'guards')
    for guard in guards:
        if guard not in GUARDS:
            raise locator.error(
                f'unknown guard "{guard}" (known: '
                f'{", ".join(sorted(GUARDS))})',
                table,
                'guards',
                guard,
            )
    comment = data.get('comment', 'optional')
    if comment not in ('optional', 'required'):
        raise locator.error(
            '"comment" must be "optional" or "required"', table, 'comment'
        )
    roles = _roles(locator, table, 'roles', data.get('roles'))
    if not roles:
        raise locator.error('"roles" must name who may fire it', table)
    return Transition(
        name=name,
        title=_title(locator, table, data),
        sources=tuple(sources),
        target=target,
        roles=roles,
        guards=tuple(guards),
        comment_required=comment == 'required',
        effective_date=bool(data.get('effective_date', False)),
    )


def load_workflow(path, providers=None):
    """Compile one workflow file.

    :param providers: known provider codes (defaults to the shipped
        ones: workflows are loaded before any database is opened); a
        file naming any other provider is refused.
    :raises WorkflowError: naming the file and the line.
    """
    providers = seed_providers() if providers is None else providers
    path = Path(path)
    text = path.read_text('utf-8')
    locator = _Locator(str(path), text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkflowError(f'{path}: {exc}') from exc
    for key in data:
        if key not in ('workflow', 'states', 'transitions'):
            raise locator.error(f'unknown table "{key}"', (key,))
    head = data.get('workflow', {})
    _unknown_keys(locator, ('workflow',), head, WORKFLOW_KEYS)
    states = {
        name: _compile_state(locator, name, value)
        for name, value in data.get('states', {}).items()
    }
    stages = [s.stage for s in states.values()]
    if stages.count('live') != 1:
        raise locator.error(
            'exactly one state must have stage = "live"', ('workflow',)
        )
    initial = head.get('initial')
    if initial not in states or states[initial].stage != 'working':
        raise locator.error(
            f'"initial" must name a working state, not "{initial}"',
            ('workflow',),
            'initial',
        )
    transitions = {
        name: _compile_transition(locator, name, value, states)
        for name, value in data.get('transitions', {}).items()
    }
    codes = head.get('providers', [])
    for code in codes:
        if code not in providers:
            raise locator.error(
                f'unknown provider "{code}"', ('workflow',), 'providers', code
            )
    return Workflow(
        name=path.stem,
        path=str(path),
        title=head.get('title', path.stem),
        default=bool(head.get('default', False)),
        providers=tuple(codes),
        initial=initial,
        history=_roles(locator, ('workflow',), 'history',
                       head.get('history')),
        move=_roles(locator, ('workflow',), 'move', head.get('move')),
        states=states,
        transitions=transitions,
    )


def titles(path):
    """(line, title) of each state and transition a workflow file
    names, for the message extractor (:mod:`kb.i18n.extract`)."""
    text = Path(path).read_text('utf-8')
    locator = _Locator(str(path), text)
    data = tomllib.loads(text)
    for group in ('states', 'transitions'):
        for name, table in data.get(group, {}).items():
            if isinstance(table, dict) and isinstance(
                    table.get('title'), str):
                yield locator.line((group, name), 'title'), table['title']


def load_workflows(directory):
    """Compile every ``*.toml`` file of ``directory``."""
    paths = sorted(Path(directory).glob('*.toml'))
    if not paths:
        raise WorkflowError(f'{directory}: no workflow files')
    return Workflows([load_workflow(path) for path in paths])


def includeme(config):  # pragma: no cover - configuration glue
    settings = config.registry.settings
    config.registry.workflows = load_workflows(settings['kb.workflows_dir'])
