"""Values kept on the registry until their key changes."""
from types import SimpleNamespace


def test_built_once_per_key():
    from kb.registry_cache import registry_cached
    registry = SimpleNamespace()
    built = []

    def build():
        built.append(1)
        return len(built)

    assert registry_cached(registry, 'thing', 'a', build) == 1
    assert registry_cached(registry, 'thing', 'a', build) == 1
    assert registry_cached(registry, 'thing', 'b', build) == 2
    assert registry_cached(registry, 'other', 'b', build) == 3
