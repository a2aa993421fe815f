"""A small client for the PTV Open API's service operations.

Only the calls the push needs: ``PUT /api/v11/Service/sourceId/{id}``
to update (or delete) a service PTV knows by our card id and
``POST /api/v11/Service`` to create one, and the same two for service
collections (``/api/v11/ServiceCollection``).
"""
from dataclasses import dataclass
import json
import urllib.error
import urllib.parse
import urllib.request

#: The paths of what the push sends.
SERVICE = '/api/v11/Service'
COLLECTION = '/api/v11/ServiceCollection'


@dataclass
class Answer:
    """PTV's answer: ``status`` 0 means it could not be reached."""

    status: int
    body: object
    reason: str = ''

    @property
    def ok(self):
        return 200 <= self.status < 300


class PTVClient:
    """Calls PTV at ``endpoint`` with a bearer ``token``."""

    def __init__(self, endpoint, token, timeout=10.0):
        self.endpoint = endpoint.rstrip('/')
        self.token = token
        self.timeout = timeout

    def put_service(self, source_id, body, kind=SERVICE):
        """Update (or delete) what PTV knows by ``source_id``; ``kind``
        is :data:`SERVICE` or :data:`COLLECTION`."""
        path = f'{kind}/sourceId/' + urllib.parse.quote(source_id, safe='')
        return self.call('PUT', path, body)

    def post_service(self, body, kind=SERVICE):
        """Create a service (or a collection, by ``kind``)."""
        return self.call('POST', kind, body)

    def call(self, method, path, body):
        request = urllib.request.Request(
            self.endpoint + path,
            data=json.dumps(body, ensure_ascii=False).encode('utf-8'),
            method=method,
            headers={
                'Authorization': f'Bearer {self.token}',
                'Content-Type': 'application/json; charset=utf-8',
                'Accept': 'application/json',
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as r:
                return Answer(r.status, _parse(r.read()))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, _parse(error.read()), error.reason)
        except (OSError, ValueError) as error:
            return Answer(0, None, str(error))


def _parse(data):
    try:
        return json.loads(data.decode('utf-8')) if data else None
    except (UnicodeDecodeError, ValueError):
        return data.decode('utf-8', 'replace')[:1000]


def error_messages(answer):
    """What PTV said, as ``[{"field", "message"}]``.

    A 400 body maps properties to lists of messages; any other answer
    becomes one message with the status (0: PTV was not reached).
    """
    body = answer.body
    if answer.status == 400 and isinstance(body, dict) and body:
        return [
            {'field': field, 'message': str(message)}
            for field, messages in body.items()
            for message in (messages if isinstance(messages, list)
                            else [messages])
        ]
    if isinstance(body, dict):
        body = body.get('message') or body.get('Message') or ''
    text = ': '.join(str(part) for part in (answer.reason, body) if part)
    return [{'field': '', 'message': f'{answer.status} {text}'.strip()}]
