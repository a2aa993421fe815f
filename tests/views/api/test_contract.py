"""The contract check that wraps every test's app (:mod:`tests.contract`)
refuses answers the OpenAPI document does not promise."""
import json

import pytest

from kb.views.api.openapi import document
from tests.contract import Contract, ContractViolation

ERROR = json.dumps({'error': 'not_found', 'message': 'x',
                    'details': None}).encode()
JSON = {'content-type': 'application/json'}


@pytest.fixture(scope='module')
def contract():
    return Contract(document())


def test_a_create_answering_200_breaks_the_contract(contract):
    body = json.dumps({'id': 'x', 'provider': 'kela', 'version': 1,
                       'languages': {}, 'content': {}}).encode()
    contract.check('POST', '/api/v1/cards', 201, JSON, body)
    with pytest.raises(ContractViolation, match='undocumented status'):
        contract.check('POST', '/api/v1/cards', 200, JSON, body)


def test_a_body_off_its_schema_breaks_the_contract(contract):
    with pytest.raises(ContractViolation, match="'items' is a required"):
        contract.check('GET', '/api/v1/users', 200, JSON, b'{}')
    with pytest.raises(ContractViolation, match='content type'):
        contract.check('GET', '/api/v1/users', 200,
                       {'content-type': 'text/html'}, b'<p>')


def test_an_undeclared_method_must_answer_405_with_allow(contract):
    allow = dict(JSON, allow='GET, HEAD, PUT')
    contract.check('DELETE', '/api/v1/synonyms', 405, allow, ERROR)
    with pytest.raises(ContractViolation, match='expected'):
        contract.check('DELETE', '/api/v1/synonyms', 404, allow, ERROR)
    with pytest.raises(ContractViolation, match='Allow'):
        contract.check('DELETE', '/api/v1/synonyms', 405, JSON, ERROR)
    contract.check('GET', '/api/v1/nowhere', 404, JSON, ERROR)
