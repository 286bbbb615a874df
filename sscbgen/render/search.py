"""The search index: Pagefind run over the rendered pages, so search works on a static host.

The pages a reader can find (issues, articles, stand-alone pages, the training calendar,
the case review library) are written to a temporary folder; Pagefind indexes their
``<main>`` there, and its files join the build in memory, so output.py still writes the
whole build once.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sscbgen.content.addresses import path_article, path_issue, path_page
from sscbgen.errors import SourceError
from sscbgen.library import LIBRARY
from sscbgen.memo import Memo, memoised
from sscbgen.site import Site

FOLDER = "pagefind"
# Not indexed: where a page sits and what is next to it, which every page of an issue shares.
EXCLUDE = ".breadcrumbs, .pager, .draft-banner"
# Pagefind's own search interfaces: the site's search page uses pagefind.js directly.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


class SearchUnavailable(Exception):
    """Pagefind is missing or failed; the message says what to do, in plain words."""


def indexed_pages(site: Site) -> list[str]:
    """The build paths of the pages a search finds (of the case review library, the page
    with every review; its filters only repeat it)."""
    folders = ["training/", LIBRARY] + [path_page(page) for page in site.pages]
    for issue in site.issues:
        folders += [path_issue(issue)] + [path_article(issue, article) for article in issue.articles]
    return [folder + "index.html" for folder in folders]


@dataclass(frozen=True)
class SearchTask:
    """Everything Pagefind reads: equal tasks make equal indexes (under serve, a task is its
    own key: the pages' bytes are the memoised pages, whose hashes Python keeps)."""

    binary: Path
    pages: tuple[tuple[str, bytes], ...]   # (build path, bytes), in order

    def run(self) -> dict[str, bytes]:
        return search_index(self.binary, dict(self.pages))


def search_task(site: Site, files: Mapping[str, bytes]) -> SearchTask:
    """The task of indexing ``files`` (the rendered build); raises SearchUnavailable."""
    return SearchTask(_binary(), tuple((path, files[path]) for path in sorted(indexed_pages(site))))


def search_files(site: Site, files: Mapping[str, bytes], memo: Memo | None = None) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Pagefind's files for ``files`` (the rendered build), as ``pagefind/...`` -> bytes; where
    Pagefind is missing or fails, none and a warning: the build goes on without search."""
    try:
        task = search_task(site, files)
        return memoised(memo, ("search", task), task.run), ()
    except SearchUnavailable as exc:
        return {}, (unavailable(exc),)


def unavailable(exc: SearchUnavailable) -> SourceError:
    return SourceError("search", None, "", f"{exc}; this build has no search index, and its search page says search is not available")


def search_index(binary: Path, pages: Mapping[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files for ``pages`` (build path -> bytes), as ``pagefind/...`` -> bytes."""
    with tempfile.TemporaryDirectory(prefix="sscbgen-search-") as folder:
        staged = Path(folder)
        for path, data in pages.items():
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_bytes(data)
        command = [str(binary), "--site", folder, "--output-subdir", FOLDER, "--root-selector", "main",
                   "--exclude-selectors", EXCLUDE, "--silent"]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchUnavailable(f"Pagefind ({binary}) could not run: {exc}") from None
        if run.returncode != 0:
            said = " ".join((run.stderr or run.stdout).split())[-300:]
            raise SearchUnavailable(f"Pagefind ({binary}) failed with exit code {run.returncode}: {said or 'no message'}")
        out = staged / FOLDER
        return {f"{FOLDER}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(UNUSED)}


def _binary() -> Path:
    """Pagefind's program: PAGEFIND_BINARY_PATH, else the one the pagefind[bin] package installs."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchUnavailable("the pagefind package is not installed") from None
    binary = get_executable()
    if binary is None or not binary.is_file() or not os.access(binary, os.X_OK):
        raise SearchUnavailable(f"the Pagefind program is not installed{f' (looked for {binary})' if binary else ''}")
    return binary
