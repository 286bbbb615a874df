"""A folder of results keyed by the hash of everything that made them.

Memoisation, never "dirty" tracking: a key is the SHA-256 of a stage's complete
inputs, so a hit is by construction what a fresh run would produce.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path


def digest(*parts: bytes | str) -> str:
    """One hash over several inputs, each length-prefixed so boundaries count."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class Entry:
    data: bytes
    meta: dict


class Cache:
    """``folder`` None: no cache. ``writable`` False: read, never write (``sscbgen check``)."""

    def __init__(self, folder: Path | None, writable: bool = True):
        self.folder = folder
        self.writable = writable

    def get(self, key: str) -> Entry | None:
        if self.folder is None:
            return None
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.bin").read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or not isinstance(meta.get("pages"), int) or meta.get("sha256") != hashlib.sha256(data).hexdigest():
            return None  # a torn or damaged entry is a miss, never a wrong result
        return Entry(data, meta)

    def put(self, key: str, data: bytes, meta: dict) -> None:
        """Store atomically (write beside, then rename); a cache that cannot be written is skipped."""
        if self.folder is None or not self.writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for suffix, content in ((".bin", data), (".json", json.dumps({**meta, "sha256": hashlib.sha256(data).hexdigest()}).encode())):
                temporary = self.folder / f".{key}{suffix}.{os.getpid()}"
                temporary.write_bytes(content)
                os.replace(temporary, self.folder / f"{key}{suffix}")
        except OSError:
            return

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no build uses any more, so the folder does not grow without end."""
        if self.folder is None or not self.writable or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".bin", ".json") and path.stem not in keys:
                path.unlink(missing_ok=True)
