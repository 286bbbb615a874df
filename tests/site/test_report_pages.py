"""The example report's pages in Chromium: no axe-core violation of any impact, and a
chart that reads without JavaScript on a 320px-wide phone (drawing, description, table)."""
from __future__ import annotations

import pytest

TIMEOUT_MS = 20_000
PAGES = ["/reports/annual-report-2014-15/", "/reports/annual-report-2014-15/audits/", "/reports/annual-report-2014-15/training/"]


@pytest.mark.parametrize("path", PAGES)
def test_report_pages_have_no_axe_violations_at_all(path, browser, site_url, axe_source):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.status == 200
        page.add_script_tag(path=str(axe_source))
        violations = page.evaluate("""async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations']})).violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""")
    finally:
        context.close()
    assert violations == []


def test_a_chart_reads_without_javascript_on_a_phone(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(site_url + "/reports/annual-report-2014-15/training/", wait_until="load")
        figure = page.locator("figure#neglect-sessions")
        drawing = figure.locator("svg")
        box = drawing.bounding_box()
        name = page.evaluate("() => document.querySelector('#neglect-sessions svg title').textContent")
        table = figure.locator("table").inner_text()
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
    finally:
        context.close()
    assert box is not None and 200 < box["width"] <= 320 and box["height"] > 40   # scaled to the phone, still drawn
    assert name == "Neglect training sessions commissioned for May to July 2015, by length"
    assert "Full day\t4" in table and "Half day\t6" in table
    assert scroll <= 321
