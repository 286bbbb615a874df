"""The last build of an output folder, kept in the cache: a hash of its inputs, what it
said, and which output it wrote. A build whose inputs hash the same, into an output
folder still exactly as that build wrote it, has nothing to do: it says again what the
last one said, and reads nothing but the inputs and the folder's file list.

The inputs are every file a build reads (config.yaml, content/, static/, templates/ and
the logo), the options that change what it makes, the build date, SOURCE_DATE_EPOCH (the
PDFs' date), and sscbgen's code with the libraries it renders with (code.code_key). Any
doubt (a file that cannot be read, a damaged record, an output file touched since) is a
full build. Deleting the cache is always safe.

Light to import on purpose: this runs before the build's own modules are loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sscbgen.code import code_key
from sscbgen.errors import SourceError
from sscbgen.options import Options
from sscbgen.output import Kept, intact, tidy

FOLDERS = ("content", "static", "templates")


@dataclass(frozen=True)
class Printed:
    """What the summary says of one PDF."""

    label: str
    path: str
    pages: int
    size: int
    cached: bool


@dataclass(frozen=True)
class Built:
    """What a build made and said: all the command line reports of it."""

    pages: int
    others: int
    pdfs: tuple[Printed, ...]
    warnings: tuple[SourceError, ...]
    notices: tuple[SourceError, ...]
    drafts_skipped: tuple[str, ...]
    scheduled: int
    rendered: int = 0       # jobs made by this build
    jobs: int = 0           # jobs in all
    timings: tuple[tuple[str, float], ...] = ()
    unchanged: bool = False   # nothing had changed since the last build: nothing was done


@dataclass(frozen=True)
class Inputs:
    """The build's inputs as read, before the build: their hash, and the bytes of each file
    of content/ by its path as the build walks it (the build reads those, not the files
    again, so what it builds is what was hashed)."""

    digest: str
    content: dict[str, bytes]


def inputs_of(options: Options) -> Inputs | None:
    """The build's inputs (see ``inputs``), read before the build; None without a cache, or
    where one cannot be read (the build reads it, and says why)."""
    if not options.use_cache:
        return None
    try:
        return inputs(options)
    except (OSError, ValueError):
        return None


def reuse(options: Options, read: Inputs | None) -> Built | None:
    """The last build's summary, where its inputs were the same and its output is intact:
    there is nothing to do. Else None."""
    if read is None:
        return None
    try:
        record = json.loads(_record(options).read_text(encoding="utf-8"))
        if record["inputs"] != read.digest:
            return None
        if hashlib.sha256(Kept(options.kept).manifest.read_bytes()).hexdigest() != record["output"] or not intact(options.out, options.kept):
            return None
        built = _built(record["built"])
        tidy(options.out)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None   # no record, a damaged one, or an input that cannot be read: build
    return replace(built, rendered=0, unchanged=True, pdfs=tuple(replace(pdf, cached=True) for pdf in built.pdfs))


def keep(options: Options, built: Built, read: Inputs | None) -> None:
    """Record a build that was written (``read``: its inputs, as ``inputs`` gave them before
    the build). A record that cannot be written only costs the next build its shortcut."""
    if not options.use_cache or read is None:
        return
    path = _record(options)
    try:
        output = hashlib.sha256(Kept(options.kept).manifest.read_bytes()).hexdigest()
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"inputs": read.digest, "output": output, "built": asdict(built)}), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        forget(options)


def forget(options: Options) -> None:
    """No record: the next build builds (called before a build writes its output)."""
    try:
        _record(options).unlink(missing_ok=True)
    except OSError:
        pass


def _record(options: Options) -> Path:
    return options.kept / "build.json"


def inputs(options: Options) -> Inputs:
    """Everything a build of ``options`` depends on, hashed; raises OSError (or ValueError)
    where an input cannot be read."""
    h = hashlib.sha256()
    settings = {"site": str(options.root), "config": options.config.name, "drafts": options.drafts, "base_url": options.base_url, "today": options.today.isoformat(),
                "pdf": options.pdf, "epoch": os.environ.get("SOURCE_DATE_EPOCH"), "code": code_key()}
    h.update(json.dumps(settings, sort_keys=True).encode())
    config = options.config.read_bytes()
    _add(h, options.config.name, config)
    content: dict[str, bytes] = {}
    for folder in FOLDERS:
        for relative, path in _files(options.root / folder, folder):
            with open(path, "rb", buffering=0) as file:   # (not pathlib: 5,800 files at 5,000 articles)
                data = file.readall()
            _add(h, relative, data)
            if folder == "content" and path != os.devnull:
                content[path] = data
    logo = _logo(config)
    if logo is not None and not logo.startswith(tuple(f"{folder}/" for folder in FOLDERS)):
        _add(h, "logo:" + logo, (options.root / logo).read_bytes() if (options.root / logo).is_file() else b"")
    return Inputs(h.hexdigest(), content)


def _add(h: hashlib._Hash, name: str, data: bytes) -> None:
    h.update(b"\0" + name.encode() + b"\0" + len(data).to_bytes(8, "big"))
    h.update(data)


def _files(folder: Path, name: str) -> list[tuple[str, str]]:
    """Every file under ``folder`` (following links, each folder once), as (its name from
    the site folder, its path), in a fixed order; an entry that is neither a file nor a
    folder counts by its name."""
    found: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    todo = [(str(folder), name)]
    while todo:
        path, relative = todo.pop()
        try:
            status = os.stat(path)
        except FileNotFoundError:
            found.append((relative + "\0missing", os.devnull))
            continue
        if (status.st_dev, status.st_ino) in seen:
            continue
        seen.add((status.st_dev, status.st_ino))
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name, reverse=True):
                inner = f"{relative}/{entry.name}"
                if entry.is_dir():
                    todo.append((entry.path, inner))
                elif entry.is_file():
                    found.append((inner, entry.path))
                else:
                    found.append((inner + "\0other", os.devnull))
    return found


def _logo(config: bytes) -> str | None:
    """``look.logo`` of config.yaml, which may lie outside the folders above; None where
    config.yaml gives none (or cannot be read: the build says why)."""
    import yaml

    try:
        data = yaml.load(config, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    look = data.get("look") if isinstance(data, dict) else None
    logo = look.get("logo") if isinstance(look, dict) else None
    return logo if isinstance(logo, str) else None


def _built(data: dict) -> Built:
    def errors(rows: list) -> tuple[SourceError, ...]:
        return tuple(SourceError(str(path), line if line is None else int(line), str(field), str(message)) for path, line, field, message in
                     (row.values() if isinstance(row, dict) else row for row in rows))

    return Built(int(data["pages"]), int(data["others"]), tuple(Printed(**pdf) for pdf in data["pdfs"]), errors(data["warnings"]),
                 errors(data["notices"]), tuple(str(d) for d in data["drafts_skipped"]), int(data["scheduled"]),
                 int(data["rendered"]), int(data["jobs"]), tuple((str(n), float(s)) for n, s in data["timings"]))
