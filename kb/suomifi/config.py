"""The Suomi.fi (PTV) mapping configuration: our codes → PTV ids.

Read from ``kb/data/suomifi.toml`` or from the file named by the ini
setting ``kb.suomifi.mapping``; see ``docs/suomifi.md``. A missing entry
raises :class:`MappingError` naming what is missing, never a KeyError.
"""
import functools
from importlib import resources
import tomllib

from kb.errors import ValidationError
from kb.i18n import _

SETTING = 'kb.suomifi.mapping'
#: Demo organisation ids start with this; they are not real PTV ids.
PLACEHOLDER_PREFIX = '00000000-0000-0000-0000-'


class MappingError(ValidationError):
    """The configuration lacks an entry a document needs.

    ``details`` lists ``{"field", "message"}`` with the card field (or
    configuration key) concerned.
    """

    code = 'suomifi_mapping'


def is_placeholder(organization_id):
    """True for the demo's all-zero-prefixed placeholder ids."""
    return organization_id.startswith(PLACEHOLDER_PREFIX)


class Mapping:
    """Lookups in a parsed mapping file.

    :param data: the parsed TOML document.
    :param source: where it came from (for messages).
    """

    def __init__(self, data, source=''):
        self.data = data
        self.source = source

    def missing(self, key, field):
        """A :class:`MappingError` for the absent entry ``key``."""
        return MappingError(
            _('The Suomi.fi mapping has no entry "${key}".',
              mapping={'key': key}),
            details=[{'field': field,
                      'message': _('The Suomi.fi mapping has no entry '
                                   '"${key}".', mapping={'key': key})}],
        )

    def organization(self, provider):
        """The PTV organisation id of ``provider``.

        :raises MappingError: if the provider has none.
        """
        entry = self.data.get('providers', {}).get(provider, {})
        if 'organization' not in entry:
            raise self.missing(
                f'providers.{provider}.organization', 'provider'
            )
        return entry['organization']

    def card_value(self, key, provider, kind):
        """``key`` for a card of ``provider`` and ``kind``: the provider's
        value, else the kind's, else the default.

        :raises MappingError: if none of them sets it.
        """
        for table in (
            self.data.get('providers', {}).get(provider, {}),
            self.data.get('kinds', {}).get(kind, {}),
            self.data.get('defaults', {}),
        ):
            if key in table:
                return table[key]
        raise self.missing(f'defaults.{key}', 'provider')

    def optional_card_value(self, key, provider, kind, default=None):
        try:
            return self.card_value(key, provider, kind)
        except MappingError:
            return default

    def life_event(self, code):
        """The PTV life event URI of our life event ``code``."""
        uri = self.data.get('life_events', {}).get(code)
        if uri is None:
            raise self.missing(f'life_events.{code}', 'life_events')
        return uri

    def channel_type(self, channel):
        """The PTV service channel type of our ``channel`` (or None)."""
        return self.data.get('channels', {}).get(channel)

    def point(self, code):
        """The settings of service point ``code``, defaults applied."""
        defaults = self.data.get('point_defaults', {})
        own = self.data.get('points', {}).get(code)
        if own is None:
            raise self.missing(f'points.{code}', 'point')
        return {**defaults, **own}

    def placeholders(self):
        """Every placeholder organisation id in the file, sorted."""
        ids = [
            entry.get('organization', '')
            for table in ('providers', 'points')
            for entry in self.data.get(table, {}).values()
        ]
        ids.append(self.data.get('point_defaults', {})
                   .get('organization', ''))
        return sorted({i for i in ids if i and is_placeholder(i)})


def _packaged_text():
    return (resources.files('kb').joinpath('data')
            .joinpath('suomifi.toml').read_text('utf-8'))


@functools.lru_cache(maxsize=8)
def _load_path(path):
    if path:
        with open(path, 'rb') as stream:
            return Mapping(tomllib.load(stream), path)
    return Mapping(tomllib.loads(_packaged_text()), 'kb/data/suomifi.toml')


def load(settings):
    """The mapping configuration named by ``settings`` (the registry
    settings); parsed once per file and cached."""
    return _load_path((settings or {}).get(SETTING) or '')
