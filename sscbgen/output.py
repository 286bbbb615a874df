"""The only writer of a build: everything into a temporary folder, then swapped in at once.

A build that fails before the swap leaves the previous output exactly as it was; a
build killed mid-way leaves at most a temporary folder, removed by the next run.
"""

from __future__ import annotations

import ctypes
import fcntl
import ctypes.util
import os
import shutil
from pathlib import Path

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


def write_build(files: dict[str, bytes], out: Path) -> None:
    """Write ``files`` (paths inside the build -> bytes) and swap them in as ``out``.

    Builds into the same folder take turns: a lock on the folder that holds ``out``
    (no lock file to leave behind) keeps one build from cleaning up another's work.
    """
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        _write_locked(files, out)
    finally:
        os.close(folder)  # closing releases the lock


def _write_locked(files: dict[str, bytes], out: Path) -> None:
    clean_leftovers(out)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for relative in sorted(files):
            target = staging / relative
            if not target.resolve().is_relative_to(staging.resolve()):
                raise OutputError(f"refusing to write {relative}: it would land outside the build")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        (staging / MARKER).write_text("This folder is written by sscbgen build; it is replaced on every build.\n")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted earlier build left beside ``out``; restore ``out`` if needed."""
    for leftover in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous build
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
