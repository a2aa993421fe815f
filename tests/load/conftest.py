"""Every test under ``tests/load/`` is ``slow`` and runs in one xdist
worker of its own group (its servers and threads would only compete
with a second one on this machine)."""
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    xdist = config.pluginmanager.hasplugin('xdist')
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.slow)
            if xdist:
                item.add_marker(pytest.mark.xdist_group('load'))
