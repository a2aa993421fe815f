"""The directory of providers and service points: the shipped seed
(:mod:`.seed`), the tables each database holds (:mod:`.tables`) and
their editing by the administrator (:mod:`.editing`)."""
from kb.directory.tables import request_directory


def includeme(config):
    """``request.directory``: the directory of the request's database,
    read once per request."""
    config.add_request_method(request_directory, 'directory', reify=True)
