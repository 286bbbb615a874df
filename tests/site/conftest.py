"""Fixtures for the tests of the BUILT example site.

The site in this repository (config.yaml, content/, templates/) is built once per
test session through the public command line (`python -m sscbgen build`) into a
temporary folder, served over HTTP on 127.0.0.1, and checked with the Nu Html
Checker (vnu.jar, from tests/node_modules) and with Debian's Chromium driven by
Playwright, with axe-core injected.

Nothing here is skipped: when a tool is missing the tests fail and say how to
install it (`bash .ci/setup`).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitecopy import example_with_pdfs

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
NODE_MODULES = TESTS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUILD_DATE = "2015-05-01"
SETUP_HINT = "run `bash .ci/setup` from the repository root to install it"


# --------------------------------------------------------------------------
# The build (once per session, lazily: also used at collection time to list
# the pages the per-page tests are parametrized over).
# --------------------------------------------------------------------------
class _Build:
    def __init__(self) -> None:
        self.path: Path | None = None
        self.error: str | None = None
        self.error_reported = False


_BUILD = _Build()


def site_build() -> _Build:
    """The example built with its PDFs by `python -m sscbgen build --today 2015-05-01` in a
    copy of the site in a temporary folder: the one build of the session that the tests of
    the PDFs read too (tests/sitecopy.py)."""
    if _BUILD.path is not None or _BUILD.error is not None:
        return _BUILD
    copy, proc = example_with_pdfs()
    out = copy.path("output")
    command = " ".join(proc.args)
    if proc.returncode != 0:
        _BUILD.error = (
            f"`{command}` (in {copy.root}) exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    elif not (out / "index.html").is_file():
        _BUILD.error = f"the build exited 0 but wrote no {out / 'index.html'}\n{proc.stdout}{proc.stderr}"
    else:
        _BUILD.path = out
    return _BUILD


def page_url_for(site: Path, html_file: Path) -> str:
    """The clean URL a built .html file is served at: a/b/index.html -> /a/b/."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def site_pages(site: Path) -> list[str]:
    return [page_url_for(site, f) for f in html_files(site)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_url" in metafunc.fixturenames:
        build = site_build()
        urls = site_pages(build.path) if build.path else ["<build failed>"]
        metafunc.parametrize("page_url", urls, ids=urls)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"site tests: build date {BUILD_DATE}, chromium {CHROMIUM}, vnu {VNU_JAR.relative_to(REPO)}"]


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The example site built with `sscbgen build --today 2015-05-01` (its output/ folder)."""
    build = site_build()
    if build.error:
        if _BUILD.error_reported:
            pytest.fail("building the example site failed (output in the first error above)",
                        pytrace=False)
        _BUILD.error_reported = True
        pytest.fail("building the example site failed:\n" + build.error, pytrace=False)
    assert build.path is not None
    assert (build.path / "404.html").is_file(), "the build has no /404.html"
    return build.path


# --------------------------------------------------------------------------
# HTTP server: clean URLs, and /404.html (status 404) for missing paths.
# --------------------------------------------------------------------------
class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".svg": "image/svg+xml",
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml",
        ".atom": "application/atom+xml",
        ".pdf": "application/pdf",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (no trailing slash) of the built site served on 127.0.0.1."""
    handler = functools.partial(_SiteHandler, directory=str(built_site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM} (Debian package `chromium`): {SETUP_HINT}",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"Playwright for Python is not installed ({exc}): {SETUP_HINT}", pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core not found at {AXE_JS}: {SETUP_HINT}", pytrace=False)
    return AXE_JS


# --------------------------------------------------------------------------
# Every page of the site loaded once in Chromium, with axe-core run on it
# (test_browser.py; test_publications_browser.py reads the same results).
# --------------------------------------------------------------------------
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 20_000


class PageReport:
    def __init__(self, url: str) -> None:
        self.url = url
        self.full_url = url
        self.status: int | None = None
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.axe_violations: list[dict] = []
        self.error: Exception | None = None   # the page could not be loaded or checked


BATCH = 6   # pages loaded side by side, each in its own browser context


@pytest.fixture(scope="session")
def page_reports(browser, site_url, axe_source, site_page_urls):
    """Loads each page once (on first demand) and keeps what was seen. The page asked for is
    loaded with the next pages of the site not yet seen, side by side, each in its own
    browser context with its own listeners: their waits for the network to fall idle, and
    their axe-core runs, overlap rather than follow one another."""
    cache: dict[str, PageReport] = {}

    def load(paths: list[str]) -> None:
        opened = []
        try:
            for path in paths:
                rep = PageReport(path)
                context = browser.new_context()
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                opened.append((rep, context, page))

                def on_console(msg, rep=rep):
                    if msg.type == "error":
                        loc = msg.location or {}
                        where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
                        rep.console_errors.append(f"console error: {msg.text}{where}")

                page.on("console", on_console)
                page.on("pageerror", lambda exc, rep=rep: rep.console_errors.append(f"uncaught exception: {exc}"))
                page.on("requestfailed",
                        lambda req, rep=rep: rep.failed_requests.append(
                            f"request failed: {req.method} {req.url} ({req.failure})"))
                page.on("response",
                        lambda res, rep=rep: rep.failed_requests.append(f"HTTP {res.status}: {res.url}")
                        if res.status >= 400 else None)
                rep.full_url = site_url + path
                try:
                    response = page.goto(rep.full_url, wait_until="commit")   # the page goes on loading
                    rep.status = response.status if response else None
                except Exception as exc:   # this page's test reports it, not the one that asked first
                    rep.error = exc
            for rep, _, page in opened:
                if rep.error is None:
                    try:
                        page.wait_for_load_state("load")
                        page.wait_for_load_state("networkidle")
                        page.add_script_tag(path=str(axe_source))
                        page.evaluate(   # started here, awaited below
                            """(tags) => { window.__axeRun = axe.run(document, {
                                   runOnly: {type: 'tag', values: tags},
                                   resultTypes: ['violations'],
                               }); }""",
                            AXE_TAGS,
                        )
                    except Exception as exc:
                        rep.error = exc
            for rep, _, page in opened:
                if rep.error is None:
                    try:
                        rep.axe_violations = page.evaluate("async () => await window.__axeRun")["violations"]
                    except Exception as exc:
                        rep.error = exc
        finally:
            for _, context, _ in opened:
                context.close()
        for rep, _, _ in opened:
            cache[rep.url] = rep

    def report(path: str) -> PageReport:
        if path not in cache:
            later = [p for p in site_page_urls if p != path and p not in cache]
            load([path, *later[:BATCH - 1]])
        if cache[path].error is not None:
            raise cache[path].error
        return cache[path]

    return report


# --------------------------------------------------------------------------
# The content, read directly (not through sscbgen) for expectations.
# --------------------------------------------------------------------------
_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$")


def read_front_matter(path: Path) -> dict[str, str]:
    """Top-level scalar keys of a Markdown file's front matter (enough for
    title, date, period, draft); values unquoted, as strings."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip() == "---":
            break
        m = _FM_LINE.match(line)
        if m:
            value = m.group(2)
            value = re.sub(r"\s+#.*$", "", value) if not value.startswith(("'", '"')) else value
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            out[m.group(1)] = value
    return out


def latest_issue() -> tuple[str, dict[str, str]]:
    """(slug, front matter) of the newest published (non-draft) issue in content/issues/."""
    issues = []
    for index in (REPO / "content" / "issues").glob("*/index.md"):
        fm = read_front_matter(index)
        if fm.get("draft", "false").lower() in ("true", "yes", "on"):
            continue
        issues.append((fm.get("date", ""), index.parent.name, fm))
    if not issues:
        pytest.fail(f"no published issue found in {REPO / 'content' / 'issues'}", pytrace=False)
    date, slug, fm = max(issues, key=lambda t: (t[0], t[1]))
    return slug, fm


# --------------------------------------------------------------------------
# Nu Html Checker
# --------------------------------------------------------------------------
def _java() -> str:
    java = shutil.which("java")
    if not java:
        pytest.fail(f"`java` is not on PATH (Debian package default-jre-headless): {SETUP_HINT}",
                    pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"the Nu Html Checker is missing: {VNU_JAR}: {SETUP_HINT}", pytrace=False)
    return java


def run_vnu(site: Path, files: list[Path], *extra: str) -> list[str]:
    """Runs vnu.jar once over `files`; returns its errors as 'file:line:col: message' lines."""
    cmd = [_java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *extra,
           *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    # vnu writes its report to stderr; exit 1 when it found errors.
    raw = proc.stderr.strip() or proc.stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar did not print a JSON report (exit {proc.returncode}):\n"
                    f"{proc.stdout}\n{proc.stderr}", pytrace=False)
    problems = []
    for m in report.get("messages", []):
        if m.get("type") not in ("error", "non-document-error", "fatal"):
            continue
        where = m.get("url", "?")
        if where.startswith("file:"):
            path = Path(unquote(urlparse(where).path))
            try:
                where = "/" + path.relative_to(site).as_posix()
            except ValueError:
                where = str(path)
        line = m.get("lastLine", m.get("firstLine", "?"))
        col = m.get("firstColumn", m.get("lastColumn", "?"))
        extract = (m.get("extract") or "").replace("\n", "⏎").strip()
        text = f"{where}:{line}:{col}: {m.get('message', '').strip()}"
        if extract:
            text += f"\n        near: {extract[:160]}"
        problems.append(text)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not problems):
        pytest.fail(f"vnu.jar failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    return problems


@pytest.fixture(scope="session")
def vnu():
    """run(site, files, *extra_args) -> list of 'url:line:col: message' errors."""
    _java()
    return run_vnu


@pytest.fixture(scope="session")
def site_html_files(built_site: Path) -> list[Path]:
    files = html_files(built_site)
    assert files, f"the build at {built_site} has no .html files"
    return files


@pytest.fixture(scope="session")
def site_html_problems(built_site: Path, site_html_files: list[Path], vnu) -> list[str]:
    """The Nu Html Checker's errors over every page of the build, from one run of it
    ('/path/in/the/build:line:col: message'); test_html_valid.py and
    test_publications_browser.py read them."""
    return vnu(built_site, site_html_files)


@pytest.fixture(scope="session")
def site_page_urls(built_site: Path) -> list[str]:
    return site_pages(built_site)


@pytest.fixture(scope="session")
def newest_issue() -> tuple[str, dict[str, str]]:
    return latest_issue()
