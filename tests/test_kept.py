"""Values kept on the registry until their key changes."""
from types import SimpleNamespace


def test_built_once_per_key():
    from kb.kept import kept
    registry = SimpleNamespace()
    built = []

    def build():
        built.append(1)
        return len(built)

    assert kept(registry, 'thing', 'a', build) == 1
    assert kept(registry, 'thing', 'a', build) == 1
    assert kept(registry, 'thing', 'b', build) == 2
    assert kept(registry, 'other', 'b', build) == 3
