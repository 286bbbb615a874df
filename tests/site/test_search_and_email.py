"""The search page and the email edition in Debian's Chromium (Playwright): a search a
reader makes with the keyboard, the page without JavaScript and at 320 px, and axe-core
with no violation of any impact on both pages (the per-page test blocks serious ones)."""
from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from test_browser import AXE_TAGS, TIMEOUT_MS, _format_violations

from sitecopy import SiteCopy

EMAIL = "/issues/2015-05/email.html"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert not errors, errors


def search_for(page, site_url: str, words: str) -> list[str]:
    """Type the words in the labelled box, press Enter, and read the results' addresses."""
    page.goto(site_url + "/search/", wait_until="load")
    page.get_by_label("Search the newsletter").fill(words)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    page.wait_for_function("document.getElementById('search-status').textContent.includes('result')")
    return page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")


def test_searching_neglect_finds_the_training_and_the_review_lessons(page, site_url):
    found = search_for(page, site_url, "neglect")
    assert "/issues/2015-05/learning-and-development/" in found  # the Neglect courses
    assert "/training/" in found  # and the calendar that lists them
    assert "/issues/2015-05/case-reviews/" in found  # "Develop a neglect training programme ..."
    status = page.get_by_role("status")
    assert re.fullmatch(r"\d+ results for “neglect”\.", status.inner_text())
    assert page.title().startswith(f"{len(found)} results for “neglect”")
    marked = page.eval_on_selector_all("#search-results mark", "marks => marks.map(m => m.textContent.toLowerCase())")
    assert marked and all("neglect" in word for word in marked)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def test_under_a_path_base_url_every_shard_links_to_the_site_addresses(page, tmp_path):
    """Built for /preview/ and served there: the results of both shards (site, 2012-2015) keep the path."""
    SiteCopy(tmp_path / "site").build("--base-url", "/preview/", "--out", str(tmp_path / "root" / "preview"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path / "root")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        found = search_for(page, f"http://127.0.0.1:{server.server_address[1]}/preview", "neglect")
    finally:
        server.shutdown()
        server.server_close()
    assert {"/preview/training/", "/preview/issues/2015-05/case-reviews/"} <= set(found)
    assert all(link.startswith("/preview/") for link in found), found


def test_a_search_with_no_results_says_so(page, site_url):
    page.goto(site_url + "/search/?q=zzyzxqqq", wait_until="load")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('No results')")
    assert page.locator("#search-results li").count() == 0


def test_results_are_reached_and_followed_with_the_keyboard(page, site_url):
    found = search_for(page, site_url, "neglect")
    page.get_by_label("Search the newsletter").focus()
    for _ in range(3):  # the button, then the first result
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('#search-results') ? document.activeElement.getAttribute('href') : null")
        if focused:
            break
    assert focused == found[0], "Tab from the search box does not reach the first result"
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + found[0])
    assert page.locator("h1").inner_text()


def test_without_javascript_the_page_says_so_and_offers_the_archive(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/search/?q=neglect", wait_until="load")
        note = page.locator("#search-note")
        assert note.is_visible() and "Search needs JavaScript" in note.inner_text()
        links = note.evaluate("p => [...p.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert {"/issues/", "/topics/", "/training/"} <= set(links)
        assert not page.get_by_label("Search the newsletter").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/search/?q=neglect", EMAIL])
def test_readable_at_320px(browser, site_url, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        if "?q=" in path:
            page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= 321
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/search/?q=neglect", EMAIL])
def test_no_accessibility_violation_at_all(page, site_url, axe_source, path):
    page.goto(site_url + path, wait_until="networkidle")
    if "?q=" in path:
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert not result["violations"], _format_violations(path, result["violations"])
    assert result["passes"], "axe checked nothing"
