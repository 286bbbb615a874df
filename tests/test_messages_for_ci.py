"""``--format github`` (workflow commands on the changed line of a pull request), ``--format
json`` (JSON lines) and ``--strict`` (warnings fail the run), through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ARTICLE, one_article_site
from sitecopy import run_here

BAD_DATE = "training:\n  - title: Neglect\n    date: 8th June\n"


def test_github_format_gives_workflow_commands_for_errors(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n", BAD_DATE)
    result = run_here("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={ARTICLE},line=5,title=sscbgen%3A training[0].date::expected a date like 2015-06-08, found \"8th June\"",
    ]
    assert "1 error found; nothing was written." in result.stderr


def test_github_format_gives_warnings_and_notes_with_their_lines(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n\nThe CDOP met: 100% sure, really.\n")
    result = run_here("check", "--today", "2015-05-01", "--format", "github", cwd=root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert (f"::warning file={ARTICLE},line=6,title=sscbgen::CDOP is used before it is spelt out: write it in full at its first use, "
            "like \"Full Name (CDOP)\", or add CDOP to glossary: in config.yaml [abbreviations]") in lines
    assert any(line.startswith(f"::notice file={ARTICLE},title=sscbgen::readability: ") for line in lines)
    assert "No errors: " in result.stdout


def test_json_format_gives_one_object_a_line_on_stdout(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n", BAD_DATE)
    result = run_here("build", "--format", "json", cwd=root)
    assert result.returncode == 1
    assert [json.loads(line) for line in result.stdout.splitlines()] == [{
        "severity": "error", "file": ARTICLE, "line": 5, "field": "training[0].date",
        "message": 'expected a date like 2015-06-08, found "8th June"',
        "text": f'{ARTICLE}:5 training[0].date: expected a date like 2015-06-08, found "8th June"',
    }]
    assert not (root / "output").exists()


def test_json_build_keeps_stdout_for_json(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    result = run_here("build", "--today", "2015-05-01", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "Built " in result.stderr


def test_strict_check_fails_on_warnings_and_passes_without(tmp_path: Path) -> None:
    warned = one_article_site(tmp_path / "warned", "Text.\n\nThe CDOP met.\n")
    result = run_here("check", "--today", "2015-05-01", "--strict", cwd=warned)
    assert result.returncode == 1
    assert "1 warning and --strict: failing." in result.stderr
    assert run_here("check", "--today", "2015-05-01", cwd=warned).returncode == 0
    clean = one_article_site(tmp_path / "clean", "Text.\n")
    assert run_here("check", "--today", "2015-05-01", "--strict", cwd=clean).returncode == 0


def test_strict_build_with_warnings_writes_nothing(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    (root / "content/issues/2015-05/notes.txt").write_text("not Markdown")   # a build warning: not published
    result = run_here("build", "--today", "2015-05-01", "--strict", cwd=root)
    assert result.returncode == 1
    assert "warning: content/issues/2015-05/notes.txt: is not Markdown" in result.stderr
    assert "1 warning and --strict: failing; nothing was written; output is as it was." in result.stderr
    assert not (root / "output").exists()
    assert run_here("build", "--today", "2015-05-01", cwd=root).returncode == 0
