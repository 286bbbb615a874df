"""The briefings', catalogue's and publications' pages in real tools: the Nu Html Checker
and axe-core in Chromium on every one of them; the briefing's seven parts as a list a
screen reader announces; the briefings library's filters without JavaScript; and no
sideways scrolling at 320 px."""
from __future__ import annotations

from pathlib import Path

import pytest

TIMEOUT_MS = 20_000


def publication_pages(site: Path) -> list[Path]:
    folders = [site / "publications", site / "briefings", site / "catalogues"]
    pages = sorted(p for folder in folders for p in folder.rglob("index.html"))
    return pages + [site / "index.html", site / "topics/neglect/index.html", site / "training/index.html"]


def test_the_new_pages_are_valid_html(built_site: Path, site_html_problems):
    """The Nu Html Checker's errors on these pages, from its run over every page."""
    pages = publication_pages(built_site)
    assert len(pages) == 1 + 4 + 2 + 8 + 3   # publications, the library (all, 2 topics, 1 year), 2 briefings, the catalogue and its 7 courses; 3 that show them
    where = tuple("/" + page.relative_to(built_site).as_posix() + ":" for page in pages)
    problems = [problem for problem in site_html_problems if problem.startswith(where)]
    assert not problems, "\n".join(problems)


def test_the_new_pages_have_no_accessibility_violations(built_site: Path, page_reports):
    """No axe-core violation of any impact (the per-page test of test_browser.py, which
    loads every page once and keeps axe-core's results, blocks serious ones)."""
    found = {}
    for file in publication_pages(built_site):
        path = "/" + file.relative_to(built_site).as_posix().removesuffix("index.html")
        found[path] = [f"{v['id']} ({v['impact']}): {v['help']}" for v in page_reports(path).axe_violations]
    assert len(found) == 18
    assert {path: v for path, v in found.items() if v} == {}


def test_a_briefing_is_a_list_of_seven_parts_to_assistive_technology(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site_url + "/briefings/hidden-men/", wait_until="load")
        parts = page.get_by_role("list", name="The seven parts of this briefing")
        items = parts.get_by_role("listitem").filter(has=page.get_by_role("heading", level=2))
        assert items.count() == 7
        headings = [items.nth(i).get_by_role("heading", level=2).inner_text() for i in range(7)]
        snapshot = parts.aria_snapshot()
    finally:
        context.close()
    assert [h.split()[0].rstrip(".") for h in headings] == [str(n) for n in range(1, 8)]
    assert headings[0].endswith("Background") and headings[6].endswith("Questions for reflection")
    assert snapshot.startswith('- list "The seven parts of this briefing"'), snapshot


def test_the_briefing_filters_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    seen = {}
    try:
        page = context.new_page()
        page.goto(site_url + "/briefings/", wait_until="load")
        filters = page.get_by_role("navigation", name="Filter the briefings")
        names = filters.get_by_role("link").all_inner_texts()
        for name in names:
            page.goto(site_url + "/briefings/", wait_until="load")
            filters.get_by_role("link", name=name, exact=True).click()
            page.wait_for_load_state("load")
            chosen = filters.locator('a[aria-current="page"]').all_inner_texts()
            titles = page.locator("main section .article-list li > a").all_inner_texts()
            seen[page.url.removeprefix(site_url)] = (chosen, sorted(set(titles)))
    finally:
        context.close()
    both = ["Hidden men", "Lessons from our serious case review on neglect"]
    assert seen == {
        "/briefings/": (["All briefings (2 briefings)"], both),
        "/briefings/topic/case-reviews/": (["Case reviews (2 briefings)"], both),
        "/briefings/topic/neglect/": (["Neglect (1 briefing)"], ["Lessons from our serious case review on neglect"]),
        "/briefings/year/2015/": (["2015 (2 briefings)"], both),
    }


@pytest.mark.parametrize("path", ["/briefings/hidden-men/", "/briefings/", "/catalogues/2015-16/",
                                  "/catalogues/2015-16/neglect-half-day/", "/publications/"])
def test_readable_at_320px_without_horizontal_scroll(path, browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        width = page.evaluate("() => document.documentElement.scrollWidth")
    finally:
        context.close()
    assert width <= 321, f"{path} at 320px wide scrolls sideways: scrollWidth {width}px"
