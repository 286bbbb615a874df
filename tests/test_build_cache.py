"""Builds that reuse .sscbgen-cache/: after each kind of edit, the output equals a build
from nothing (``--no-cache``) byte for byte, and only what the edit touched is rendered."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitecopy import REPO, TODAY, SiteCopy, snapshot

PRINT_CSS = REPO / "sscbgen/theme/templates/print/newsletter.css"
COPIED = {"a static file"}
PRINTED = {"a body", "a print template"}   # the PDF is made (in its own process: 2 s a build) after these only

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

EDITS = [
    ("a body", lambda s: s.edit(f"{ISSUE}/05-case-reviews.md", "Learning from local serious case reviews", "Learning (edited) from local serious case reviews")),
    ("a title", lambda s: s.edit(f"{ISSUE}/01-introduction.md", "title: ", "title: New, ")),
    ("the editorial", lambda s: s.edit(f"{ISSUE}/index.md", "Welcome to the first issue", "Welcome to issue one")),
    ("a training date", lambda s: s.edit(f"{ISSUE}/09-learning-and-development.md", "date: 2015-06-", "date: 2015-07-")),
    ("a new article", lambda s: s.write(f"{ISSUE}/11-late.md", NEW_ARTICLE)),
    ("a page", lambda s: s.edit("content/pages/about.md", "title: ", "title: All, ")),
    ("a site template", lambda s: s.write("templates/footer.html", "<footer><p>Footer {{ config.title }}</p></footer>\n")),
    ("a print template", lambda s: s.write("templates/print/newsletter.css", PRINT_CSS.read_text() + "\nh2 { letter-spacing: 0.01em; }\n")),
    ("a topic's label", lambda s: s.edit("config.yaml", "neglect: ", "neglect: Neglect and ")),
    ("the board's name", lambda s: s.edit("config.yaml", "name: Sandwell", "name: The Sandwell")),
    ("a static file", lambda s: s.write("static/files/leaflet.txt", "A leaflet\n")),
    ("a deleted article", lambda s: s.path(f"{ISSUE}/11-late.md").unlink()),
    ("a body back", lambda s: s.edit(f"{ISSUE}/05-case-reviews.md", "Learning (edited) from local serious case reviews", "Learning from local serious case reviews")),
]


def rendered(stdout: str) -> tuple[int, int]:
    """(jobs rendered, jobs in all) from the build's summary; all of them when it says nothing."""
    found = re.search(r"^Rendered ([\d,]+) of ([\d,]+) texts", stdout, re.M)
    return (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) if found else (-1, -1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    copy = SiteCopy(tmp_path_factory.mktemp("cached") / "site")
    copy.build(pdf=True)
    return copy


def test_a_build_with_nothing_changed_renders_nothing(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    result = site.build(pdf=True)
    done, total = rendered(result.stdout)
    assert done == 0 and total > 100, result.stdout
    assert "(unchanged, from the cache)" in result.stdout
    assert snapshot(site.root / "output") == before


@pytest.mark.parametrize("name, edit", EDITS, ids=[name for name, _ in EDITS])
def test_a_cached_build_after_an_edit_equals_a_clean_build(site: SiteCopy, name: str, edit, tmp_path: Path) -> None:
    edit(site)
    pdf = name in PRINTED
    cached = site.build(pdf=pdf)
    clean = site.run("build", "--today", TODAY, "--no-cache", "--out", str(tmp_path / "clean"), *(() if pdf else ("--no-pdf",)))
    assert clean.returncode == 0, clean.stderr
    assert "Rendered" not in clean.stdout   # a clean build renders every job
    assert snapshot(site.root / "output") == snapshot(tmp_path / "clean")
    done, total = rendered(cached.stdout)
    assert done < total, cached.stdout
    assert (done == 0) == (name in COPIED), cached.stdout   # a static file is copied: nothing to render


def test_a_body_edit_renders_its_text_and_its_page_only(site: SiteCopy) -> None:
    site.build()   # the same options before and after the edit (no PDF to link)
    site.edit(f"{ISSUE}/08-health-forum.md", "In recent months the Forum has", "In recent months the Forum (edited) has")
    # its file read again (front matter split and checked), its text, its page, and the
    # issue's email edition, which shows the text too
    assert rendered(site.build().stdout)[0] == 4


def test_a_deleted_or_damaged_cache_is_only_slower(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    (site.root / ".sscbgen-cache" / "store.sqlite").write_bytes(b"not a database")
    site.build()
    assert snapshot(site.root / "output") == before
    shutil.rmtree(site.root / ".sscbgen-cache")
    site.build()
    assert snapshot(site.root / "output") == before
