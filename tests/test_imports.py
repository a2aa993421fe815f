"""The import graph of ``kb``: no cycle, and the views stay a leaf."""
import ast
import pathlib

KB = pathlib.Path(__file__).resolve().parent.parent / 'kb'


def module_name(path):
    parts = path.relative_to(KB.parent).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def imports_of(path, modules):
    """The ``kb`` modules ``path`` imports, also inside functions (an
    import deferred into a function hides a cycle, it does not end it)."""
    package = module_name(path)
    if path.name != '__init__.py':
        package = package.rpartition('.')[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text('utf-8'))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                anchor = package.split('.')[:len(package.split('.'))
                                            - node.level + 1]
                base = '.'.join(anchor + ([base] if base else []))
            # NB: ``from kb import clock`` depends on kb.clock, not on
            # the package's __init__
            names = [f'{base}.{alias.name}'
                     if f'{base}.{alias.name}' in modules else base
                     for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph():
    paths = {module_name(path): path for path in KB.rglob('*.py')}
    return {name: imports_of(path, paths) - {name}
            for name, path in paths.items()}


def cycles(graph):
    """One cycle (a list of modules) per strongly connected group."""
    found, state = [], {}

    def visit(node, trail):
        state[node] = 'open'
        trail.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 'open':
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail)
        trail.pop()
        state[node] = 'done'

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_cycles_are_found():
    graph = {'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}
    assert cycles(graph) == [['a', 'b', 'c', 'a']]
    assert cycles({'a': {'b'}, 'b': set()}) == []


def test_module_names_and_imports_resolve():
    assert module_name(KB / 'cards' / '__init__.py') == 'kb.cards'
    assert module_name(KB / 'clock.py') == 'kb.clock'
    modules = {module_name(path) for path in KB.rglob('*.py')}
    assert {'kb.clock', 'kb.security'} <= imports_of(
        KB / 'cards' / 'versioning.py', modules)
    assert 'kb.resources' in imports_of(KB / '__init__.py', modules)


def test_kb_has_no_import_cycle():
    graph = import_graph()
    assert 'kb.cards.versioning' in graph['kb.runtime.jobs']
    assert cycles(graph) == []


def test_nothing_outside_the_views_imports_them():
    offenders = {
        name for name, targets in import_graph().items()
        if not name.startswith('kb.views')
        and any(t == 'kb.views' or t.startswith('kb.views.')
                for t in targets)
    }
    assert offenders == set()
