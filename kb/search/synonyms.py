"""The synonym list editors keep: groups of words that mean the same at
the counter (colloquial and official words, old and new names, Finnish
and Swedish). Applied at query time, so a change needs no reindexing."""
from importlib import resources

from persistent import Persistent

from kb import security
from kb.errors import (
    ForbiddenError,
    NotFoundError,
    StateConflictError,
    ValidationError,
)
from kb.events import ObjectModified
from kb.i18n import _
from kb.search.analysis import joined, query_words

GROUPS_MAX = 2000
TERMS_MAX = 20
TERM_MAX = 60
LANGS = ('fi', 'sv', 'se', 'smn', 'sms', 'en', '*')


class SynonymList(Persistent):
    """Groups as a tuple of ``(id, lang, (term, ...), provider)``: a
    stable id (never reused), so that a removal names the group and not
    its place in the list; the owning provider's code, or None for a
    shared group. ``version`` counts saves, for stale-edit refusal and
    for caching the lookup."""

    __name__ = 'synonyms'
    __parent__ = None

    def __init__(self, groups=()):
        self.last_id = 0
        self.version = 1
        self.entries = tuple((self.new_id(), lang, tuple(terms), None)
                             for lang, terms in groups)

    @property
    def groups(self):
        """``(lang, terms)`` pairs: what :func:`lookup` reads."""
        return tuple((lang, terms) for _id, lang, terms, _p in self.entries)

    def new_id(self):
        self.last_id += 1
        return self.last_id

    def check(self, base_version):
        """:raises StateConflictError: unless ``base_version`` is the
        newest."""
        if base_version != self.version:
            raise StateConflictError(
                _('The synonym list has changed: your edit is based on '
                  'version ${base}, but the newest is ${head}.',
                  mapping={'base': base_version, 'head': self.version}),
                details={'base_version': base_version,
                         'head': self.version},
                code='stale_version')

    def find(self, group_id):
        """The entry of ``group_id``, or None."""
        for entry in self.entries:
            if entry[0] == group_id:
                return entry
        return None

    def replace(self, entries, base_version):
        """Keep ``entries`` (each with its id)."""
        self.check(base_version)
        self.entries = tuple(
            (group_id, lang, tuple(terms), provider)
            for group_id, lang, terms, provider in entries)
        self.version += 1


#: A posted group that does not name its owner.
UNSET = object()


def require(user, provider):
    """:raises ForbiddenError: unless the user acts for ``provider``
    (:func:`kb.security.acts_for`)."""
    if not security.acts_for(user, provider):
        raise ForbiddenError(_(
            'You may change only the synonym groups of your own '
            'provider.'), code='not_your_group')


def resolve(user, synonyms, posted):
    """Posted ``(id, lang, terms, provider)`` groups as entries: a group
    without an id that has the words of an unnamed existing group is
    that group (a client that does not know ids keeps them and their
    owners); an unset owner is the existing group's, for a new group
    the user's own provider (none for the central editor).

    :raises ValidationError: for an unknown or repeated id, or too many
        groups.
    """
    if len(posted) > GROUPS_MAX:
        raise too_many()
    current = {entry[0]: entry for entry in synonyms.entries}
    named = {group_id for group_id, *_rest in posted}
    unnamed = {}
    for group_id, lang, terms, _provider in synonyms.entries:
        if group_id not in named:
            unnamed.setdefault((lang, terms), []).append(group_id)
    entries, seen, problems = [], set(), []
    for number, (group_id, lang, terms, provider) in enumerate(posted):
        if group_id is None and unnamed.get((lang, terms)):
            group_id = unnamed[(lang, terms)].pop(0)
        elif group_id is not None and (group_id not in current
                                       or group_id in seen):
            problems.append({'field': f'groups.{number}.id', 'message': _(
                'This group is not in the list.')})
        seen.add(group_id)
        if provider is UNSET:
            provider = current[group_id][3] if group_id in current else \
                security.own_provider(user)
        entries.append((group_id, lang, terms, provider))
    if problems:
        raise ValidationError(_('The synonym list has errors.'),
                              details=problems)
    return entries


def changes(before, after):
    """``(change, entry, previous)`` for what turns the entries
    ``before`` into ``after``: 'add', 'change' or 'remove'."""
    old = {entry[0]: entry for entry in before}
    kept = set()
    found = []
    for entry in after:
        previous = old.get(entry[0])
        if previous is None:
            found.append(('add', entry, None))
            continue
        kept.add(entry[0])
        if previous[1:] != entry[1:]:
            found.append(('change', entry, previous))
    found.extend(('remove', entry, None) for entry in before
                 if entry[0] not in kept)
    return found


def save(registry, user, synonyms, posted, base_version):
    """Replace the groups of ``synonyms`` with ``posted`` (see
    :func:`resolve`) for ``user``, who may touch only the groups
    :func:`kb.security.acts_for` allows; each added, changed and removed
    group is announced for the audit log with its words, language and
    owner.

    :raises StateConflictError: for a stale ``base_version``.
    :raises ForbiddenError: for a change to a group not the user's.
    """
    synonyms.check(base_version)
    entries = resolve(user, synonyms, posted)
    for _change, entry, previous in changes(synonyms.entries, entries):
        for owner in {entry[3], (previous or entry)[3]}:
            require(user, owner)
    entries = [(synonyms.new_id() if entry[0] is None else entry[0],
                *entry[1:]) for entry in entries]
    found = changes(synonyms.entries, entries)
    synonyms.replace(entries, base_version)
    for change, entry, previous in found:
        details = {'change': change, 'version': synonyms.version,
                   'group': entry[0], 'lang': entry[1],
                   'terms': list(entry[2]), 'provider': entry[3]}
        if previous is not None:
            details.update(previous_lang=previous[1],
                           previous_terms=list(previous[2]),
                           previous_provider=previous[3])
        registry.notify(ObjectModified(synonyms, user.name, **details))


def add(registry, user, synonyms, group, base_version):
    """Add the validated ``group`` (see :func:`save`); return its entry."""
    save(registry, user, synonyms, list(synonyms.entries) + [group],
         base_version)
    return synonyms.entries[-1]


def change(registry, user, synonyms, group, base_version):
    """Put the validated ``group`` in place of the group of its id (see
    :func:`save`)."""
    save(registry, user, synonyms,
         [group if entry[0] == group[0] else entry
          for entry in synonyms.entries], base_version)


def remove(registry, user, synonyms, group, base_version):
    """Remove the entry ``group`` (see :func:`save`)."""
    save(registry, user, synonyms,
         [entry for entry in synonyms.entries if entry is not group],
         base_version)


def named_group(synonyms, group_id):
    """The entry whose id is the text ``group_id`` (of an address).

    :raises NotFoundError: if there is none.
    """
    group = synonyms.find(int(group_id)) if group_id.isascii() and \
        group_id.isdigit() else None
    if group is None:
        raise NotFoundError(_('This group is not in the list.'))
    return group


def starter_groups():
    """The shipped starter list (``kb/data/synonyms.txt``): one group a
    line, ``lang: term | term | ...``."""
    text = resources.files('kb').joinpath('data').joinpath(
        'synonyms.txt').read_text('utf-8')
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        lang, _sep, terms = line.partition(':')
        groups.append((lang.strip(), tuple(
            t.strip() for t in terms.split('|') if t.strip())))
    return groups


def validate_groups(data, providers):
    """Check a list of ``{"id", "lang", "terms", "provider"}`` (only
    ``terms`` required); return ``(id, lang, terms, provider)`` groups,
    :data:`UNSET` for an owner not given, None for a new group's id.

    :param providers: the provider codes an owner may be.
    """
    if not isinstance(data, list) or len(data) > GROUPS_MAX:
        raise too_many()
    problems = []
    groups = [validate_group(group, f'groups.{number}', providers,
                             problems)
              for number, group in enumerate(data)]
    if problems:
        raise ValidationError(_('The synonym list has errors.'),
                              details=problems)
    return groups


def too_many():
    return ValidationError(
        _('"groups" must be a list of at most ${max} groups.',
          mapping={'max': GROUPS_MAX}),
        details=[{'field': 'groups', 'message': ''}])


def validate_group(group, field, providers, problems):
    """One group of :func:`validate_groups`, its problems appended to
    ``problems`` (then the result is of no use)."""
    if not isinstance(group, dict) or \
            set(group) - {'id', 'lang', 'terms', 'provider'}:
        problems.append({'field': field, 'message': _(
            'A group has "lang" and "terms".')})
        return None
    group_id = group.get('id')
    if group_id is not None and (not isinstance(group_id, int)
                                 or isinstance(group_id, bool)):
        problems.append({'field': f'{field}.id', 'message': _(
            'This group is not in the list.')})
    lang = group.get('lang', '*')
    if not isinstance(lang, str) or lang not in LANGS:
        problems.append({'field': f'{field}.lang', 'message': _(
            'Unknown language.')})
    provider = group.get('provider', UNSET)
    if provider not in (UNSET, None) and (not isinstance(provider, str)
                                          or provider not in providers):
        problems.append({'field': f'{field}.provider', 'message': _(
            'Unknown provider.')})
    terms = group.get('terms')
    if not isinstance(terms, list) or not 2 <= len(terms) <= TERMS_MAX \
            or not all(isinstance(t, str) and 0 < len(t.strip())
                       <= TERM_MAX for t in terms):
        problems.append({'field': f'{field}.terms', 'message': _(
            'A group has 2 to ${max} words of at most ${length} '
            'characters.', mapping={'max': TERMS_MAX, 'length': TERM_MAX})})
        return None
    return group_id, lang, tuple(t.strip() for t in terms), provider


def lookup(groups):
    """``word → [alternative word list, ...]`` for single-word terms (a
    hyphenated word under its joined form, as a query may type it)."""
    table = {}
    for lang, terms in groups:
        analysed = [query_words(term, lang if lang != '*' else 'fi')
                    for term in terms]
        for index, words in enumerate(analysed):
            if len(words) != 1:
                continue
            others = [w for i, w in enumerate(analysed) if i != index and w]
            table.setdefault(joined(words[0]), []).extend(others)
    return table


def describe_group(entry):
    group_id, lang, terms, provider = entry
    return {'id': group_id, 'lang': lang, 'terms': list(terms),
            'provider': provider}


def describe(synonyms):
    return {'version': synonyms.version,
            'groups': [describe_group(entry) for entry in synonyms.entries]}
