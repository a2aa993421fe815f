"""The synonym list editors keep: groups of words that mean the same at
the counter (colloquial and official words, old and new names, Finnish
and Swedish). Applied at query time, so a change needs no reindexing."""
from importlib import resources

from persistent import Persistent

from kb.errors import StateConflictError, ValidationError
from kb.events import ObjectModified
from kb.i18n import _
from kb.search.analysis import query_words

GROUPS_MAX = 2000
TERMS_MAX = 20
TERM_MAX = 60
LANGS = ('fi', 'sv', 'se', 'smn', 'sms', 'en', '*')


class SynonymList(Persistent):
    """Groups as a tuple of ``(lang, (term, ...))``; ``version`` counts
    saves, for stale-edit refusal and for caching the lookup."""

    __name__ = 'synonyms'
    __parent__ = None

    def __init__(self, groups=()):
        self.groups = tuple(groups)
        self.version = 1

    def replace(self, groups, base_version):
        if base_version != self.version:
            raise StateConflictError(
                _('The synonym list has changed: your edit is based on '
                  'version ${base}, but the newest is ${head}.',
                  mapping={'base': base_version, 'head': self.version}),
                details={'base_version': base_version,
                         'head': self.version},
                code='stale_version')
        self.groups = tuple(groups)
        self.version += 1


def save(registry, actor, synonyms, groups, base_version):
    """Replace the list of ``synonyms`` with ``groups`` (validated) for
    ``actor``, announced for the audit log (its size, not its words).

    :raises StateConflictError: for a stale ``base_version``.
    """
    synonyms.replace(groups, base_version)
    registry.notify(ObjectModified(synonyms, actor, change='replace',
                                   version=synonyms.version,
                                   groups=len(groups)))


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


def validate_groups(data):
    """Check a list of ``{"lang", "terms"}``; return the groups."""
    problems = []
    if not isinstance(data, list) or len(data) > GROUPS_MAX:
        raise ValidationError(
            _('"groups" must be a list of at most ${max} groups.',
              mapping={'max': GROUPS_MAX}),
            details=[{'field': 'groups', 'message': ''}])
    groups = []
    for number, group in enumerate(data):
        field = f'groups.{number}'
        if not isinstance(group, dict) or set(group) - {'lang', 'terms'}:
            problems.append({'field': field, 'message': _(
                'A group has "lang" and "terms".')})
            continue
        lang = group.get('lang', '*')
        terms = group.get('terms')
        if not isinstance(lang, str) or lang not in LANGS:
            problems.append({'field': f'{field}.lang', 'message': _(
                'Unknown language.')})
        if not isinstance(terms, list) or not 2 <= len(terms) <= TERMS_MAX \
                or not all(isinstance(t, str) and 0 < len(t.strip())
                           <= TERM_MAX for t in terms):
            problems.append({'field': f'{field}.terms', 'message': _(
                'A group has 2 to ${max} words of at most ${length} '
                'characters.', mapping={'max': TERMS_MAX,
                                        'length': TERM_MAX})})
            continue
        groups.append((lang, tuple(t.strip() for t in terms)))
    if problems:
        raise ValidationError(_('The synonym list has errors.'),
                              details=problems)
    return groups


def lookup(groups):
    """``word → [alternative word list, ...]`` for single-word terms."""
    table = {}
    for lang, terms in groups:
        analysed = [query_words(term, lang if lang != '*' else 'fi')
                    for term in terms]
        for index, words in enumerate(analysed):
            if len(words) != 1:
                continue
            others = [w for i, w in enumerate(analysed) if i != index and w]
            table.setdefault(words[0], []).extend(others)
    return table


def describe(synonyms):
    return {'version': synonyms.version, 'groups': [
        {'lang': lang, 'terms': list(terms)}
        for lang, terms in synonyms.groups]}
