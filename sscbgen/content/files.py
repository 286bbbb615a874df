"""Reading the site's files safely: nothing outside the site, nothing that is not text."""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache
from pathlib import Path

from sscbgen.errors import SiteErrors, SourceError, display_path

MAX_TEXT_BYTES = 2 * 1024 * 1024
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)   # (O_BINARY: Windows, which would translate line ends)
IGNORED_PREFIXES = (".", "~", "#")


def is_ignored(name: str) -> bool:
    """Editors' temporary and hidden files: never content."""
    return name.startswith(IGNORED_PREFIXES) or name.endswith(("~", ".swp", ".tmp"))


@lru_cache(maxsize=65536)
def path_of(text: str) -> Path:
    """``Path(text)``, made once (a walk makes thousands at every build, and serve walks at
    every save: pathlib parses each one)."""
    return Path(text)


def index_file(folder: Path) -> Path:
    """A folder's ``index.md``."""
    return path_of(os.path.join(folder, "index.md"))


@lru_cache(maxsize=65536)
def real_folder(folder: Path) -> str:
    """``folder`` resolved; load() clears this at its start, so a session sees a folder that moved."""
    return os.path.realpath(folder)


def check_inside(path: Path, root: Path, site: Path) -> str:
    """``path`` resolved; raise if it (perhaps a link) leads outside ``root`` or loops.

    A file that is not a link is where its folder really is: folders are resolved once
    each, not once for every file in them (os.path rather than pathlib, for the same
    reason: a build calls this for every file, and this was most of a rebuild's time).
    """
    try:
        if os.path.islink(path):
            real = os.path.realpath(path, strict=True)
        else:
            real = os.path.join(real_folder(path.parent), path.name)
    except RuntimeError:
        raise SiteErrors([SourceError(display_path(path, site), None, "", "is a link that loops back on itself; remove it")]) from None
    except OSError as exc:
        where = display_path(path, site)
        if exc.errno == errno.ELOOP:
            raise SiteErrors([SourceError(where, None, "", "is a link that loops back on itself; remove it")]) from None
        raise SiteErrors([SourceError(where, None, "", "is a link to something that does not exist; remove it")]) from None
    inside = real_folder(root)
    if real != inside and not real.startswith(inside.rstrip("/") + "/"):
        raise SiteErrors([SourceError(display_path(path, site), None, "", f"is a link to a place outside {display_path(root, site)}/; copy the file in instead")])
    return real


def read_data(path: Path, root: Path, site: Path, where: str, known: bytes | None = None) -> bytes:
    """The bytes of a content file that list_folder found (it checks each link it meets, so
    a file that is not a link is inside the site), or SiteErrors saying in plain words why
    not; ``where``: its path as the writer knows it. ``known``: its bytes, already read (by
    last_build.inputs, a regular file). text_of makes them its text."""
    try:
        status = os.lstat(path)   # one call: whether it is a link, and what it is
    except OSError as exc:
        raise _unreadable(where, exc) from None
    if stat.S_ISLNK(status.st_mode):
        real = check_inside(path, root, site)
        return known if known is not None else _read_bytes(real, where)
    return known if known is not None else _read_bytes(str(path), where, status)


def text_of(data: bytes, where: str) -> str:
    """A content file's bytes as text, or SiteErrors saying why they are not."""
    if len(data) > MAX_TEXT_BYTES:
        raise _too_large(where, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SiteErrors([SourceError(where, None, "", "is saved as UTF-16 ('Unicode' in Notepad); save it as UTF-8 instead")])
    if b"\x00" in data:
        raise SiteErrors([SourceError(where, None, "", "is not a text file (it holds binary data); Markdown files must be plain text")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SiteErrors([SourceError(
            where, line, "", "is not UTF-8 text; save it with the UTF-8 encoding (your editor's 'Save as' offers it)"
        )]) from None


def _read_bytes(real: str, where: str, status: os.stat_result | None = None) -> bytes:
    """``status``: the file's own, where it is known (it is not a link)."""
    try:
        status = status or os.stat(real)
        if not stat.S_ISREG(status.st_mode):
            raise SiteErrors([SourceError(where, None, "", "is not a regular file; Markdown files must be plain text files")])
        if status.st_size > MAX_TEXT_BYTES:
            raise _too_large(where, status.st_size)
        file = os.open(real, _READ)
        try:   # (one read of its size: fewer calls than a file object's, at every build for every file)
            data = os.read(file, status.st_size + 1)
            while status.st_size < len(data) <= MAX_TEXT_BYTES:   # it grew since: the rest
                more = os.read(file, MAX_TEXT_BYTES + 1 - len(data))
                if not more:
                    break
                data += more
            return data
        finally:
            os.close(file)
    except OSError as exc:
        raise _unreadable(where, exc) from None


def _unreadable(where: str, exc: OSError) -> SiteErrors:
    return SiteErrors([SourceError(where, None, "", f"cannot be read ({exc.strerror})")])


def _too_large(where: str, size: int) -> SiteErrors:
    return SiteErrors([SourceError(where, None, "", f"is too large ({size / 1_048_576:.1f} MB); a text file may be at most {MAX_TEXT_BYTES // 1_048_576} MB")])


def list_folder(folder: Path, boundary: Path, site: Path, problems: list[SourceError]) -> list[os.DirEntry]:
    """A folder's entries in a stable order, without editors' temporary files.

    A link that leads outside ``boundary``, loops or is broken is left out and
    reported in ``problems``, so callers only meet entries that are safe to open.
    """
    kept = []
    try:
        entries = os.scandir(folder)
    except OSError as exc:
        problems.append(SourceError(display_path(folder, site), None, "", f"cannot be read ({exc.strerror})"))
        return []
    with entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if is_ignored(entry.name):
                continue
            if entry.is_symlink():
                try:
                    check_inside(Path(entry.path), boundary, site)
                except SiteErrors as exc:
                    problems.extend(exc.errors)
                    continue
            kept.append(entry)
    return kept
