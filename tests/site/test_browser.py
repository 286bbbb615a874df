"""The built site in a real browser: Debian's Chromium driven by Playwright.

Every page loads with no console error, no failed request and no axe-core
violation of impact serious or critical (WCAG 2.0/2.1/2.2 A and AA rules);
plus keyboard, reflow (320 px) and no-JavaScript checks.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import AXE_TAGS, TIMEOUT_MS

BLOCKING_IMPACTS = ("serious", "critical")


def test_page_loads_without_errors(page_url, page_reports):
    rep = page_reports(page_url)
    problems = []
    if rep.status != 200:
        problems.append(f"the page itself answered HTTP {rep.status}, expected 200")
    # the page's own non-200 answer is reported just above, once
    failed = [r for r in rep.failed_requests if rep.status == 200 or r.split()[-1] != rep.full_url]
    failed_urls = {r.split()[-1] for r in failed if r.startswith("HTTP ")}
    for err in rep.console_errors:
        url = err.rsplit("(", 1)[-1].rstrip(")").rsplit(":", 1)[0]
        if "Failed to load resource" in err and (url in failed_urls or url.endswith("/favicon.ico")):
            continue  # reported once below as a failed request / by test_browser_finds_a_favicon
        problems.append(err)
    problems += failed
    if problems:
        pytest.fail(f"{page_url}: {len(problems)} problem(s) while loading:\n  " + "\n  ".join(problems),
                    pytrace=False)


def test_browser_finds_a_favicon(browser, site_url):
    """Browsers ask for /favicon.ico unless a page names its icon; a missing one is
    a console error on every site visit (checked once here, not per page)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(site_url + "/", wait_until="load")
        icons = page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        urls = icons or [site_url + "/favicon.ico"]
        statuses = {u: context.request.get(u).status for u in urls}
    finally:
        context.close()
    bad = {u: s for u, s in statuses.items() if s != 200}
    if bad:
        pytest.fail(
            "the browser's icon request fails (" + ", ".join(f"HTTP {s}: {u}" for u, s in bad.items())
            + "): every visit logs this console error; put a favicon.ico in static/ "
            "or add <link rel=\"icon\" href=...> to the pages", pytrace=False)


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}  {node.get('html', '')[:120]}")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v.get("nodes", [])) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def test_page_has_no_serious_accessibility_violations(page_url, page_reports):
    rep = page_reports(page_url)
    blocking = [v for v in rep.axe_violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(
            f"axe-core ({', '.join(AXE_TAGS)}) found {len(blocking)} serious/critical violation(s) "
            f"on {page_url}:\n" + _format_violations(page_url, blocking), pytrace=False)


def test_missing_page_is_the_404_page(browser, site_url, built_site: Path):
    """A missing path deep in the site gets /404.html with status 404, and that
    page's own styles and pictures load from there (root-relative links)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    bad = []
    page.on("requestfailed", lambda req: bad.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda res: bad.append(f"HTTP {res.status}: {res.url}")
            if res.status >= 400 and "/no-such-page/" not in res.url else None)
    try:
        response = page.goto(site_url + "/issues/no-such-page/deeper/", wait_until="networkidle")
        assert response is not None and response.status == 404
        title = page.title()
        css_count = page.evaluate("document.styleSheets.length")
    finally:
        context.close()
    assert not bad, "the 404 page served at a missing path has broken requests:\n  " + "\n  ".join(bad)
    assert title, "the 404 page has no <title>"
    assert css_count >= 1, "the 404 page loaded no stylesheet"


# --------------------------------------------------------------------------
# Keyboard, reflow and no-JavaScript checks
# --------------------------------------------------------------------------
def test_first_tab_focuses_visible_skip_link(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(site_url + "/", wait_until="load")
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const r = el.getBoundingClientRect();
                const s = getComputedStyle(el);
                const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
                const hit = document.elementFromPoint(cx, cy);
                const href = el.getAttribute('href') || '';
                const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
                return {
                    tag: el.tagName.toLowerCase(), text: (el.innerText || el.textContent || '').trim(),
                    html: el.outerHTML.slice(0, 200), href,
                    x: r.left, y: r.top, w: r.width, h: r.height,
                    vw: innerWidth, vh: innerHeight,
                    visibility: s.visibility, opacity: parseFloat(s.opacity),
                    clip: s.clip, clipPath: s.clipPath,
                    onTop: !!hit && (hit === el || el.contains(hit)),
                    targetExists: !!target,
                };
            }"""
        )
    finally:
        context.close()
    assert info is not None, "pressing Tab on the home page focused nothing"
    assert "skip to" in info["text"].lower(), (
        f"the first Tab stop on the home page is not the skip link: <{info['tag']}> "
        f"with text {info['text']!r}: {info['html']}")
    where = f"skip link {info['html']} at x={info['x']:.0f} y={info['y']:.0f} {info['w']:.0f}x{info['h']:.0f}"
    assert info["w"] >= 8 and info["h"] >= 8, f"the focused {where} is (almost) zero-sized"
    assert info["x"] >= 0 and info["y"] >= 0 and info["x"] + info["w"] <= info["vw"] + 1 \
        and info["y"] + info["h"] <= info["vh"] + 1, f"the focused {where} is outside the viewport"
    assert info["visibility"] == "visible" and info["opacity"] > 0, f"the focused {where} is invisible"
    assert info["clipPath"] in ("none", "", None), f"the focused {where} is clipped: {info['clipPath']}"
    assert info["onTop"], f"the focused {where} is covered by another element"
    assert info["targetExists"], f"the skip link's target {info['href']!r} is not on the page"


def _first_article_url(urls: list[str]) -> str:
    articles = [u for u in urls if re.fullmatch(r"/issues/[^/]+/[^/]+/", u)]
    assert articles, "the build has no article page (/issues/<slug>/<article>/)"
    return articles[0]


@pytest.mark.parametrize("which", ["home", "article", "/reviews/", "/topics/neglect/"])
def test_readable_at_320px_without_horizontal_scroll(which, browser, site_url, site_page_urls):
    path = {"home": "/", "article": _first_article_url(site_page_urls)}.get(which, which)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(site_url + path, wait_until="networkidle")
        result = page.evaluate(
            """() => {
                const sw = document.documentElement.scrollWidth;
                const wide = [];
                for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > innerWidth + 1 && r.width > 0) {
                        const id = el.id ? '#' + el.id : '';
                        const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                        wide.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)}px)`);
                    }
                }
                return {sw, wide: wide.slice(0, 15)};
            }"""
        )
    finally:
        context.close()
    if result["sw"] > 321:
        pytest.fail(
            f"{path} at 320px wide scrolls sideways: scrollWidth {result['sw']}px. "
            f"Elements past the right edge:\n  " + "\n  ".join(result["wide"]), pytrace=False)


def test_home_page_shows_issue_title_without_javascript(browser, site_url, newest_issue):
    slug, fm = newest_issue
    title = fm.get("title", "")
    assert title, f"content/issues/{slug}/index.md has no title"
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        response = page.goto(site_url + "/", wait_until="load")
        assert response is not None and response.status == 200
        text = page.inner_text("body")
        main_text = page.inner_text("main") if page.locator("main").count() else text
        headings = [h.inner_text() for h in page.locator("main h1, main h2").all() if h.is_visible()]
    finally:
        context.close()
    norm = lambda s: " ".join(s.split()).casefold()  # noqa: E731
    assert norm(title) in norm(main_text), (
        f"with JavaScript off, the home page's main content does not show the issue title {title!r} "
        f"(content/issues/{slug}/index.md)")
    assert any(norm(title) in norm(h) for h in headings), (
        f"with JavaScript off, no visible h1/h2 in the home page's <main> holds the issue title "
        f"{title!r}; headings seen: {headings[:8]}")
    period = fm.get("period")
    if period:
        assert norm(period) in norm(main_text), (
            f"with JavaScript off, the home page does not show the issue's period {period!r}")
