"""Builds that reuse .sscbgen-cache/: after each kind of edit, the output equals a build
from nothing (``--no-cache``) byte for byte, and only what the edit touched is rendered."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import EDITS, ISSUE
from sitecopy import REPO, TODAY, SiteCopy, snapshot

PRINT_CSS = REPO / "sscbgen/theme/templates/print/newsletter.css"
COPIED = {"a static file"}
PRINTED = {"a body", "a print template"}   # the PDF is made (in its own process: 2 s a build) after these only

# The edits every incremental test makes, and two that only a build (not serve) shows:
# the print template (serve makes no PDF here) and the board's name.
BUILD_EDITS = EDITS[:7] + [
    ("a print template", lambda s: s.write("templates/print/newsletter.css", PRINT_CSS.read_text() + "\nh2 { letter-spacing: 0.01em; }\n")),
    EDITS[7],
    ("the board's name", lambda s: s.edit("config.yaml", "name: Sandwell", "name: The Sandwell")),
] + EDITS[8:]


def rendered(stdout: str) -> tuple[int, int]:
    """(jobs rendered, jobs in all) from the build's summary; all of them when it says nothing."""
    found = re.search(r"^Rendered ([\d,]+) of ([\d,]+) texts", stdout, re.M)
    return (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) if found else (-1, -1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pdf_build: SiteCopy) -> SiteCopy:
    copy = SiteCopy(tmp_path_factory.mktemp("cached") / "site")
    copy.seed_pdf_cache(pdf_build)   # its PDFs: the shared build's (the clean builds below render theirs)
    copy.build(pdf=True)
    return copy


def test_a_build_with_nothing_changed_renders_nothing(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    for record in (site.root / ".sscbgen-cache").glob("output-*/build.json"):
        record.unlink()   # past the shortcut of test_last_build.py: each job is found in the store
    result = site.build(pdf=True)
    done, total = rendered(result.stdout)
    assert done == 0 and total > 43, result.stdout   # 43 pages, and the texts, calendar files and email edition
    assert "(unchanged, from the cache)" in result.stdout
    assert snapshot(site.root / "output") == before


@pytest.mark.parametrize("name, edit", BUILD_EDITS, ids=[name for name, _ in BUILD_EDITS])
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


def test_ctrl_c_while_the_build_is_written_leaves_the_output_as_it_was(site: SiteCopy, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages are being written when Ctrl+C comes (the calendar stage, after them): the
    command says so, the output is untouched, nothing is left beside it, and the next
    build is whole."""
    import sscbgen.build

    before = snapshot(site.root / "output")
    site.edit(f"{ISSUE}/index.md", "period: Spring 2015", "period: Spring 2015 (revised)")   # the pages differ from the output's

    def interrupted(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise KeyboardInterrupt

    monkeypatch.setattr(sscbgen.build, "render_ics", interrupted)
    result = site.run("build", "--today", TODAY, "--no-pdf")
    assert result.returncode == 130 and "stopped; the output folder is as it was" in result.stderr
    assert snapshot(site.root / "output") == before
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output")) == []
    monkeypatch.undo()
    site.build()
    assert "Spring 2015 (revised)" in (site.root / "output/index.html").read_text()
    site.edit(f"{ISSUE}/index.md", "period: Spring 2015 (revised)", "period: Spring 2015")
