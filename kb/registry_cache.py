"""Values kept on the Pyramid registry until what they depend on
changes (a synonym list's version, the search index's generation, the
sitemap's key)."""


def registry_cached(registry, name, key, build):
    """``build()``, kept on ``registry`` as ``name`` and built again only
    when ``key`` differs from the one it was built for."""
    cached = getattr(registry, name, None)
    if cached is None or cached[0] != key:
        cached = (key, build())
        setattr(registry, name, cached)
    return cached[1]
