"""Schema-driven fuzzing (schemathesis) of the JSON API from its OpenAPI
document, through the real WSGI app, as the public and as users of a
few roles: no answer is a 500, none breaks the document (status, body
schema, content type), and a request the document calls valid is not
refused, unless the refusal is one the operation documents for a rule
beyond its schema (``x-rules``: the field and error code of its 422).
(Undeclared methods: ``test_misc`` and :mod:`tests.contract`.)

Hypothesis runs each operation here rather than through the
schemathesis pytest plugin, whose sub-tests do not run on our pytest."""
import gc

from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [
    pytest.mark.fuzz,
    # NB: large generated bodies are spooled to temporary files (WebOb,
    # Werkzeug's test client) that only the garbage collector closes
    pytest.mark.filterwarnings(
        'ignore::pytest.PytestUnraisableExceptionWarning'),
]

#: Requests per operation, mode and caller; the run stays within
#: minutes.
EXAMPLES = 8
#: The callers each request is sent as.
ROLES = (None, 'admin', 'kela-editor', 'advisor')
#: Answers a valid request may get: its data may not exist (404), the
#: caller may not be allowed (401, 403), the state may not let it (409),
#: the public's POST lacks a CSRF token (400), or failed logins are
#: throttled (429). Never 422.
ACCEPTED = ['2xx', '400', '401', '403', '404', '409', '429']
#: Answers that refuse invalid data: schemathesis's own list, and 413
#: for a body over the size limit (a generated list of thousands of
#: groups may be one).
REFUSED = ['400', '401', '403', '404', '405', '406', '409', '413', '415',
           '422', '428', '429', '5xx']

CONFIG = {'checks': {
    'not_a_server_error': {'enabled': True},
    'status_code_conformance': {'enabled': True},
    'content_type_conformance': {'enabled': True},
    'response_schema_conformance': {'enabled': True},
    'positive_data_acceptance': {'enabled': True,
                                 'expected-statuses': ACCEPTED},
    'negative_data_rejection': {'enabled': True,
                                'expected-statuses': REFUSED},
}}


@pytest.fixture(autouse=True)
def spooled_files_closed():
    """Collect the spooled files here, under this module's filter, not
    in the next test."""
    yield
    gc.collect()


def documented_refusal(operation, status, body):
    """True if ``body`` (a ``status`` answer) refuses only fields whose
    rules ``operation`` (its document) lists under ``x-rules``, with the
    error code listed there."""
    rules = {(rule['status'], rule['error'], rule['field'])
             for rule in operation.get('x-rules', ())}
    if not rules or not isinstance(body, dict) or not body.get('details'):
        return False
    return all((status, body.get('error'), detail.get('field')) in rules
               for detail in body['details'])


def accepts_valid_data(ctx, response, case):
    """The positive data acceptance check, but for the documented
    refusals (:func:`documented_refusal`)."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if not documented_refusal(case.operation.definition.raw,
                                  response.status_code, response.json()):
            raise
    return None


def run(operation, mode, callers):
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def each(case):
        for headers in callers:
            case.call_and_validate(
                headers=headers, excluded_checks=[positive_data_acceptance],
                additional_checks=[accepts_valid_data])
    each()


def test_the_api_keeps_its_document(app, published_card, tokens):
    published_card()
    callers = [{'Authorization': f'Bearer {tokens[name]}'} if name else {}
               for name in ROLES]
    api = schemathesis.openapi.from_wsgi(
        '/api/v1/openapi.json', app,
        config=SchemathesisConfig.from_dict(CONFIG))
    failures = []
    for result in api.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                run(operation, mode, callers)
            except Unsatisfiable:
                pass  # nothing to get wrong: no parameters, no body
            except BaseExceptionGroup as exc:  # every failure listed
                failures.append(f'{operation.label} ({mode}): {exc}')
    assert not failures, '\n\n'.join(failures)
