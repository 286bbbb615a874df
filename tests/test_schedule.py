"""Scheduled publishing: an issue dated after the build date is left out until a build on
or after its date (--today, SOURCE_DATE_EPOCH), and check and build say when it appears."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sscbgen.schedule import is_due

from helpers import one_article_site
from sitecopy import run_cli, run_here

LATER = "content/issues/2015-08/index.md"


def scheduled_site(root: Path) -> Path:
    one_article_site(root, "Text.\n")
    (root / "content/issues/2015-08").mkdir()
    (root / LATER).write_text("---\ntitle: News\nnumber: 2\ndate: 2015-08-01\n---\n")
    (root / "content/issues/2015-08/01-next.md").write_text("---\ntitle: Next\n---\nText.\n")
    return root


def test_the_rule() -> None:
    assert is_due(dt.date(2015, 8, 1), dt.date(2015, 8, 1))
    assert is_due(dt.date(2015, 8, 1), dt.date(2015, 9, 1))
    assert not is_due(dt.date(2015, 8, 1), dt.date(2015, 7, 31))


def test_an_issue_dated_later_is_published_on_its_date(tmp_path: Path) -> None:
    root = scheduled_site(tmp_path)
    before = run_here("build", "--today", "2015-07-31", cwd=root)
    assert before.returncode == 0, before.stderr
    assert not (root / "output/issues/2015-08").exists()
    assert "2015-08" not in (root / "output/index.html").read_text()
    note = (f"note: {LATER} date: this issue is dated 2015-08-01, after the build date 2015-07-31: it is not published "
            "until a build on or after 1 August 2015 (build with --drafts to preview it)")
    assert note in before.stderr.splitlines()
    on_the_day = run_here("build", "--today", "2015-08-01", cwd=root)
    assert on_the_day.returncode == 0
    assert (root / "output/issues/2015-08/next/index.html").is_file()
    assert "note:" not in on_the_day.stderr


def test_check_says_when_it_will_appear(tmp_path: Path) -> None:
    root = scheduled_site(tmp_path)
    result = run_here("check", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 0
    assert f"note: {LATER} date: this issue is dated 2015-08-01, after the build date 2015-05-01" in result.stderr
    assert run_here("check", "--today", "2015-05-01", "--strict", cwd=root).returncode == 0, "a scheduled issue is not a warning"


def test_drafts_preview_includes_a_scheduled_issue(tmp_path: Path) -> None:
    root = scheduled_site(tmp_path)
    assert run_here("build", "--today", "2015-05-01", "--drafts", cwd=root).returncode == 0
    assert (root / "output/issues/2015-08/next/index.html").is_file()


def test_source_date_epoch_is_the_build_date(tmp_path: Path) -> None:
    root = scheduled_site(tmp_path)
    august = str(int(dt.datetime(2015, 8, 1, 9, tzinfo=dt.UTC).timestamp()))
    result = run_cli("build", "--no-pdf", cwd=root, env={**os.environ, "SOURCE_DATE_EPOCH": august})
    assert result.returncode == 0, result.stderr
    assert (root / "output/issues/2015-08/next/index.html").is_file()
    july = str(int(dt.datetime(2015, 7, 1, tzinfo=dt.UTC).timestamp()))
    result = run_cli("build", "--no-pdf", cwd=root, env={**os.environ, "SOURCE_DATE_EPOCH": july})
    assert result.returncode == 0
    assert not (root / "output/issues/2015-08").exists()


def test_a_link_to_a_scheduled_issue_says_when_it_appears(tmp_path: Path) -> None:
    root = scheduled_site(tmp_path)
    article = root / "content/issues/2015-05/01-article.md"
    article.write_text(article.read_text() + "\nSee [the next issue](../2015-08/01-next.md).\n")
    result = run_here("check", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 1
    assert ("error: content/issues/2015-05/01-article.md:6: links to content/issues/2015-08/01-next.md, which is in an issue dated "
            "2015-08-01 and is not published until then; remove the link, or date this text on or after it") in result.stderr
