"""An advisor of Parainen and its satellite point Nagu (the demo's
``skargard-advisor``) switches the point of their service events in the
intranet header; the card's ticket form follows it."""
import re

from playwright.sync_api import expect

from tests.browser.harness import (
    PHONE,
    WIDE,
    axe_check,
    header_faults,
    login,
    set_width,
    sideways_overflow,
)

CARD = '/intranet/cards/kela-neuvonta'


def test_the_point_switch_in_the_header(page):
    login(page, 'skargard-advisor', came_from=CARD)
    switch = page.locator('#point-switch')
    expect(switch).to_have_value('parainen')
    expect(page.locator('label[for="point-switch"]')).to_have_text(
        'Min servicepunkt')
    for width in (PHONE, WIDE):
        set_width(page, width)
        assert header_faults(page) == []
        assert sideways_overflow(page) == 0
    axe_check(page)
    switch.select_option('parainen-nauvo')
    with page.expect_navigation():
        page.locator('#point-form button').click()
    expect(page).to_have_url(re.compile(re.escape(CARD) + '$'))
    expect(page.locator('p.message')).to_contain_text(
        'Samservicepunkten i Nagu')
    expect(page.locator('#point-switch')).to_have_value('parainen-nauvo')
    expect(page.locator('#event-point')).to_have_value('parainen-nauvo')
