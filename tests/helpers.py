"""Helpers shared by the tests: small sites written from scratch, and the stages run on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sscbgen.config import load_config
from sscbgen.content.load import load
from sscbgen.plan import plan_pages
from sscbgen.render.pages import render_pages
from sscbgen.render.templates import templates_key
from sscbgen.site import Site, make_site
from sscbgen.workers import Workers

from sitecopy import TODAY, SiteCopy, snapshot


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def small_site(root: Path) -> Path:
    write(root, "config.yaml", "title: News\nboard:\n  name: A Board\n  short_name: AB\ntopics:\n  neglect: Neglect\n")
    for slug, number, day, draft in (("2015-05", 1, "2015-05-01", "false"), ("2015-08", 2, "2015-08-01", "false"), ("2015-11", 3, "2015-11-01", "true")):
        write(root, f"content/issues/{slug}/index.md", f"---\ntitle: News\nnumber: {number}\ndate: {day}\ndraft: {draft}\n---\n")
        write(root, f"content/issues/{slug}/02-second.md", "---\ntitle: Second\n---\nSee [first](01-first.md#start).\n")
        write(root, f"content/issues/{slug}/01-first.md",
              f"---\ntitle: First\ntopics: [neglect]\ntraining:\n  - title: Course {slug}\n    date: {day}\n    start: '13:00'\n"
              f"  - title: Morning {slug}\n    date: {day}\n    start: '09:00'\n---\n## Start\n\n![A chart](images/chart.png)\n")
        (root / f"content/issues/{slug}/images").mkdir()
        (root / f"content/issues/{slug}/images/chart.png").write_bytes(b"\x89PNG fake")
    return root


def built(root: Path, drafts: bool = False, today: dt.date = dt.date(2015, 8, 1)) -> Site:
    """The Site of the site folder ``root``, through the load and site stages."""
    config = load_config(root / "config.yaml", root)
    return make_site(load(root, config.rules), config, today, drafts)


def pages_of(site: Site, root: Path) -> dict[str, bytes]:
    """The site's pages, rendered in this process without a cache."""
    files, errors = render_pages(plan_pages(site, root, templates_key(root / "templates"), {}), Workers())
    assert not errors
    return files


# Each kind of edit a writer or designer makes, in an order that keeps the site valid:
# a build after each must equal a build from nothing (serve's memo, the cache on disk).
ISSUE = "content/issues/2015-05"
NEW_ARTICLE = """---
title: A late addition
topics: [neglect]
training:
  - title: An extra course
    date: 2015-07-01
    places: available
---
See [the reviews](05-case-reviews.md) and [the training](09-learning-and-development.md).
"""

EDITS = [  # (name, edit of a SiteCopy)
    ("a body", lambda s: s.edit(f"{ISSUE}/05-case-reviews.md", "Learning from local serious case reviews", "Learning (edited) from local serious case reviews")),
    ("a title", lambda s: s.edit(f"{ISSUE}/01-introduction.md", "title: ", "title: New, ")),
    ("the editorial", lambda s: s.edit(f"{ISSUE}/index.md", "Welcome to the first issue", "Welcome to issue one")),
    ("a training date", lambda s: s.edit(f"{ISSUE}/09-learning-and-development.md", "date: 2015-06-", "date: 2015-07-")),
    ("a new article", lambda s: s.write(f"{ISSUE}/11-late.md", NEW_ARTICLE)),
    ("a page", lambda s: s.edit("content/pages/about.md", "title: ", "title: All, ")),
    ("a site template", lambda s: s.write("templates/footer.html", "<footer><p>Footer {{ config.title }}</p></footer>\n")),
    ("a topic's label", lambda s: s.edit("config.yaml", "neglect: ", "neglect: Neglect and ")),
    ("a static file", lambda s: s.write("static/files/leaflet.txt", "A leaflet\n")),
    ("a deleted article", lambda s: s.path(f"{ISSUE}/11-late.md").unlink()),
    ("a body back", lambda s: s.edit(f"{ISSUE}/05-case-reviews.md", "Learning (edited) from local serious case reviews", "Learning from local serious case reviews")),
]


# A site of one issue with one article, for the quality gate, CI messages and scheduling.
ARTICLE = "content/issues/2015-05/01-article.md"
CONFIG = """title: News
base_url: https://example.org/
board:
  name: Sandwell Safeguarding Children Board
  short_name: SSCB
print:
  enabled: false
glossary:
  MARAC: Multi-Agency Risk Assessment Conference
"""


def one_article_site(root: Path, body: str, front: str = "", config: str = "") -> Path:
    """A site of one issue with one article, ``front`` added to its front matter."""
    (root / "content/issues/2015-05/images").mkdir(parents=True)
    (root / "content/issues/2015-05/images/plan.png").write_bytes(b"\x89PNG fake")
    (root / "config.yaml").write_text(CONFIG + config)
    (root / "content/issues/2015-05/index.md").write_text("---\ntitle: News\nnumber: 1\ndate: 2015-05-01\n---\n")
    (root / ARTICLE).write_text(f"---\ntitle: An article\n{front}---\n{body}")
    return root
MM = 72 / 25.4   # PDF points in a millimetre


def empty_share(pdf: Path, margin_mm: float = 20) -> list[float]:
    """How much of each page of a printed newsletter is empty, read back from the PDF with
    pdfplumber: the page between its top and bottom margins (the running header and footer
    are outside) is cut into a left and a right half (the two columns); in each half, the
    space below the lowest text box, rule or picture is empty. 0.25: a quarter of the page."""
    import pdfplumber

    shares = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            top, bottom = margin_mm * MM * 0.6, page.height - margin_mm * MM   # the first page's top margin is smaller
            middle = page.width / 2
            boxes = [o for kind in ("chars", "rects", "lines", "images", "curves") for o in getattr(page, kind)
                     if o["top"] >= top and o["bottom"] <= bottom + 1]
            lowest = [max((o["bottom"] for o in boxes if (o["x0"] < middle) == left or (o["x0"] < middle < o["x1"])), default=top)
                      for left in (True, False)]
            shares.append(sum(bottom - low for low in lowest) / (2 * (bottom - top)))
    return shares


def structure(node, depth: int = 0):
    """Every structure element below ``node`` of a tagged PDF (read with pypdf)."""
    node = node.get_object()
    if not isinstance(node, dict):
        return
    if "/S" in node:
        yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if kid is not None and depth < 60 and hasattr(kid, "get_object"):
            yield from structure(kid, depth + 1)


# A writer's mistakes, as changes of a SiteCopy (tests/test_content_errors.py, test_publication_errors.py).
def add(relative: str, text: str | bytes) -> Callable[[SiteCopy], None]:
    return lambda site: site.write(relative, text)


def edit(relative: str, old: str, new: str) -> Callable[[SiteCopy], None]:
    return lambda site: site.edit(relative, old, new)


def append(relative: str, text: str) -> Callable[[SiteCopy], None]:
    return lambda site: site.write(relative, site.path(relative).read_text() + text)


def mistake_is_reported(site: SiteCopy, mutate: Callable[[SiteCopy], None], expected: str) -> None:
    """In ``site`` as a good build left it (the site_after_build fixture), ``mutate``, then a
    build through the CLI: exit 1, an error line that starts with ``expected``, no traceback,
    output/ byte for byte as before and no temporary folder left. (The build skips the PDFs,
    so runs in this process: none of these mistakes is in what only print shows;
    tests/test_pdf.py has those.)"""
    assert (site.root / "output/index.html").is_file() and (site.root / ".sscbgen-cache").is_dir()
    before = snapshot(site.root / "output")
    mutate(site)
    result = site.run("build", "--today", TODAY, "--no-pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line.removeprefix("error: ") for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert any(line.startswith(expected) for line in errors), "\n".join(errors)
    assert "nothing was written; output is as it was." in result.stderr
    assert snapshot(site.root / "output") == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".output.")]


# A picture in the newsletter (the example has none), for the builds compared byte for byte.
PICTURE = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
           b"\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def with_picture(site: SiteCopy) -> SiteCopy:
    site.write("content/issues/2015-05/images/chart.png", PICTURE)
    article = site.path("content/issues/2015-05/03-wider-structure.md")
    article.write_text(article.read_text() + "\n![The Board's structure](images/chart.png)\n")
    return site
