"""The point manager's report pages in a real browser."""
import re

from playwright.sync_api import expect

from tests.browser.harness import axe_check, login, screenshot


def test_monthly_report_for_the_point_manager(page):
    login(page, 'mikkeli-manager')
    page.goto('/reports/monthly?month=2015-03')
    expect(page.locator('h1')).to_have_text('Kuukausiraportti')
    expect(page.locator('main h2').first).to_have_text('maaliskuu 2015')
    expect(page.locator('main')).to_contain_text('Mikkeli')
    charts = page.locator('figure svg[role=img]')
    expect(charts).to_have_count(4)
    chart = charts.first
    expect(chart).to_be_visible()
    assert chart.locator('rect').count() > 1
    rows = page.locator('main table').first.locator('tbody tr')
    assert rows.count() > 0
    # issue 15: the page was 7,400 px long at 1280 px; a summary comes
    # first, the tables are folded until opened
    expect(page.locator('#summary')).to_be_in_viewport()
    height = page.evaluate('document.documentElement.scrollHeight')
    assert height < 3500, height
    page.locator('#monthly-heading + details summary').click()
    expect(page.locator('#monthly-heading + details table')).to_be_visible()
    # a point manager sees only their own point
    expect(page.locator('main')).not_to_contain_text(
        re.compile('parainen', re.I))
    axe_check(page)
    screenshot(page, 'report-monthly')


def test_billing_report_for_the_point_manager(page):
    login(page, 'mikkeli-manager')
    page.goto('/reports/billing?quarter=2015Q1')
    expect(page.locator('h1')).to_contain_text('2015')
    bills = page.locator('section.bill')
    assert bills.count() > 0
    expect(bills.first).to_contain_text('Mikkeli')
    axe_check(page)
    screenshot(page, 'report-billing')
    # issue 17: the month-end packs of their point only
    page.locator('nav a', has_text='Raporttipaketit').click()
    rows = page.locator('#packs tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('maaliskuu 2015')
    expect(rows.first).to_contain_text('Mikkeli')
    with page.expect_download() as download:
        rows.first.locator('a.spreadsheet').click()
    assert download.value.suggested_filename == \
        'monthly-2015-03-point-mikkeli.csv'
    axe_check(page)
