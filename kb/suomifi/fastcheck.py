"""A fast yes/no check of a document against the spec's schemas.

jsonschema's validator costs about 2 ms per service document, most of
it building a validator object for each of ~140 sub-schemas; 10,000
cards need seconds. This compiles the few keywords the PTV spec uses
into nested closures that only answer "valid?". ``validation`` asks it
first and runs jsonschema (for the exact messages) only when it says
no, so jsonschema stays the judge; a test compares the two on many
broken documents. An unknown keyword stops compilation, so a new spec
cannot be checked half.
"""
import re
import threading

#: Keywords that do not constrain a value.
ANNOTATIONS = frozenset(('description', 'deprecated', 'example'))
TYPES = {
    'string': lambda v: isinstance(v, str),
    'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
    'number': lambda v: (isinstance(v, (int, float))
                         and not isinstance(v, bool)),
    'boolean': lambda v: isinstance(v, bool),
    'array': lambda v: isinstance(v, list),
    'object': lambda v: isinstance(v, dict),
    'null': lambda v: v is None,
}


class Compiler:
    """Compiles schemas of ``components`` (OpenAPI ``nullable`` must
    already be turned into ``null`` types: ``nullable`` itself is an
    unknown keyword here); ``formats`` maps a format name to a
    ``value → bool`` function."""

    def __init__(self, components, formats):
        self.schemas = components['components']['schemas']
        self.formats = formats
        self.compiled = {}
        # NB: one compiler serves every request thread; another thread
        # must wait for a schema being compiled, not get its placeholder
        self._compiling = threading.RLock()

    def named(self, name):
        """The check for ``components.schemas.NAME`` (refs may cycle)."""
        check = self.compiled.get(name)
        if check is not None:
            return check
        with self._compiling:
            if name not in self.compiled:
                self.compiled[name] = None  # being compiled
                try:
                    self.compiled[name] = self.compile(self.schemas[name])
                except Exception:
                    del self.compiled[name]
                    raise
            check = self.compiled[name]
        if check is None:  # a reference back to a schema being compiled
            return lambda value: self.compiled[name](value)
        return check

    def compile(self, schema):
        ref = schema.get('$ref')
        if ref is not None:
            # NB: in Draft 4 a $ref's sibling keywords are ignored
            return self.named(ref.rsplit('/', 1)[-1])
        checks = []
        unknown = set(schema) - ANNOTATIONS - set(KEYWORDS)
        if unknown:
            raise ValueError(f'keywords not supported: {sorted(unknown)}')
        for keyword, build in KEYWORDS.items():
            if keyword in schema:
                check = build(self, schema)
                if check is not None:
                    checks.append(check)
        if len(checks) == 1:
            return checks[0]

        def check_all(value):
            for check in checks:
                if not check(value):
                    return False
            return True
        return check_all


def _type(compiler, schema):
    names = schema['type']
    names = names if isinstance(names, list) else [names]
    tests = [TYPES[name] for name in names]
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def _properties(compiler, schema):
    checks = {name: compiler.compile(sub)
              for name, sub in schema['properties'].items()}
    closed = schema.get('additionalProperties') is False

    def check(value):
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            sub = checks.get(key)
            if sub is None:
                if closed:
                    return False
            elif not sub(item):
                return False
        return True
    return check


def _additional(compiler, schema):
    value = schema['additionalProperties']
    if value is False and 'properties' in schema:
        return None  # part of _properties
    if value is False:
        return lambda v: not isinstance(v, dict) or not v
    if value is True or value == {}:
        return None
    sub = compiler.compile(value)
    known = set(schema.get('properties', ()))
    return lambda v: not isinstance(v, dict) or all(
        sub(item) for key, item in v.items() if key not in known)


def _required(compiler, schema):
    names = tuple(schema['required'])
    return lambda v: not isinstance(v, dict) or all(n in v for n in names)


def _items(compiler, schema):
    sub = compiler.compile(schema['items'])

    def check(value):
        if isinstance(value, list):
            for item in value:
                if not sub(item):
                    return False
        return True
    return check


def _min_length(compiler, schema):
    limit = schema['minLength']
    return lambda v: not isinstance(v, str) or len(v) >= limit


def _max_length(compiler, schema):
    limit = schema['maxLength']
    return lambda v: not isinstance(v, str) or len(v) <= limit


def _pattern(compiler, schema):
    search = re.compile(schema['pattern']).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _format(compiler, schema):
    test = compiler.formats.get(schema['format'])
    return test  # formats we do not check (int32, tel) pass


def _enum(compiler, schema):
    values = schema['enum']
    return lambda v: any(v == e and type(v) is type(e) for e in values)


KEYWORDS = {
    'type': _type,
    'properties': _properties,
    'additionalProperties': _additional,
    'required': _required,
    'items': _items,
    'minLength': _min_length,
    'maxLength': _max_length,
    'pattern': _pattern,
    'format': _format,
    'enum': _enum,
}
