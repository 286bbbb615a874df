"""Through the CLI: the Pagefind index in the build, the same bytes from build to build,
and a build that goes on, with a warning, when Pagefind is missing or fails."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from sitecopy import REPO, TODAY, SiteCopy, run_cli, snapshot

WARNING = "; this build has no search index, and its search page says search is not available"


def index_files(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name.startswith("pagefind/")}


def test_the_build_holds_the_search_index_in_shards_and_only_what_the_page_uses(example_build: Path) -> None:
    names = sorted(index_files(example_build))
    # The example's one issue is of 2015: the shard of the four years 2012 to 2015, and the shard of the rest.
    assert json.loads((example_build / "pagefind/shards.json").read_text()) == {"shards": ["site", "2012-2015"]}
    assert {"pagefind/site/pagefind.js", "pagefind/site/pagefind-entry.json", "pagefind/2012-2015/pagefind-entry.json"} <= set(names)
    # Pagefind's program in the browser is the first shard's: the shards merged into it have none.
    assert not [n for n in names if n.startswith("pagefind/2012-2015/") and n.split("/")[2].startswith(("pagefind.js", "pagefind-worker", "wasm."))]
    assert not [n for n in names if "-ui." in n or "highlight" in n]  # Pagefind's own interfaces are not used
    # One fragment per page a search finds: in `site` the calendar, the review library and the
    # stand-alone pages, the briefings, the catalogue and its courses, and each report's page and
    # chapters; in `2012-2015` the issue and its articles.
    articles = list(example_build.glob("issues/*/*/index.html"))
    pages = list((REPO / "content/pages").glob("*.md"))
    publications = list(example_build.glob("briefings/*/index.html")) + list(example_build.glob("catalogues/*/index.html"))
    courses = list(example_build.glob("catalogues/*/*/index.html"))
    reports = list(example_build.glob("reports/*/index.html")) + list(example_build.glob("reports/*/*/index.html"))
    assert len(publications) == 2 + 1 and len(courses) == 7 and len(reports) == 1 + 7
    fragments = Counter(n.split("/")[1] for n in names if "/fragment/" in n)
    assert fragments == {"site": 1 + 1 + len(pages) + 2 + 1 + len(courses) + len(reports), "2012-2015": 1 + len(articles)}


def test_the_index_is_the_same_from_build_to_build(example_build: Path, tmp_path: Path) -> None:
    """Another copy in another folder, another hash seed: the same index files, byte for byte."""
    other = SiteCopy(tmp_path / "somewhere" / "else")
    result = run_cli("build", "--today", TODAY, "--no-pdf", cwd=other.root, env={**os.environ, "PYTHONHASHSEED": "99"})
    assert result.returncode == 0, result.stderr
    assert index_files(other.path("output")) == index_files(example_build)


def test_without_pagefind_the_build_warns_and_succeeds(site: SiteCopy, tmp_path: Path) -> None:
    """The pagefind[bin] packages made unavailable: importing them fails, as when not installed."""
    shims = tmp_path / "shims"
    for package in ("pagefind_bin", "pagefind_bin_extended"):
        (shims / package).mkdir(parents=True)
        (shims / package / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {**os.environ, "PYTHONPATH": str(shims), "PATH": "/usr/bin:/bin"}
    env.pop("PAGEFIND_BINARY_PATH", None)
    result = site.run("build", "--today", TODAY, "--no-pdf", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"warning: search: the Pagefind program is not installed{WARNING}" in result.stderr.splitlines()
    out = site.path("output")
    assert not (out / "pagefind").exists()
    assert "Search needs JavaScript" in (out / "search/index.html").read_text()
    assert (out / "index.html").is_file() and (out / "feed.atom").is_file()


def test_a_failing_pagefind_is_a_warning(site: SiteCopy) -> None:
    result = site.run("build", "--today", TODAY, "--no-pdf", env={**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 0, result.stderr
    assert f"warning: search: Pagefind (/bin/false) failed with exit code 1: no message{WARNING}" in result.stderr.splitlines()
    assert not site.path("output/pagefind").exists()


def test_pagefind_failing_after_a_shard_was_written_leaves_no_index(site: SiteCopy, tmp_path: Path) -> None:
    """The build writes each shard's index as it is made: a later shard's failure takes the
    earlier ones out again, so the output has no half index."""
    from pagefind.service import get_executable

    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nif [ -d "$2/issues" ]; then sleep 2; echo "cannot index" >&2; exit 3; fi\nexec "{get_executable()}" "$@"\n')
    wrapper.chmod(0o755)
    result = site.run("build", "--today", TODAY, "--no-pdf", env={**os.environ, "PAGEFIND_BINARY_PATH": str(wrapper)})
    assert result.returncode == 0, result.stderr
    assert "failed with exit code 3: cannot index" in result.stderr
    assert not site.path("output/pagefind").exists()
    assert site.path("output/search/index.html").is_file()
