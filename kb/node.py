"""The name of this node among the processes serving one database: the
leader lease (:mod:`kb.runtime.leader`) and the search change log
(:mod:`kb.search.changelog`) know a node by it."""
from pathlib import Path
import socket


def node_name(settings):
    """``kb.node``, or the host name and the node's index folder (stable
    across restarts, distinct per node)."""
    return settings.get('kb.node') or (
        f'{socket.gethostname()}:'
        f'{Path(settings["kb.search.index_dir"]).resolve()}')
