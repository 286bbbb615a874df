"""The tool as a new user meets it: Word's curly quotes, the scaffold's example text,
a machine without Pango, the commands' help and usage messages."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sscbgen.cli import _BuildReporter
from sscbgen.content.placeholders import PLACEHOLDERS
from sscbgen.new import SCAFFOLD
from sscbgen.render import pdf_support

from helpers import ARTICLE, one_article_site
from sitecopy import run_here


def test_curly_quoted_values_are_read_as_quoted(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    (root / ARTICLE).write_text("---\ntitle: “Neglect: what we learnt”\nsummary: “The new Family Hub”\n---\nText.\n")
    result = run_here("build", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 0, result.stderr
    html = (root / "output/issues/2015-05/article/index.html").read_text()
    assert "<h1>Neglect: what we learnt</h1>" in html
    assert "“The new Family Hub”" not in html and "The new Family Hub" in html


def test_every_placeholder_is_in_its_kinds_scaffold() -> None:
    folders = {"issue": SCAFFOLD, "briefing": SCAFFOLD / "briefing", "catalogue": SCAFFOLD / "catalogue",
               "report": SCAFFOLD.parent / "scaffold_report"}
    for text, kind in PLACEHOLDERS.items():
        assert text in "".join(path.read_text() for path in folders[kind].glob("*.md")), (kind, text)


@pytest.mark.parametrize(("kind", "slug", "index"), [("briefing", "thresholds", "content/briefings/thresholds.md"),
                                                     ("catalogue", "2016-17", "content/catalogues/2016-17/index.md"),
                                                     ("report", "annual-2015-16", "content/reports/annual-2015-16/index.md")])
def test_scaffold_text_left_in_a_published_publication_is_an_error(tmp_path: Path, kind: str, slug: str, index: str) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    assert run_here("new", kind, slug, "--today", "2015-07-01", cwd=root).returncode == 0
    assert run_here("check", "--today", "2015-09-01", cwd=root).returncode == 0, "a draft may keep it"
    (root / index).write_text((root / index).read_text().replace("draft: true", "draft: false"))
    result = run_here("check", "--today", "2015-09-01", cwd=root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all(f"from sscbgen new {kind}: write your own" in line for line in errors), errors
    assert any(line.startswith(f"error: {index}:") and " summary: still holds the example text " in line for line in errors), errors


def test_scaffold_text_left_in_a_published_issue_is_an_error(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    assert run_here("new", "issue", "2015-08", cwd=root).returncode == 0
    assert run_here("check", "--today", "2015-09-01", cwd=root).returncode == 0, "a draft may keep it"
    index = root / "content/issues/2015-08/index.md"
    index.write_text(index.read_text().replace("draft: true", "draft: false"))
    result = run_here("check", "--today", "2015-09-01", cwd=root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: content/issues/2015-08/01-introduction.md:3 byline: still holds the example text 'Name, role' from sscbgen new issue: "
        "write your own, or delete the line",
        "error: content/issues/2015-08/01-introduction.md:4 summary: still holds the example text \"One sentence for the issue's contents list.\" "
        "from sscbgen new issue: write your own, or delete the line",
        'error: content/issues/2015-08/01-introduction.md:7: still holds the example text "Write the article here." from sscbgen new issue: '
        "write your own text, or delete it (an issue with draft: true may keep it)",
        "error: content/issues/2015-08/index.md:6 summary: still holds the example text 'One or two sentences about this issue, for the "
        "archive and the home page.' from sscbgen new issue: write your own, or delete the line",
        "error: content/issues/2015-08/index.md:9: still holds the example text \"A short editorial for the issue's page.\" from sscbgen "
        "new issue: write your own text, or delete it (an issue with draft: true may keep it)",
    ]


@pytest.fixture
def no_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_support, "missing_libraries", lambda: ("pango-1.0", "pangoft2-1.0"))


def test_without_pango_build_says_what_to_install(tmp_path: Path, no_pango: None) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    (root / "config.yaml").write_text((root / "config.yaml").read_text().replace("enabled: false", "enabled: true"))
    result = run_here("build", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 1
    assert result.stderr == ("error: the printed newsletters (PDF) need pango-1.0, pangoft2-1.0, which this computer does not have; "
                             f"install them ({pdf_support.INSTALL}), or build without the PDFs: sscbgen build --no-pdf\n")
    assert not (root / "output").exists()
    assert run_here("build", "--today", "2015-05-01", "--no-pdf", cwd=root).returncode == 0
    checked = run_here("check", "--today", "2015-05-01", cwd=root)
    assert checked.returncode == 0
    assert "check goes on without them" in checked.stderr


def test_without_pango_a_site_that_does_not_print_builds(tmp_path: Path, no_pango: None) -> None:
    root = one_article_site(tmp_path, "Text.\n")   # print: enabled: false
    assert run_here("build", "--today", "2015-05-01", cwd=root).returncode == 0


@pytest.mark.parametrize("command", ["build", "check", "serve", "new"])
def test_each_command_has_a_description_and_examples(tmp_path: Path, command: str) -> None:
    result = run_here(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "examples:\n  sscbgen " + command in result.stdout
    assert "YYYY-MM-DD" in result.stdout and "TODAY" not in result.stdout


def test_short_flags_and_plain_metavars(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n")
    help_text = run_here("build", "--help", cwd=root).stdout
    assert "-o DIR, --out DIR" in help_text and "-t YYYY-MM-DD, --today YYYY-MM-DD" in help_text
    result = run_here("build", "-t", "2015-05-01", "-q", "-o", "site", cwd=root)
    assert result.returncode == 0 and result.stdout == ""
    assert (root / "site/index.html").is_file()


def test_an_unknown_option_shows_the_command_usage(tmp_path: Path) -> None:
    result = run_here("build", "--bogus", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: sscbgen build ")
    assert result.stderr.endswith("error: unrecognized arguments: --bogus\n")
    assert not [line for line in result.stderr.splitlines() if line.startswith("sscbgen:")]


def _snapshot(**changes: object) -> SimpleNamespace:
    fields = {"timings": (("render", 0.01),), "done": 2.0, "seen": 1.5, "errors": (), "files": {"index.html": b""},
              "changed": (), "warnings": (), "pdf_pending": ()}
    return SimpleNamespace(**{**fields, **changes})


def test_serve_says_rebuilt_only_after_a_change(capsys: pytest.CaptureFixture[str]) -> None:
    report = _BuildReporter()
    report(_snapshot())
    assert capsys.readouterr().out.startswith("Built 1 page in 0.50 s")
    report(_snapshot())   # the watcher's first look, with nothing changed
    assert capsys.readouterr().out == ""
    report(_snapshot(changed=("index.html",)))
    assert capsys.readouterr().out.startswith("Rebuilt in 500 ms after the change: 1 file changed")
