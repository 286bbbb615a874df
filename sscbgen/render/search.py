"""The search index: Pagefind run over the rendered pages, in shards, so search works on a
static host and an edit indexes only the shard it is in.

The pages a reader can find make the shard ``site`` (the training calendar, the case
review library, the stand-alone pages and publications) and the issues' shards, by
aligned blocks of years (see SHARD_YEARS). Each shard's pages are written to a temporary
folder (in memory where the system has one) and indexed by their own Pagefind run
(several at once) into ``pagefind/<shard>/``; the files join the build in memory.

A shard's index is kept in the cache folder as one file named by its key, a hash of
everything Pagefind reads: a shard whose pages did not change is not indexed again. The
search page reads ``pagefind/shards.json``, loads the first shard's Pagefind and merges
the others into it (Pagefind's ``mergeIndex``), so a reader searches every shard at once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from sscbgen.cache import digest
from sscbgen.content.addresses import path_article, path_chapter, path_issue, path_page, path_report
from sscbgen.errors import SourceError
from sscbgen.library import LIBRARY
from sscbgen.memo import Memo, memoised
from sscbgen.publications import publication_pages
from sscbgen.site import Site

FOLDER = "pagefind"
SITE_SHARD = "site"          # the pages that are not in an issue
SHARD_LIST = f"{FOLDER}/shards.json"
# Not indexed: where a page sits and what is next to it, which every page of an issue shares
# (the side column, the contact box); the labels of cards and tables, which would run into
# their values ("TypeMulti-agency audit"); calendar links and text only screen readers hear.
EXCLUDE = (".breadcrumbs, .pager, .draft-banner, .contact-strip, .contact-box, .article-side, .card-facts dt, "
           ".training-table thead, .event-booking, .unknown, .table-calendar, .visually-hidden")
OPTIONS = ("--root-selector", "main", "--exclude-selectors", EXCLUDE, "--silent")
# Pagefind's own search interfaces: the site's search page uses pagefind.js directly.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# Pagefind's program in the browser: the page runs the first shard's, and a merged shard
# is searched with it, so the other shards leave theirs out.
RUNTIME = ("pagefind.js", "pagefind-worker.js", "wasm.")
DIGEST = 32   # bytes of SHA-256 that start a cache entry
CACHE_NAME = re.compile(r"\.?[0-9a-f]{64}(\..+)?")   # an entry, or one being written


class SearchUnavailable(Exception):
    """Pagefind is missing or failed; the message says what to do, in plain words."""


@dataclass(frozen=True)
class Pagefind:
    """The Pagefind program and its identity, the hash of its bytes (a new version is a new index)."""

    binary: Path
    identity: str


@dataclass(frozen=True)
class SearchShard:
    """A group of pages indexed together: its name is its folder, ``pagefind/<name>/``.

    Under serve, a tuple of shards is its own memo key: the pages' bytes are the memoised
    pages, so comparing them is mostly comparing identities."""

    name: str
    pages: tuple[tuple[str, bytes], ...]   # (build path, bytes), in path order
    pagefind: Pagefind

    @functools.cached_property
    def key(self) -> str:
        """The hash of everything that makes this shard's index: its cache entry's name."""
        pages = (part for path, data in self.pages for part in (path, data))
        return digest(self.name, self.pagefind.identity, *OPTIONS, *UNUSED, *pages)


# Issues are indexed in shards of years, aligned: blocks of SHARD_YEARS years (2012-2015),
# halved (2014-2015, then 2015) while a block has more than SHARD_PAGES pages. A shard's
# pages move to another only when its own years gain or lose pages, so an edit indexes one
# shard again; Pagefind's time grows faster than its pages (about 0.25 s for 150 pages,
# 0.4 s for 300, 1.3 s for 600), so a shard's size bounds an edit's cost; and each run
# costs about 0.1 s before its first page, so a quarterly newsletter (40 to 50 pages a
# year) keeps a shard per four years.
SHARD_YEARS = 4
SHARD_PAGES = 300


def shard_pages(site: Site) -> dict[str, list[str]]:
    """Each shard's name -> the build paths of its pages: ``site`` (of the case review
    library, the page with every review; its filters only repeat it), then the issues by
    years (see SHARD_YEARS), newest first."""
    shards = {SITE_SHARD: ["training/", LIBRARY] + [path_page(page) for page in site.pages] + publication_pages(site)
              + [path for r in site.reports for path in [path_report(r.slug)] + [path_chapter(r.slug, c.slug) for c in r.chapters]]}
    by_year: dict[int, list[str]] = {}
    for issue in site.issues:   # newest first
        by_year.setdefault(issue.meta.date.year, []).extend([path_issue(issue)] + [path_article(issue, article) for article in issue.articles])
    for first, last in _blocks({year: len(folders) for year, folders in by_year.items()}):
        shards[str(first) if first == last else f"{first}-{last}"] = [
            folder for year in range(first, last + 1) for folder in by_year.get(year, [])]
    return {name: [folder + "index.html" for folder in folders] for name, folders in shards.items()}


def _blocks(pages: dict[int, int]) -> list[tuple[int, int]]:
    """The (first, last) years of each shard of issues, newest first, given each year's pages."""
    def split(first: int, years: int) -> list[tuple[int, int]]:
        held = sum(pages.get(year, 0) for year in range(first, first + years))
        if not held:
            return []
        if years == 1 or held <= SHARD_PAGES:
            return [(first, first + years - 1)]
        half = years // 2
        return split(first + half, years - half) + split(first, half)

    starts = sorted({year - year % SHARD_YEARS for year in pages}, reverse=True)
    return [block for start in starts for block in split(start, SHARD_YEARS)]


def indexed_pages(site: Site) -> list[str]:
    """The build paths of the pages a search finds, shard by shard."""
    return [path for paths in shard_pages(site).values() for path in paths]


def search_shards(site: Site, pages: Mapping[str, bytes]) -> tuple[SearchShard, ...]:
    """The shards of ``pages`` (the rendered build), site first, then the years newest
    first; raises SearchUnavailable."""
    pagefind = _pagefind()
    return tuple(SearchShard(name, tuple((path, pages[path]) for path in sorted(paths)), pagefind)
                 for name, paths in shard_pages(site).items())


def index_shards(shards: Sequence[SearchShard], cache_folder: Path | None, workers: int,
                 each: Callable[[Mapping[str, bytes]], None] | None = None) -> dict[str, bytes]:
    """Pagefind's files for ``shards``, as ``pagefind/<shard>/...`` -> bytes, and
    ``pagefind/shards.json``, the shards' folders in the order given (the search page
    merges them in that order); raises SearchUnavailable. ``each`` is given each shard's
    files as soon as they are there (a build writes them meanwhile), then shards.json.

    A shard's files come from ``cache_folder/<key>`` where they are there; the others are
    made by Pagefind, up to ``workers`` runs at once, and stored there. Entries this call
    did not use are dropped. ``cache_folder`` None: no cache."""
    made: dict[str, dict[str, bytes]] = {}

    def done(shard: SearchShard, files: dict[str, bytes]) -> None:
        made[shard.key] = files
        if each is not None:
            each(_in_folder(shard, files, shard is shards[0]))

    def run(todo: list[SearchShard]) -> None:
        for shard, files in _run_all(todo, workers):
            _store(cache_folder, shard.key, files)
            done(shard, files)

    kept = {shard.key for shard in shards if cache_folder is not None and (cache_folder / shard.key).is_file()}
    with ThreadPoolExecutor(1) as alongside:   # Pagefind runs for the shards not kept while the kept ones are read
        running = alongside.submit(run, [shard for shard in shards if shard.key not in kept])
        for shard in shards:
            if shard.key in kept and (files := _cached(cache_folder, shard.key)) is not None:
                done(shard, files)
        running.result()
    run([shard for shard in shards if shard.key in kept and shard.key not in made])   # damaged entries
    _keep_only(cache_folder, set(made))
    found: dict[str, bytes] = {}
    for shard in shards:
        found.update(_in_folder(shard, made[shard.key], shard is shards[0]))
    listed = {SHARD_LIST: json.dumps({"shards": [shard.name for shard in shards]}).encode() + b"\n"}
    if each is not None:
        each(listed)
    return found | listed


def _in_folder(shard: SearchShard, files: Mapping[str, bytes], first: bool) -> dict[str, bytes]:
    """A shard's files at their place in the build; only the first shard keeps Pagefind's
    program (the search page runs it, and merges the others into it)."""
    return {f"{FOLDER}/{shard.name}/{name}": data for name, data in files.items() if first or not name.startswith(RUNTIME)}


def search_files(site: Site, files: Mapping[str, bytes], memo: Memo | None = None, cache_folder: Path | None = None,
                 workers: int | None = None, each: Callable[[Mapping[str, bytes]], None] | None = None
                 ) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Pagefind's files for ``files`` (the rendered build), as ``pagefind/...`` -> bytes; where
    Pagefind is missing or fails, none and a warning: the build goes on without search.
    ``workers`` None: as many Pagefind runs at once as there are processors; ``each``: see
    index_shards (where Pagefind fails after some shards, those were given already)."""
    try:
        shards = search_shards(site, files)
        return memoised(memo, ("search", shards), lambda: index_shards(shards, cache_folder, workers or os.cpu_count() or 1, each)), ()
    except SearchUnavailable as exc:
        return {}, (unavailable(exc),)


def unavailable(exc: SearchUnavailable) -> SourceError:
    return SourceError("search", None, "", f"{exc}; this build has no search index, and its search page says search is not available")


def _run_all(shards: Sequence[SearchShard], workers: int) -> Iterator[tuple[SearchShard, dict[str, bytes]]]:
    """Each shard with its Pagefind files, as the runs end, up to ``workers`` at once (in
    threads: each run is a process). A run starts only when one ends, never queued ahead:
    after a failed run, Ctrl+C, or serve stopping, only the runs under way are waited for."""
    waiting, workers = list(reversed(shards)), max(1, workers)
    with ThreadPoolExecutor(workers) as pool:
        running: dict[Future[dict[str, bytes]], SearchShard] = {}
        while waiting or running:
            while waiting and len(running) < workers:
                shard = waiting.pop()
                running[pool.submit(_run_pagefind, shard)] = shard
            ended, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ended:
                yield running.pop(future), future.result()


def _run_pagefind(shard: SearchShard) -> dict[str, bytes]:
    """Pagefind's files for one shard, by their path in its folder: its pages are written to
    a temporary folder, where Pagefind indexes them."""
    binary = shard.pagefind.binary
    with tempfile.TemporaryDirectory(prefix="sscbgen-search-", dir=_staging()) as folder:
        staged = Path(folder)
        for path, data in shard.pages:
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_bytes(data)
        command = [str(binary), "--site", folder, "--output-subdir", FOLDER, *OPTIONS]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchUnavailable(f"Pagefind ({binary}) could not run: {exc}") from None
        if run.returncode != 0:
            said = " ".join((run.stderr or run.stdout).split())[-300:]
            raise SearchUnavailable(f"Pagefind ({binary}) failed with exit code {run.returncode}: {said or 'no message'}")
        out = staged / FOLDER
        return {p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(UNUSED)}


# --- the cache: a file per shard's key, written beside and renamed into place -------------
# A shard's Pagefind files (hundreds: a fragment a page) are kept as one file, the SHA-256
# of its pickle then the pickle: one file to write where a folder of them would be
# thousands, each a new inode, which is most of the cost on some file systems.
def _cached(folder: Path | None, key: str) -> dict[str, bytes] | None:
    """A shard's files from the cache; None when they are not there, or are damaged (a
    miss, never a wrong index)."""
    if folder is None:
        return None
    try:
        data = (folder / key).read_bytes()
    except OSError:
        return None
    if len(data) < DIGEST or hashlib.sha256(data[DIGEST:]).digest() != data[:DIGEST]:
        return None
    try:
        files = pickle.loads(data[DIGEST:])
    except Exception:  # noqa: BLE001 - what the hash does not catch is still a miss
        return None
    if not isinstance(files, dict) or not all(_plain(name) and isinstance(value, bytes) for name, value in files.items()):
        return None
    return files


def _store(folder: Path | None, key: str, files: Mapping[str, bytes]) -> None:
    """Keep a shard's files (a cache that cannot be written is skipped): written beside, then
    renamed, so an entry is whole or absent."""
    if folder is None:
        return
    pickled = pickle.dumps(dict(files), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{key}.", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(pickled).digest() + pickled)
        if (folder / key).is_dir():   # an entry of an older sscbgen, which kept a folder
            _remove(folder / key)
        os.replace(temporary, folder / key)
    except OSError:
        _remove(Path(temporary))


def _keep_only(folder: Path | None, keys: set[str]) -> None:
    """Drop the entries this build did not use (only the cache's own: any other file stays)."""
    if folder is None or not folder.is_dir():
        return
    for entry in folder.iterdir():
        if CACHE_NAME.fullmatch(entry.name) and entry.name not in keys:
            _remove(entry)


def _remove(path: Path) -> None:
    try:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
    except OSError:
        pass


def _plain(name: object) -> bool:
    """A name a cache entry may hold: a relative path that stays inside it."""
    return isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/")


def _staging() -> str | None:
    """Where a shard's pages are written for Pagefind: memory (/dev/shm) where the system
    has it, as the pages are written, read once and deleted (on a disk, creating thousands
    of files just after deleting thousands is slow); else the usual temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


# --- the program --------------------------------------------------------------------------
def _pagefind() -> Pagefind:
    binary = _binary()
    try:
        stat = binary.stat()
        return _identified(binary, stat.st_size, stat.st_mtime_ns)
    except OSError as exc:
        raise SearchUnavailable(f"Pagefind ({binary}) could not be read: {exc.strerror or exc}") from None


@functools.lru_cache(maxsize=4)
def _identified(binary: Path, size: int, mtime_ns: int) -> Pagefind:
    """The program with its hash, read once per program file (size and time say it is the same)."""
    return Pagefind(binary, hashlib.sha256(binary.read_bytes()).hexdigest())


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
