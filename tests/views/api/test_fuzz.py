"""Schema-driven fuzzing (schemathesis) of the JSON API from its OpenAPI
document, through the real WSGI app, as the public and as users of a
few roles: no answer is a 500, none breaks the document (status, body
schema, content type), a request the document calls valid is not
refused, and a method it does not list answers 405."""
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

pytestmark = pytest.mark.fuzz

#: Requests per operation and mode; the whole run stays within minutes.
EXAMPLES = 8
#: Answers a valid request may get: its data may not exist (404), the
#: caller may not be allowed (401, 403), or the state may not let it
#: (409). 422 is not among them.
ACCEPTED = ['2xx', '400', '401', '403', '404', '409']

CONFIG = {
    'generation': {'max-examples': EXAMPLES, 'mode': 'all',
                   'database': 'none'},
    'phases': {'stateful': {'enabled': False}},
    'checks': {
        'not_a_server_error': {'enabled': True},
        'status_code_conformance': {'enabled': True},
        'content_type_conformance': {'enabled': True},
        'response_schema_conformance': {'enabled': True},
        'unsupported_method': {'enabled': True},
        'positive_data_acceptance': {'enabled': True,
                                     'expected-statuses': ACCEPTED},
    },
}


@pytest.fixture(params=[None, 'admin', 'kela-editor', 'advisor'])
def caller(request, tokens):
    name = request.param
    return {'Authorization': f'Bearer {tokens[name]}'} if name else {}


@pytest.fixture
def api(app, published_card):
    published_card()
    return schemathesis.openapi.from_wsgi(
        '/api/v1/openapi.json', app,
        config=SchemathesisConfig.from_dict(CONFIG))


schema = schemathesis.pytest.from_fixture('api')


@schema.parametrize()
def test_the_api_keeps_its_document(case, caller):
    case.call_and_validate(headers=caller)
