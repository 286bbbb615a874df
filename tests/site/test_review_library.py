"""The case-review library in Chromium with JavaScript turned off: each filter is a link to a
page of its own, in a labelled navigation, and shows exactly the reviews it should."""
from __future__ import annotations

from example_reviews import FILTERS

TIMEOUT_MS = 20_000


def test_every_filter_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    seen = {}
    try:
        page.goto(site_url + "/reviews/", wait_until="load")
        filters = page.get_by_role("navigation", name="Filter the case reviews")
        names = filters.get_by_role("link").all_inner_texts()
        assert sorted(names) == sorted(current for current, _ in FILTERS.values())
        for name in names:
            page.goto(site_url + "/reviews/", wait_until="load")
            filters.get_by_role("link", name=name, exact=True).click()
            page.wait_for_load_state("load")
            path = page.url.removeprefix(site_url + "/")
            chosen = filters.locator('a[aria-current="page"]').all_inner_texts()
            cards = [h for h in page.locator("main .card.review h3").all() if h.is_visible()]
            seen[path] = (chosen, [h.inner_text() for h in cards])
    finally:
        context.close()
    assert seen == {path: ([current], reviews) for path, (current, reviews) in FILTERS.items()}
