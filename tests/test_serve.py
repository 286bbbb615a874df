"""`sscbgen serve` as a writer meets it: a subprocess on a free port, a copy of the example.

Edits appear and send a reload event; bursts make few rebuilds; broken content shows
its errors over the last good page; nothing outside the build is ever served;
Ctrl+C stops it at once; and what it serves after an edit equals a clean build.
"""

from __future__ import annotations

import re
import signal
import time

import pytest

from serving import EventStream, Server
from sitecopy import SiteCopy, snapshot

ARTICLE = "content/issues/2015-05/05-case-reviews.md"
ARTICLE_URL = "/issues/2015-05/case-reviews/"
BODY_TEXT = "Learning from local serious case reviews"   # words of the body (not the front matter)


def generation_of(page: str) -> int:
    found = re.search(r'<script src="/__sscbgen/live.js" data-generation="(\d+)"></script>', page)
    assert found, "the served page has no live-reload script"
    return int(found[1])


@pytest.fixture
def served(site: SiteCopy):
    server = Server(site.root, "--no-pdf")
    server.settle()   # the search index of the first build is made after it
    yield site, server
    server.close()


def test_an_edit_appears_and_a_reload_event_is_sent(served):
    site, server = served
    page = server.get(ARTICLE_URL)
    assert BODY_TEXT in page and "Edited by the test" not in page
    events = EventStream(server, generation_of(page))
    try:
        site.edit(ARTICLE, BODY_TEXT, "Edited by the test: " + BODY_TEXT)
        event, _ = events.next(timeout=20)
        assert event == "reload"
    finally:
        events.close()
    page = server.get(ARTICLE_URL)
    assert "Edited by the test: " + BODY_TEXT in page
    # A body edit changes one page; then, made in the background, the search index.
    state = server.settle()
    assert state["changed"] and all(p.startswith("pagefind/") for p in state["changed"])


def test_the_published_build_has_no_live_reload_script(example_build):
    pages = [p for p in example_build.rglob("*.html")]
    assert pages and not any(b"__sscbgen" in p.read_bytes() for p in pages)


def test_a_burst_of_saves_gives_few_rebuilds_and_the_final_content(served):
    site, server = served
    before = server.status()["builds"]
    path = site.path(ARTICLE)
    original = path.read_text(encoding="utf-8")
    for n in range(50):
        path.write_text(original.replace(BODY_TEXT, f"Save number {n}: {BODY_TEXT}"), encoding="utf-8")
        time.sleep(0.002)
    state = server.wait_until(lambda s: "Save number 49:" in server.get(ARTICLE_URL) and not s["errors"], what="the last save")
    time.sleep(0.5)   # let any rebuild still due run, so it is counted
    builds = server.status()["builds"] - before
    assert 1 <= builds <= 5, f"{builds} rebuilds for 50 saves"
    assert "Save number 48:" not in server.get(ARTICLE_URL)
    assert state["errors"] == []


def test_broken_front_matter_shows_the_errors_over_the_last_good_page_until_fixed(served):
    site, server = served
    site.edit(ARTICLE, "title: ", "title: [unclosed\n")
    state = server.wait_until(lambda s: s["errors"], what="the error")
    assert state["errors"][0].startswith(f"{ARTICLE}:")
    page = server.get(ARTICLE_URL)
    box = re.search(r'<section id="sscbgen-errors" role="alert".*?</section>', page, re.S)
    assert box, "no error box on the page"
    line = re.search(rf"{re.escape(ARTICLE)}:(\d+)", box[0])
    assert line and int(line[1]) >= 2, box[0]
    assert BODY_TEXT in page                    # the last good page is still there, under the box
    assert "sscbgen-errors" in server.get("/")  # on every page
    site.edit(ARTICLE, "title: [unclosed\n", "title: ")
    server.wait_until(lambda s: not s["errors"], what="the fix")
    page = server.get(ARTICLE_URL)
    assert "sscbgen-errors" not in page and BODY_TEXT in page
    assert server.process.poll() is None


TRAVERSALS = [
    "/../config.yaml", "/../../../../etc/passwd", "/%2e%2e/config.yaml", "/%2E%2E/%2E%2E/etc/passwd",
    "/%252e%252e/config.yaml", "/..%2fconfig.yaml", "/..%252fconfig.yaml", "/..\\config.yaml", "/%5c..%5cconfig.yaml",
    "/issues/..%5c..%5cconfig.yaml", "//etc/passwd", "/issues/../../config.yaml", "/issues/%2e%2e/%2e%2e/config.yaml",
    "/./config.yaml", "/config.yaml", "/content/issues/2015-05/index.md", "/static/escape.txt", "/escape.txt",
    "/issues/2015-05/%00index.html", "/%c0%ae%c0%ae/config.yaml", "http://127.0.0.1/../config.yaml", "config.yaml",
    "/templates/masthead.html",
]


def test_no_request_gets_a_file_outside_the_build(site: SiteCopy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET outside the site\n")
    site.path("static").mkdir()
    site.path("static/escape.txt").symlink_to(secret)   # a link out of the site: a build error, never served
    server = Server(site.root, "--no-pdf")
    try:
        assert any("escape.txt" in e for e in server.status()["errors"])
        site.path("static/escape.txt").unlink()
        server.wait_until(lambda s: not s["errors"] and s["files"], what="a good build")
        site.path("static/escape.txt").symlink_to(secret)
        server.wait_until(lambda s: s["errors"], what="the link's error")
        config = site.path("config.yaml").read_text()
        for target in TRAVERSALS:
            status, _, body = server.request(target)
            assert status in (400, 404), (target, status)
            assert b"TOP SECRET" not in body and b"root:x:0" not in body and config.encode() not in body, target
        assert server.request("/", "POST")[0] == 405
        assert server.request("/", "DELETE")[0] == 405
        status, headers, body = server.request("/", "HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    finally:
        server.close()


def test_clean_urls_and_the_404_page(served):
    _, server = served
    status, headers, _ = server.request("/issues")
    assert status == 301 and headers["Location"] == "/issues/"
    status, _, body = server.request("/no-such-page/")
    assert status == 404 and "Page not found" in body.decode()
    assert "<h1" in server.get("/issues/2015-05/")


def test_ctrl_c_stops_at_once_and_cleanly(site: SiteCopy):
    site.build()
    before = snapshot(site.root / "output")
    server = Server(site.root)   # with the PDF worker process, which an edit keeps busy
    site.edit(ARTICLE, BODY_TEXT, "Edited: " + BODY_TEXT)
    server.wait_until(lambda s: s["pdf_pending"], what="a PDF in the making")
    time.sleep(0.5)
    children = server.children()
    code, seconds = server.stop(signal.SIGINT)
    output = "".join(server.output)
    assert code == 0, output
    assert seconds < 1.0, f"took {seconds:.2f} s to stop"
    assert "Traceback" not in output and "Stopped." in output
    assert children, "expected the PDF worker process to be running"
    time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)], "a child process outlived the server"
    assert snapshot(site.root / "output") == before      # serve never writes output/
    assert not list(site.root.glob(".output.*"))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_after_edits_it_serves_exactly_what_a_clean_build_makes(site: SiteCopy, tmp_path):
    """Memoised rebuilds, the PDF made in the background: the same bytes as `build`."""
    site.build("--base-url", "/", pdf=True)   # fills the PDF cache, as a writer's earlier build would
    server = Server(site.root)
    try:
        site.edit(ARTICLE, BODY_TEXT, "Changed in the body: " + BODY_TEXT)
        site.edit("content/issues/2015-05/01-introduction.md", "title: ", "title: Changed title, ")
        site.write("templates/footer.html", "<footer><p>A new footer from the site's templates</p></footer>\n")
        server.wait_until(lambda s: s["pdf_pending"], what="the PDF to be remade")
        assert "being updated" in server.get("/issues/2015-05/")
        assert not server.settle()["errors"]
        time.sleep(0.3)
        served = server.status()
        out = tmp_path / "clean"
        site.build("--base-url", "/", "--out", str(out), pdf=True)
        clean = snapshot(out)
        clean.pop(".sscbgen-build")
        assert served["files"] == len(clean)
        for path, data in clean.items():
            url = "/" + path.removesuffix("index.html")
            status, _, body = server.request(url)
            assert status == 200, url
            if path.endswith(".html"):
                body = re.sub(rb'<script src="/__sscbgen/live.js" data-generation="\d+"></script>\n', b"", body)
            assert body == data, f"{path} differs from a clean build"
        assert b"A new footer from the site" in clean["index.html"]
    finally:
        server.close()
