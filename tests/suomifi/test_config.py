"""The mapping configuration file."""
import pytest


def test_packaged_file_is_loaded_once(config):
    from kb.suomifi.config import load
    assert load({}) is config
    assert load({'kb.suomifi.mapping': ''}) is config
    assert config.source == 'kb/data/suomifi.toml'


def test_file_named_by_the_setting(tmp_path):
    from kb.suomifi.config import load
    path = tmp_path / 'ptv.toml'
    path.write_text('[providers.kela]\norganization = "abc"\n')
    mapping = load({'kb.suomifi.mapping': str(path)})
    assert mapping.organization('kela') == 'abc'
    assert mapping.source == str(path)
    assert mapping.placeholders() == []


def test_demo_placeholders_are_recognisable(config):
    from kb.directory import seed
    from kb.suomifi.config import is_placeholder
    for provider in seed.seed_providers():
        assert is_placeholder(config.organization(provider))
    assert not is_placeholder('8f3b9a5e-1c2d-4e5f-9a8b-7c6d5e4f3a2b')
    assert len(config.placeholders()) == 8


def test_every_life_event_and_point_is_mapped(config):
    from kb import refdata
    from kb.directory import seed
    for code in refdata.life_events():
        assert config.life_event(code).startswith(
            'http://urn.fi/URN:NBN:fi:au:ptvl:')
    for code in seed.seed_points():
        assert config.point(code)['postal_code']
    for channel in refdata.CHANNELS:
        assert config.channel_type(channel)


@pytest.mark.parametrize('lookup, key', [
    (lambda m: m.organization('acme'), 'providers.acme.organization'),
    (lambda m: m.life_event('space'), 'life_events.space'),
    (lambda m: m.point('mars'), 'points.mars'),
    (lambda m: m.card_value('nothing', 'kela', 'service'),
     'defaults.nothing'),
])
def test_missing_entries_are_named(config, lookup, key):
    from kb.suomifi.config import MappingError
    with pytest.raises(MappingError) as caught:
        lookup(config)
    assert caught.value.message.mapping == {'key': key}
    assert caught.value.details[0]['message'].mapping == {'key': key}
