"""What makes sscbgen's results besides a site's own files: its code and built-in theme,
and the versions of the libraries it renders with. A result made by other code is never
reused (see store.py and last_build.py)."""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# The libraries whose output lands in a build: another version may give other bytes.
RENDERING = ("jinja2", "markdown-it-py", "mdit-py-plugins", "PyYAML", "pydantic", "weasyprint", "nh3", "icalendar",
             "feedgen", "css-inline", "pagefind")


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of every file of the package (code, theme, fonts, scaffolds) and of the
    rendering libraries' versions."""
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + len(data := path.read_bytes()).to_bytes(8, "big") + data)
    for name in RENDERING:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"\0{name}={version}".encode())
    return h.hexdigest()
