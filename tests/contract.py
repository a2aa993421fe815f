"""The API contract in the tests: :class:`ContractCheck` wraps the app of
every WebTest test and fails the test on an answer under ``/api/v1`` or
``/suomifi/v1`` that the OpenAPI document does not promise."""
import json
import re

import jsonschema

from kb.views.api.openapi import document

PREFIXES = ('/api/v1/', '/suomifi/v1/')
#: The edge's refusals (kb.views.input), which come before routing and so
#: may answer any path and method.
EDGE = {'bad_encoding': 400, 'too_large': 413, 'bad_text': 422}


class ContractViolation(AssertionError):
    """An answer the OpenAPI document does not allow."""


class Contract:
    """The operations of the OpenAPI document by path pattern."""

    def __init__(self, spec):
        self.spec = spec
        self.paths = [
            (re.compile('^' + re.sub(r'\\{[^}/]+\\}', '[^/]+',
                                     re.escape(path)) + '$'), operations)
            for path, operations in spec['paths'].items()
        ]

    def operations(self, path):
        for pattern, operations in self.paths:
            if pattern.match(path):
                return operations
        return None

    def check(self, method, path, status, headers, body):
        """Raise :class:`ContractViolation` unless the document allows
        this answer."""
        where = f'{method} {path} → {status}'
        operations = self.operations(path)
        if operations is None:
            return self._error(where, status, headers, body, (404,))
        operation = operations.get(method.lower())
        if operation is None:
            if method == 'HEAD' and 'get' in operations:
                return None
            allow = {m.upper() for m in operations} | (
                {'HEAD'} if 'get' in operations else set())
            self._error(where, status, headers, body, (405,))
            if status == 405 and \
                    set(headers.get('allow', '').split(', ')) != allow:
                raise ContractViolation(f'{where}: Allow is '
                                        f'{headers.get("allow")!r}, '
                                        f'not {sorted(allow)}')
            return None
        response = operation['responses'].get(str(status))
        if response is None:
            raise ContractViolation(
                f'{where}: undocumented status (documented: '
                f'{", ".join(operation["responses"])}); {body[:300]!r}')
        content_type = headers.get('content-type', '').split(';')[0]
        content = response['content']
        if content_type not in content:
            raise ContractViolation(f'{where}: content type '
                                    f'{content_type!r} not documented')
        if content_type == 'application/json':
            self.validate(where, json.loads(body),
                          content[content_type]['schema'])
        return None

    def _error(self, where, status, headers, body, expected):
        error = json.loads(body)
        self.validate(where, error, {'$ref': '#/components/schemas/Error'})
        if status not in expected and EDGE.get(error['error']) != status:
            raise ContractViolation(f'{where}: expected {expected}')

    def validate(self, where, value, schema):
        validator = jsonschema.Draft202012Validator(
            dict(schema, components=self.spec['components']))
        error = jsonschema.exceptions.best_match(
            validator.iter_errors(value))
        if error is not None:
            raise ContractViolation(
                f'{where}: {error.message} at '
                f'{"/".join(map(str, error.absolute_path))}')


class ContractCheck:
    """WSGI middleware checking each API answer against the contract."""

    contract = None

    def __init__(self, app):
        self.app = app
        self.registry = app.registry
        if ContractCheck.contract is None:
            ContractCheck.contract = Contract(document())

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if not path.startswith(PREFIXES):
            return self.app(environ, start_response)
        seen = {}

        def recording(status, headers, exc_info=None):
            seen['status'] = int(status.split()[0])
            seen['headers'] = {k.lower(): v for k, v in headers}
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, recording)
        try:
            body = b''.join(chunks)
        finally:
            getattr(chunks, 'close', lambda: None)()
        self.contract.check(environ['REQUEST_METHOD'], path, seen['status'],
                            seen['headers'], body)
        return [body]
