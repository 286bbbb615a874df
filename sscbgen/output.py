"""The only writer of a build: everything into a temporary folder, as it is made, then
swapped in at once.

A build that fails before the swap leaves the previous output exactly as it was; a
build killed mid-way leaves at most a temporary folder, removed by the next run.

With a manifest (kept in the cache: each file's hash and the size, time and inode it
was written with), a file the previous build wrote with the same bytes, and that
nobody changed since, is hard-linked into the new build rather than written again;
and a build equal to the output, file for file, leaves the output untouched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import posixpath
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import Any

MARKER = ".sscbgen-build"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be used or written; the message says why, in plain words."""


def check_target(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would lose work a person wrote."""
    out, root = Path(os.path.abspath(out)), Path(os.path.abspath(root))
    if root == out or root.is_relative_to(out):
        raise OutputError(f"{out} holds the site itself; choose a folder for the build, such as output/")
    if out.is_symlink():
        raise OutputError(f"{out} is a link; a build replaces the folder and would cut the link, so give --out the real folder")
    for folder in ("content", "templates", "static", ".sscbgen-cache"):
        if out.is_relative_to(root / folder):
            raise OutputError(f"{out} is inside {folder}/, which people edit; choose a folder for the build, such as output/")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out} already holds files that sscbgen did not build; they would be replaced, "
            "so move them or choose another folder"
        )


MARKER_TEXT = b"This folder is written by sscbgen build; it is replaced on every build.\n"

# path in the build -> (sha256, size, mtime_ns, inode) of the file as written
Manifest = dict[str, tuple[str, int, int, int]]


def write_build(files: dict[str, bytes], out: Path, kept: Path | None = None) -> int:
    """Write ``files`` (paths inside the build -> bytes) and swap them in as ``out``; return
    how many files were written (the others were linked, or already there). ``kept``: see Writer."""
    with Writer(out, kept) as writer:
        writer.add(files)
        return writer.finish()


class Kept:
    """What the cache keeps of an output folder: ``manifest.json``, the output's files as
    written; and ``spare/`` with ``spare.json``, the build before it, which the next build
    brings up to date (its folders, and the files that did not change, are already there)
    rather than making every folder again and deleting the old ones."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.manifest = folder / "manifest.json"
        self.spare = folder / "spare"
        self.spare_manifest = folder / "spare.json"


class Writer:
    """A build written into a staging folder beside ``out`` as its files are made (``add``,
    in a thread of its own, so the writing runs alongside the rest of the build), then
    swapped in as ``out`` at once (``finish``). Leaving the ``with`` block without
    ``finish`` (the build failed) leaves ``out`` as it was.

    ``kept``: a folder of the cache for this output, holding its manifest and the previous
    build (see ``Kept``); None: every file is written into a new folder.

    Builds into the same folder take turns: a lock on the folder that holds ``out``
    (no lock file to leave behind) keeps one build from cleaning up another's work.
    """

    def __init__(self, out: Path, kept: Path | None = None):
        self.out = Path(os.path.abspath(out))
        self.kept = Kept(kept) if kept is not None else None
        self.staging = self.out.parent / f".{self.out.name}.tmp-{os.getpid()}"
        self._thread = ThreadPoolExecutor(1)
        self._work: list[Future[None]] = []
        self._held = ExitStack()   # the lock on the folder that holds ``out``
        self._previous: Manifest = {}   # the output's files as written (each checked before use)
        self._ready: Manifest = {}      # the staging's files (from the spare), still as written
        self._hashes: dict[str, str] = {}
        self._manifest: Manifest = {}   # the staging's files that are this build's
        self._written = 0
        self._started = False
        self._adding = threading.Lock()
        self._copy: subprocess.Popen[bytes] | None = None
        self._spare = False   # whether the staging started as the spare (else empty)
        self._spare_files: list[str] = []     # what the spare held, files (and links) then folders
        self._spare_folders: list[str] = []

    def __enter__(self) -> Writer:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._held.enter_context(_locked(self.out))
        clean_leftovers(self.out)
        self._copy = self._linked_copy()
        return self

    def _linked_copy(self) -> subprocess.Popen[bytes] | None:
        """Where there is a manifest but no spare (the build after a cold one): the output's
        folders, and its files as links, copied into the staging by ``cp -al`` in a process
        of its own while the build reads and renders; the staging is then a spare (see
        _start). None where there is nothing to copy, or no ``cp`` that links."""
        if self.kept is None or os.path.lexists(self.kept.spare) or not self.kept.manifest.is_file() \
                or not (self.out / MARKER).is_file() or sys.platform != "linux":
            return None
        cp = shutil.which("cp")
        try:
            return None if cp is None else subprocess.Popen([cp, "-al", "--", str(self.out), str(self.staging)],
                                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            return None

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        try:   # a build that failed (or Ctrl+C) waits only for the part being written
            self._thread.shutdown(cancel_futures=kind is not None)
        finally:
            if self._copy is not None and self._copy.poll() is None:   # (the build failed before its first files)
                self._copy.kill()
                self._copy.wait()
            if not self._started:   # nothing of this build in it: at most the copy
                shutil.rmtree(self.staging, ignore_errors=True)
            elif self.staging.exists():   # not swapped in: the build failed
                self._give_back()
            self._held.close()

    def add(self, files: Mapping[str, bytes]) -> None:
        """Write these files of the build (in the background): a path given again is written
        again. Several threads may give files."""
        for relative in files:
            norm = posixpath.normpath(relative)
            if posixpath.isabs(norm) or norm == ".." or norm.startswith("../") or norm in (".", MARKER):
                raise OutputError(f"refusing to write {relative}: it would land outside the build")
        self._submit(self._write, dict(files))

    def retract(self, folder: str) -> None:
        """The files given under ``folder`` (``pagefind/``) are not the build's after all."""
        self._submit(self._retract, folder)

    def _submit(self, work: Callable[..., None], *args: object) -> None:
        with self._adding:
            if not self._started:   # the thread starts with the first files, after the build's worker
                self._started = True   # processes where it has them (forked from one thread: see workers.py)
                self._work.append(self._thread.submit(self._start))
            self._work.append(self._thread.submit(work, *args))

    def _retract(self, folder: str) -> None:
        for relative in [path for path in self._hashes if path.startswith(folder)]:
            del self._hashes[relative]
            self._manifest.pop(relative, None)
            with suppress(FileNotFoundError):
                os.unlink(self.staging / relative)
        if not any(path.startswith(folder) for path in self._hashes):
            shutil.rmtree(self.staging / folder, ignore_errors=True)

    def finish(self) -> int:
        """Swap the build in as ``out``, once every file is written; how many were written
        (the others were linked, or already there)."""
        self._wait()
        hashes, previous = self._hashes, self._previous
        if self._spare:
            self._remove_others()
        if previous.keys() == hashes.keys() and all(previous[path][0] == digest for path, digest in hashes.items()) \
                and len(_unchanged(self.out, previous)) == len(previous) and _listed(self.out) == hashes.keys() | {MARKER}:
            return 0   # the output is this build already, byte for byte, and holds nothing else (staging goes back)
        if not self._started:   # a build of no files
            self._started = True
            self._start()
        (self.staging / MARKER).write_bytes(MARKER_TEXT)
        replaced = _swap_in(self.staging, self.out)
        if self.kept is not None:
            _write_manifest(self.kept.manifest, self._manifest)
        if replaced is not None and self.kept is not None:
            _keep_spare(replaced, self.kept, previous)
        elif replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        return self._written

    def _wait(self) -> None:
        for work in self._work:
            work.result()
        self._work = []

    def _start(self) -> None:
        if self.kept is None:
            self.staging.mkdir()
            return
        self._previous = _read_manifest(self.kept.manifest) if (self.out / MARKER).is_file() else {}
        if self._copy is not None:   # the output, linked: its files are the manifest's where they are as written
            if self._copy.wait() != 0:
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging.mkdir()
                return
            spare = self._previous
        else:
            spare = _read_manifest(self.kept.spare_manifest)
            try:
                self.kept.spare_manifest.unlink(missing_ok=True)   # the spare is about to change
                os.rename(self.kept.spare, self.staging)
            except OSError:   # no spare, or one on another file system
                shutil.rmtree(self.kept.spare, ignore_errors=True)
                self.staging.mkdir()
                return
        self._spare = True
        todo = [("", str(self.staging))]
        while todo:   # what the spare holds; its files still as written are ready (one lstat each)
            inner, folder = todo.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    relative = inner + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        self._spare_folders.append(relative)   # (before those inside it)
                        todo.append((relative + "/", entry.path))
                        continue
                    self._spare_files.append(relative)
                    known = spare.get(relative)
                    if known is not None and _as_written(entry.stat(follow_symlinks=False), known):
                        self._ready[relative] = known

    def _remove_others(self) -> None:
        """Delete from the staging what the spare held that this build does not (files, links, folders)."""
        folders = folders_of(self._hashes)
        for relative in self._spare_files:
            if relative not in self._hashes and relative not in folders:
                with suppress(FileNotFoundError, NotADirectoryError):
                    os.unlink(self.staging / relative)
        for relative in self._spare_folders:
            if relative not in folders and relative not in self._hashes:
                shutil.rmtree(self.staging / relative, ignore_errors=True)

    def _write(self, files: dict[str, bytes]) -> None:
        made: set[Path] = set()
        for relative in sorted(files):
            data = files[relative]
            digest = self._hashes[relative] = hashlib.sha256(data).hexdigest()
            ready = self._ready.pop(relative, None)
            if ready is not None and ready[0] == digest:
                self._manifest[relative] = ready
                continue
            target = self.staging / relative
            if target.parent not in made:
                _make_folders(self.staging, target.parent)
                made.update(target.parents)
            if (self._spare or relative in self._manifest) and os.path.lexists(target):
                _remove(target)   # (a file of the spare may be linked to the output's: never written into)
            old = self._previous.get(relative)
            if old is not None and old[0] == digest and _same(self.out / relative, old):
                try:
                    os.link(self.out / relative, target)
                    self._manifest[relative] = old   # (one file: the same size, time and inode)
                    continue
                except OSError:
                    pass
            target.write_bytes(data)
            self._written += 1
            status = os.stat(target)
            self._manifest[relative] = (digest, status.st_size, status.st_mtime_ns, status.st_ino)

    def _give_back(self) -> None:
        """A build that failed: its staging becomes the spare again, with the entries of its
        files as written (the next build checks each again), or goes."""
        if self.kept is None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            shutil.rmtree(self.kept.spare, ignore_errors=True)
            os.rename(self.staging, self.kept.spare)
        except OSError:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        _write_manifest(self.kept.spare_manifest, {**self._ready, **self._manifest})


def tidy(out: Path) -> None:
    """Remove what an interrupted earlier build left beside ``out`` (as a build does first)."""
    out = Path(os.path.abspath(out))
    with _locked(out):
        clean_leftovers(out)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    folder = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # closing releases the lock


def _make_folders(staging: Path, folder: Path) -> None:
    """``folder`` and the folders above it, inside ``staging``, where a file of the spare
    may stand in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for above in reversed((folder, *folder.parents)):
            if above.is_relative_to(staging) and above != staging and not above.is_dir():
                _remove(above)
        folder.mkdir(parents=True, exist_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def intact(out: Path, kept: Path) -> bool:
    """Whether ``out`` holds exactly the files of the manifest kept for it, each as it was
    written: none changed, added or removed since."""
    manifest = _read_manifest(Kept(kept).manifest)
    return bool(manifest) and len(_unchanged(out, manifest)) == len(manifest) and _listed(out) == manifest.keys() | {MARKER}


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder the paths lie in: ``a/b/c.html`` -> ``{"a", "a/b"}``. (Each path's own
    folder, then each folder's parents until one already found: 14,000 paths share 6,000.)"""
    found: set[str] = set()
    for folder in {path.rpartition("/")[0] for path in paths}:
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def _keep_spare(replaced: Path, kept: Kept, previous: Manifest) -> None:
    """The previous output, swapped out, kept as the spare with the manifest entries of its
    files that were still as written (deleted where it cannot be kept)."""
    try:
        kept.folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(kept.spare, ignore_errors=True)
        os.rename(replaced, kept.spare)
    except OSError:
        shutil.rmtree(replaced, ignore_errors=True)
        return
    _write_manifest(kept.spare_manifest, previous)


def _read_manifest(path: Path) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (str(v[0]), int(v[1]), int(v[2]), int(v[3])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}   # no manifest, or a damaged one: every file is written


def _as_written(status: os.stat_result, entry: tuple[str, int, int, int]) -> bool:
    """Whether a file (its lstat) is still the one ``entry`` describes: a regular file of the
    same size, modification time and inode (a file a person changed is written again)."""
    return S_ISREG(status.st_mode) and (status.st_size, status.st_mtime_ns, status.st_ino) == entry[1:]


def _same(path: str | Path, entry: tuple[str, int, int, int]) -> bool:
    """Whether the file at ``path`` is still the one ``entry`` describes (see _as_written)."""
    try:
        return _as_written(os.lstat(path), entry)
    except OSError:
        return False


def _unchanged(out: Path, manifest: Manifest) -> Manifest:
    """The manifest's entries whose file in ``out`` is still the one that was written."""
    base = os.path.join(out, "")
    kept = {relative: entry for relative, entry in manifest.items() if _same(base + relative, entry)}
    if kept and not (out / MARKER).is_file():
        return {}
    return kept


def _listed(out: Path) -> set[str]:
    """Every file and link under ``out``, as paths inside it."""
    found: set[str] = set()
    for folder, folders, names in os.walk(out):
        base = os.path.relpath(folder, out)
        found.update(name if base == "." else f"{base}/{name}" for name in names)
        found.update(f"{name}" if base == "." else f"{base}/{name}" for name in folders if os.path.islink(os.path.join(folder, name)))
    return found


def _write_manifest(path: Path, manifest: Manifest) -> None:
    """Kept atomically; a manifest that cannot be written only costs the next build a full write."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        return


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted earlier build left beside ``out``; restore ``out`` if needed."""
    for leftover in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> Path | None:
    """``staging`` becomes ``out`` at once; returns the folder that now holds the previous
    output (None where there was none)."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    function = _renameat2()
    return function is not None and function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


@lru_cache(maxsize=1)
def _renameat2() -> Any:
    name = ctypes.util.find_library("c")   # (runs ldconfig: once)
    return None if name is None else getattr(ctypes.CDLL(name, use_errno=True), "renameat2", None)
