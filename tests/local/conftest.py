"""The cluster's tests share one cluster (a module fixture), so they
run in one xdist worker."""
from pathlib import Path

import pytest

CLUSTER_TESTS = Path(__file__).with_name('test_cluster.py')


def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin('xdist'):
        return
    for item in items:
        if Path(item.fspath) == CLUSTER_TESTS:
            item.add_marker(pytest.mark.xdist_group('cluster'))
