"""Shared helpers of the intranet tests."""
from tests.conftest import card_body


def housing_card(card_id='kela-asumistuki', **changes):
    """A Kela card about general housing allowance (fi, sv)."""
    body = card_body(card_id, 'kela', **changes)
    body['content']['fi'].update(
        title='Yleinen asumistuki',
        summary='Asumistuki pienituloisille asumismenoihin.',
        advisor_instructions='Tarkista **vuokrasopimus** ennen lähettämistä.',
        keywords=['asumistuki'])
    body['content']['sv'].update(title='Allmänt bostadsbidrag')
    body['links'] = [{'url': 'https://www.kela.fi/asumistuki',
                      'label': {'fi': 'Hae asumistukea', 'sv': 'Ansök'}},
                     {'url': 'https://www.kela.fi/lomakkeet'}]
    body['channels'] = ['counter', 'electronic']
    return body
