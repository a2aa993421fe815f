"""A local stand-in for PTV's service endpoints, for the push tests.

It answers as PTV's description says: ``PUT /api/v11/Service/sourceId/
{sourceId}`` updates a known service (404 for an unknown one), ``POST
/api/v11/Service`` creates one (and the same for service collections,
``/api/v11/ServiceCollection``), a wrong bearer token gets 401, and a body
that breaks the schema or the rules in the descriptions gets 400 with a
dictionary of property → messages. It validates with ``jsonschema``
directly over the spec's ``components.schemas``, independently of
``kb.suomifi.validation``.
"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
import json
import threading
import uuid

import jsonschema

PREFIX = '/api/v11/Service'
#: path → (what it keeps, POST schema, PUT schema)
KINDS = {
    PREFIX: ('services', 'V9VmOpenApiServiceIn', 'V9VmOpenApiServiceInBase'),
    '/api/v11/ServiceCollection': (
        'collections', 'V11VmOpenApiServiceCollectionIn',
        'V11VmOpenApiServiceCollectionInBase'),
}
LIMITS = {'Name': 100, 'Summary': 150, 'Description': 5000,
          'UserInstruction': 5000}


def _spec():
    path = resources.files('kb').joinpath('data', 'ptv-openapi-v11.json')
    return json.loads(path.read_text('utf-8'))


def _nullable(schema):
    """OpenAPI 3.0's ``nullable`` in JSON Schema terms."""
    if isinstance(schema, dict):
        schema = {k: _nullable(v) for k, v in schema.items()}
        if schema.pop('nullable', False) and 'type' in schema:
            schema['type'] = [schema['type'], 'null']
        return schema
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema


class Validator:
    def __init__(self):
        self.components = _nullable(_spec()['components'])

    def errors(self, body, name):
        schema = {'$ref': f'#/components/schemas/{name}',
                  'components': self.components}
        found = {}
        for error in jsonschema.Draft4Validator(schema).iter_errors(body):
            path = '.'.join(str(p) for p in error.absolute_path) or name
            found.setdefault(path, []).append(error.message)
        for group in ('serviceNames', 'serviceDescriptions'):
            for number, item in enumerate(body.get(group) or ()):
                limit = LIMITS.get(item.get('type'))
                if limit and len(item.get('value') or '') > limit:
                    found.setdefault(f'{group}[{number}].Value', []).append(
                        f'Max length {limit}.')
        return found


class PTVServer:
    """Run with ``with PTVServer() as ptv:``; ``ptv.url`` is the endpoint.

    ``services`` and ``collections`` hold what it accepted by sourceId;
    ``requests`` every call as (method, path); ``fail_next`` makes the
    next calls answer with those ``(status, body)`` pairs.
    """

    def __init__(self, token='test-token'):
        self.token = token
        self.services = {}
        self.collections = {}
        self.requests = []
        self.fail_next = []
        self.validator = Validator()
        self.lock = threading.Lock()
        handler = type('Handler', (_Handler,), {'ptv': self})
        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}'

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, method, path, headers, body):
        with self.lock:
            self.requests.append((method, path))
            if self.fail_next:
                return self.fail_next.pop(0)
            if headers.get('Authorization') != f'Bearer {self.token}':
                return 401, None
            try:
                document = json.loads(body)
            except ValueError:
                return 400, {'': ['The body is not JSON.']}
            for prefix, kind in KINDS.items():
                if method == 'POST' and path == prefix:
                    return self.create(document, *kind)
                if method == 'PUT' and path.startswith(prefix + '/sourceId/'):
                    return self.update(path.rsplit('/', 1)[1], document,
                                       *kind)
            return 404, {'message': 'Not found'}

    def create(self, document, kept, schema, _put_schema):
        errors = self.validator.errors(document, schema)
        if errors:
            return 400, errors
        known = getattr(self, kept)
        source_id = document['sourceId']
        if source_id in known:
            return 400, {'SourceId': ['The source id is already in use.']}
        stored = dict(document, id=str(uuid.uuid4()))
        known[source_id] = stored
        return 200, stored

    def update(self, source_id, document, kept, _post_schema, schema):
        known = getattr(self, kept)
        if source_id not in known:
            return 404, {'message': f'{source_id} not found.'}
        errors = self.validator.errors(document, schema)
        if errors:
            return 400, errors
        stored = dict(known[source_id], **document)
        known[source_id] = stored
        return 200, stored


class _Handler(BaseHTTPRequestHandler):
    ptv = None

    def _answer(self):
        length = int(self.headers.get('Content-Length') or 0)
        status, body = self.ptv.handle(self.command, self.path,
                                       self.headers, self.rfile.read(length))
        data = b'' if body is None else json.dumps(body).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_PUT = do_POST = _answer

    def log_message(self, *args):
        pass
