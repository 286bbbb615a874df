"""Results kept between builds in ``.sscbgen-cache/store.sqlite``, keyed by their inputs' hash.

A key is derived from a job's complete inputs (its frozen description and sscbgen's own
code), never written by hand, so a hit is what a fresh run would return. SQLite keeps
each write atomic; a damaged or unreadable store is no store (the build renders
everything), and deleting it is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of sscbgen's own code: a result made by other code is never reused."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def keys_of(jobs: Sequence[object]) -> list[str]:
    """The key of each frozen job, derived from every field it carries (its content models
    through their JSON, which pydantic makes in Rust: their repr is many times slower).
    Parts the jobs share (the site's settings, an issue) are taken apart once."""
    seen: dict[int, bytes] = {}
    keys = []
    for job in jobs:
        h = hashlib.sha256(code_key().encode())
        _feed(job, h, seen)
        keys.append(h.hexdigest())
    return keys


def _feed(value: object, h: Any, seen: dict[int, bytes]) -> None:
    """Put ``value`` into the hash ``h`` unambiguously: a type's name, then its parts.
    ``seen``: what objects shared by several parts (the site's config) came to, by id."""
    if isinstance(value, (str, int, float, bool, type(None), dt.date, dt.time, Path)):
        text = f"{type(value).__name__}:{value!r}".encode()
        h.update(len(text).to_bytes(8, "big") + text)
        return
    known = seen.get(id(value))
    if known is None:
        if isinstance(value, BaseModel):
            known = f"{type(value).__qualname__}:".encode() + value.model_dump_json().encode()
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            inner = hashlib.sha256(type(value).__qualname__.encode())
            for item in dataclasses.fields(value):
                _feed(getattr(value, item.name), inner, seen)
            known = inner.digest()
        elif isinstance(value, (tuple, list, frozenset, set)):
            inner = hashlib.sha256(type(value).__name__.encode())
            for item in (sorted(value, key=repr) if isinstance(value, (frozenset, set)) else value):
                _feed(item, inner, seen)
            known = inner.digest()
        elif isinstance(value, dict):
            inner = hashlib.sha256(b"dict")
            for key, item in value.items():
                _feed(key, inner, seen)
                _feed(item, inner, seen)
            known = inner.digest()
        else:
            raise TypeError(f"a job holds a {type(value).__name__}, which has no derived key")
        seen[id(value)] = known
    h.update(len(known).to_bytes(8, "big") + known)


class Store:
    """``path`` None: nothing is kept. ``writable`` False: read only (``sscbgen check``)."""

    def __init__(self, path: Path | None, writable: bool = True):
        self.path = path
        self.writable = writable
        self._db: sqlite3.Connection | None = None
        self._broken = path is None

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._db is None:
            try:
                assert self.path is not None
                if self.writable:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                elif not self.path.is_file():
                    self._broken = True
                    return None
                self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            except (OSError, sqlite3.Error):
                self._broken = True
                return None
        return self._db

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The values kept for those of ``keys`` that have one (a damaged one is a miss)."""
        db = self._connection()
        keys = list(keys)
        if db is None or not keys:
            return {}
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                rows = db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, value in rows:
                    try:
                        found[key] = pickle.loads(value)
                    except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a wrong result
                        continue
        except sqlite3.Error:
            self._broken = True
            return {}
        return found

    def put_many(self, values: Mapping[str, Any]) -> None:
        db = self._connection()
        if db is None or not self.writable or not values:
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                               [(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in values.items()])
        except sqlite3.Error:
            self._broken = True   # a full disk or a locked file: the build goes on without keeping

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget what the latest build did not use, so the store does not grow without end."""
        db = self._connection()
        if db is None or not self.writable:
            return
        try:
            with db:
                db.execute("BEGIN")
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in keys))
                db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            self._broken = True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
