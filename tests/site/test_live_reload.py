"""Live preview in a real browser: a page left open follows the writer's saves by itself."""

from __future__ import annotations

from serving import Server
from sitecopy import SiteCopy

ARTICLE = "content/issues/2015-05/05-case-reviews.md"


def test_an_open_page_shows_each_save_without_any_action(browser, tmp_path):
    site = SiteCopy(tmp_path / "site")
    server = Server(site.root, "--no-pdf")
    server.settle()
    page = browser.new_page()
    try:
        page.goto(server.url + "issues/2015-05/case-reviews/")
        heading = page.locator("h1")
        title = heading.inner_text()
        site.edit(ARTICLE, f"title: {title}", f"title: {title} (updated by the test)")
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('(updated by the test)')", timeout=15000)

        site.edit(ARTICLE, "title: ", "title: [unclosed\n")   # broken: the errors appear over the page
        box = page.locator("#sscbgen-errors")
        box.wait_for(timeout=15000)
        assert ARTICLE in box.inner_text()
        assert "(updated by the test)" in heading.inner_text()   # the last good page, still there

        site.edit(ARTICLE, "title: [unclosed\n", "title: ")       # fixed: the box goes
        box.wait_for(state="detached", timeout=15000)
        assert "(updated by the test)" in heading.inner_text()
    finally:
        page.close()
        server.close()
