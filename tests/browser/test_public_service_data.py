"""A public service page with its JSON-LD: the data block is not a
script the CSP blocks, and the page stays accessible."""
import json

from tests.browser.harness import axe_check


def test_service_page_json_ld_passes_the_csp(page):
    page.goto('/services/poliisi-ajokorttihakemus')
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = json.loads(blocks.first.text_content())
    assert data['@type'] == 'GovernmentService'
    assert data['provider']['@type'] == 'GovernmentOrganization'
    axe_check(page)
