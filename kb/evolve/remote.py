"""Evolve step: providers get a remote-service contact
(:data:`kb.cards.remote_contact.FIELDS`), empty until the
administrator fills it in."""


def provider_remote(root, registry):
    """Give every provider without one an empty contact."""
    for provider in root['providers'].values():
        provider._p_activate()  # NB: a ghost's vars() are empty
        if 'remote' not in vars(provider):
            provider.remote = {}
