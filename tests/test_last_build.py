"""The shortcut of a build with nothing to do: the same inputs (every file a build reads,
its options, its date) into an output folder still as the last build wrote it. Anything
else builds; what the build says is said again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitecopy import TODAY, SiteCopy, snapshot

UNCHANGED = "Nothing has changed since the last build"
ISSUE = "content/issues/2015-05"


@pytest.fixture()
def site(tmp_path: Path) -> SiteCopy:
    copy = SiteCopy(tmp_path / "site")
    copy.write(f"{ISSUE}/notes.txt", "a file that is not Markdown: a warning\n")
    first = copy.build()
    assert UNCHANGED not in first.stdout and "notes.txt" in first.stderr
    return copy


def test_nothing_changed_builds_nothing_and_says_the_same(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    first = site.build()
    again = site.build()
    assert again.stdout.startswith(f"{UNCHANGED}: output/ holds it, 66 pages"), again.stdout
    assert "Rendered" not in again.stdout
    assert again.stderr == first.stderr and "notes.txt" in again.stderr   # its warning, said again
    assert again.stdout.splitlines()[-1] == first.stdout.splitlines()[-1] == "1 warning, 0 drafts skipped."
    assert snapshot(site.root / "output") == before


@pytest.mark.parametrize("change", ["changed", "added", "removed"])
def test_an_output_file_touched_by_hand_is_built_again(site: SiteCopy, change: str) -> None:
    before = snapshot(site.root / "output")
    page = site.root / "output" / "training" / "index.html"
    if change == "changed":
        page.write_bytes(page.read_bytes().replace(b"Training", b"Trianing", 1))
    elif change == "added":
        (site.root / "output" / "stray.html").write_text("<p>left by hand</p>")
    else:
        page.unlink()
    result = site.build()
    assert result.stdout.startswith("Built 66 pages"), result.stdout
    assert snapshot(site.root / "output") == before


@pytest.mark.parametrize("options", [("--today", "2015-05-02"), ("--today", TODAY, "--drafts"), ("--today", TODAY, "--base-url", "/news/")])
def test_other_options_build(site: SiteCopy, options: tuple[str, ...]) -> None:
    result = site.run("build", "--no-pdf", *options)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built "), result.stdout


@pytest.mark.parametrize("where", ["content/pages/about.md", "templates/notes.txt", "static/new.txt", "config.yaml"])
def test_any_input_changed_builds(site: SiteCopy, where: str) -> None:
    path = site.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n" if where == "config.yaml" else "\nA line more.\n")
    assert site.build().stdout.startswith("Built "), where


def test_the_build_date_of_the_environment_is_an_input(site: SiteCopy) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1430438400"}   # 2015-05-01: the same date, but the PDFs' time changes
    result = site.run("build", "--no-pdf", "--today", TODAY, env=env)
    assert result.returncode == 0 and result.stdout.startswith("Built "), result.stdout + result.stderr


def test_a_damaged_or_missing_record_builds(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    [record] = (site.root / ".sscbgen-cache").glob("output-*/build.json")
    record.write_text('{"inputs": "')
    assert site.build().stdout.startswith("Built ")
    record.unlink()
    assert site.build().stdout.startswith("Built ")
    assert site.build().stdout.startswith(UNCHANGED)
    assert snapshot(site.root / "output") == before


def test_strict_fails_on_the_warnings_of_the_last_build(site: SiteCopy) -> None:
    before = snapshot(site.root / "output")
    result = site.run("build", "--no-pdf", "--today", TODAY, "--strict")
    assert result.returncode == 1
    assert "notes.txt" in result.stderr and "--strict: failing; nothing was written" in result.stderr
    assert snapshot(site.root / "output") == before


def test_no_cache_always_builds(site: SiteCopy) -> None:
    assert site.build("--no-cache").stdout.startswith("Built ")
