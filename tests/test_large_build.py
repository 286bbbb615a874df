"""A build large enough to use worker processes (a stage with 200 jobs or more): the same
bytes as one process; and the progress bar, on a terminal only (never in CI, where there
is no terminal, nor with --quiet: only the summary lines are printed)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitecopy import TODAY, SiteCopy, snapshot

ARTICLES = 220   # above the 200 a stage needs before a bar is drawn


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    site = SiteCopy(tmp_path_factory.mktemp("progress") / "site")
    for n in range(ARTICLES):
        site.write(f"content/issues/2015-05/{20 + n:03d}-extra-{n}.md", f"---\ntitle: Extra article {n}\n---\nParagraph {n} of *extra* text.\n")
    return site


def on_a_terminal(site: SiteCopy, *args: str) -> str:
    """What ``sscbgen build ARGS`` shows on a terminal (a pseudo-terminal here)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "sscbgen", "build", "--today", TODAY, "--no-pdf", "--no-cache", *args],
                               cwd=site.root, stdin=follower, stdout=follower, stderr=follower, env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:   # the terminal closed: the build ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")


def test_a_large_build_shows_a_progress_bar_on_a_terminal(big_site: SiteCopy) -> None:
    shown = on_a_terminal(big_site)
    assert "Reading files" in shown and "Rendering Markdown" in shown, shown
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)   # without the terminal's colours and cursor moves
    drawn = re.findall(r"Rendering pages\s+\S+\s+(\d+)/(\d+)", plain)
    assert drawn and drawn[-1][0] == drawn[-1][1] and int(drawn[-1][1]) > ARTICLES, plain   # done/total, at the end
    assert "Built " in shown


def test_no_bar_without_a_terminal_or_with_quiet(big_site: SiteCopy) -> None:
    piped = big_site.run("build", "--today", TODAY, "--no-pdf", "--no-cache")
    assert piped.returncode == 0, piped.stderr
    assert "Rendering" not in piped.stdout + piped.stderr
    assert piped.stdout.startswith("Built ")
    quiet = on_a_terminal(big_site, "--quiet")
    assert "Rendering" not in quiet and "Built " not in quiet, quiet


def test_worker_processes_make_the_same_bytes_as_one_process(big_site: SiteCopy, tmp_path: Path) -> None:
    runs = {}
    for jobs in ("1", "2"):
        result = big_site.run("build", "--today", TODAY, "--no-pdf", "--no-cache", "--jobs", jobs, "--out", str(tmp_path / jobs))
        assert result.returncode == 0, result.stderr
        runs[jobs] = snapshot(tmp_path / jobs)
    assert len(runs["1"]) > 2 * ARTICLES and runs["1"] == runs["2"]
