"""The fast check agrees with jsonschema on valid and broken documents."""
import copy
import datetime
import random
import threading

import pytest

from tests.suomifi.conftest import demo_cards

SCHEMAS = ('V9VmOpenApiServiceIn', 'V9VmOpenApiServiceInBase',
           'V11VmOpenApiServiceLocationChannelIn',
           'V11VmOpenApiServiceAndChannelRelationBySourceInBase')
ODD_VALUES = (None, '', 'x', 'not-a-uuid', '2026-13-45', 7, 2.5, True,
              [], {}, ['x'], [{}], {'x': 1}, '12:00', 'a b',
              '8f3b9a5e-1c2d-4e5f-9a8b-7c6d5e4f3a2b', '2026-01-01T10:00:00')


def documents(config):
    from kb.directory import seed
    from kb.suomifi.mapping import put_document, service_document
    from kb.suomifi.points import channel_document, connection_document
    cards = [c for c in demo_cards()
             if c['kind'] == 'service' and c['provider'] != 'central'][:6]
    for card in cards:
        yield 'V9VmOpenApiServiceIn', service_document(
            card['id'], card['provider'], card, 'published', config,
            effective='2027-01-01')
        yield 'V9VmOpenApiServiceInBase', put_document(
            card['id'], card['provider'], card, 'retired', config)
    for code, row in seed.seed_points().items():
        yield 'V11VmOpenApiServiceLocationChannelIn', channel_document(
            code, row, config, datetime.date(2026, 11, 22))
    yield SCHEMAS[3], connection_document({'mikkeli': {}})


def paths(value, prefix=()):
    """Every path to a value inside ``value``."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


def mutate(document, rng):
    broken = copy.deepcopy(document)
    path = rng.choice([p for p in paths(broken) if p])
    parent = broken
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    action = rng.randrange(4)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1 and isinstance(parent, dict):
        parent['unknownProperty'] = 1
    elif action == 2 and isinstance(parent[key], str):
        parent[key] = parent[key] * 60
    else:
        parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return broken


def test_fast_check_agrees_with_jsonschema(config):
    from kb.suomifi.validation import is_valid, validator
    rng = random.Random(20261122)
    compared = invalid = 0
    for schema, document in documents(config):
        assert is_valid(document, schema)
        assert validator(schema).is_valid(document)
        for _ in range(120):
            broken = mutate(document, rng)
            expected = validator(schema).is_valid(broken)
            assert is_valid(broken, schema) == expected, (schema, broken)
            compared += 1
            invalid += not expected
    assert compared > 2000 and invalid > compared // 2


def test_unknown_keywords_stop_compilation():
    from kb.suomifi.fastcheck import Compiler
    compiler = Compiler({'components': {'schemas': {
        'A': {'type': 'object', 'oneOf': []}}}}, {})
    with pytest.raises(ValueError):
        compiler.named('A')


def test_a_schema_another_thread_is_compiling_is_waited_for():
    """Request threads share one compiler: the second must not get the
    first's placeholder (a 500 under load)."""
    from kb.suomifi.fastcheck import Compiler
    started, release = threading.Event(), threading.Event()

    class Slow(Compiler):
        def compile(self, schema):
            if not started.is_set():
                started.set()
                release.wait(5)
            return super().compile(schema)

    compiler = Slow({'components': {'schemas': {
        'S': {'type': 'string'}}}}, {})
    first = threading.Thread(target=compiler.named, args=('S',))
    first.start()
    started.wait(5)
    answers = []
    second = threading.Thread(
        target=lambda: answers.append(compiler.named('S')('x')))
    second.start()
    second.join(0.2)
    release.set()
    first.join(5)
    second.join(5)
    assert answers == [True]


def test_a_schema_that_failed_to_compile_fails_again():
    from kb.suomifi.fastcheck import Compiler
    compiler = Compiler({'components': {'schemas': {
        'A': {'type': 'object', 'oneOf': []}}}}, {})
    for _ in range(2):
        with pytest.raises(ValueError):
            compiler.named('A')


def test_recursive_references_and_other_keywords():
    from kb.suomifi.fastcheck import Compiler
    compiler = Compiler({'components': {'schemas': {
        'Node': {'type': 'object', 'required': ['kind'], 'properties': {
            'kind': {'enum': ['leaf', 'branch']},
            'size': {'type': 'number', 'format': 'int32'},
            'children': {'type': 'array',
                         'items': {'$ref': '#/components/schemas/Node'}}},
                 'additionalProperties': {'type': 'string'}},
        'Closed': {'type': 'object', 'additionalProperties': False},
        'Open': {'additionalProperties': True},
        'Untyped': {'properties': {'a': {'type': 'string'}}}}}}, {})
    check = compiler.named('Node')
    assert check({'kind': 'leaf', 'size': 2.5, 'note': 'x',
                  'children': [{'kind': 'branch'}]})
    assert not check({'kind': 'leaf', 'children': [{'kind': 'tree'}]})
    assert not check({'kind': 'leaf', 'note': 1})
    assert not check({'kind': 1})
    assert compiler.named('Closed')({})
    assert not compiler.named('Closed')({'a': 1})
    assert compiler.named('Open')({'a': 1})
    assert compiler.named('Untyped')('not an object')
    assert not compiler.named('Untyped')({'a': 1})
