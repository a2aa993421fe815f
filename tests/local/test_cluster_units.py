"""kb.local.cluster's edges that need no running cluster."""
import io
import os

import pytest


@pytest.fixture
def node(tmp_path):
    from kb.local.cluster import Node

    node = Node(tmp_path, 1)
    node.configure('development.ini', 'postgres://kb@127.0.0.1:1/kb', 1)
    return node


def test_a_recorded_pid_of_another_process_is_not_the_node(node):
    assert node.pid() is None
    node.pid_file.write_text(f'{os.getpid()}\n')
    assert node.pid() is None
    assert node.stop() is False


def test_a_node_that_does_not_run_is_an_error_naming_its_log(node):
    from kb.local.cluster import ClusterError

    with pytest.raises(ClusterError, match=f'node1 exited; see {node.log}'):
        node.wait_ready(0)


def test_status_of_nothing_says_postgresql_is_stopped(tmp_path):
    from kb.local.cluster import main

    out = io.StringIO()
    assert main(['--var', str(tmp_path), 'status'], stdout=out) == 0
    assert out.getvalue().startswith('postgresql is stopped')


def test_up_needs_a_node(capsys):
    from kb.local.cluster import main

    with pytest.raises(SystemExit):
        main(['up', '--nodes', '0'])
    assert '--nodes must be at least 1' in capsys.readouterr().err
