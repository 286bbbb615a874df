"""Results kept between builds in ``.sscbgen-cache/store.sqlite``, keyed by their inputs' hash.

A key is derived from a job's complete inputs (its frozen description and sscbgen's own
code), never written by hand, so a hit is what a fresh run would return. SQLite keeps
each write atomic; a damaged or unreadable store is no store (the build renders
everything), and deleting it is always safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sscbgen.code import code_key


def keys_of(jobs: Sequence[object], shared: Iterable[type] = ()) -> list[str]:
    """The key of each frozen job, derived from every field it carries: the hash of its
    pickle, made without pickle's memo (so it depends on values only, never on which equal
    objects are one), in which a content model stands as its fields' names and values
    (pydantic's own pickle holds a set, whose order changes from process to process), and
    an instance of a ``shared`` dataclass (a review card listed on many pages) as the hash
    of its fields, worked out once each. Equal keys mean equal jobs; an object shared
    differently at most gives another key (a job made again), never a wrong result."""
    code = code_key().encode()
    parts: dict[int, tuple[object, bytes]] = {}   # a part's digest, by id (kept with it, so the id stays its own)

    def model(obj: BaseModel) -> tuple[Callable[..., None], tuple[str, object, object]]:
        return _model, (type(obj).__qualname__, tuple(obj.__dict__.items()), obj.__pydantic_extra__)   # every field, in the model's order

    def part(obj: Any) -> tuple[Callable[..., None], tuple[str, bytes]]:
        known = parts.get(id(obj))
        if known is None or known[0] is not obj:
            fields = tuple(getattr(obj, name) for name in _field_names(type(obj)))
            known = parts[id(obj)] = (obj, hashlib.sha256(_pickled((type(obj).__qualname__, fields), table)).digest())
        return _part, (type(obj).__qualname__, known[1])

    table: dict[type, Callable[[Any], Any]] = {cls: model for cls in _models()}
    table.update({cls: part for cls in shared if dataclasses.is_dataclass(cls)})
    return [hashlib.sha256(code + _pickled(job, table)).hexdigest() for job in jobs]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _part(name: str, digest: bytes) -> None:
    """What a shared part is pickled as, for keys only."""


def _model(name: str, fields: object, extra: object) -> None:
    """What a content model is pickled as, for keys only."""


def _pickled(obj: object, table: dict[type, Callable[[Any], Any]]) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)   # a new one each time: clearing a large memo is slow
    pickler.dispatch_table = table                 # looked up in C: only models and shared parts call back
    pickler.fast = True   # no memo: an object held twice is written twice, so a key depends on values, never on which equal objects are one
    pickler.dump(obj)
    return buffer.getvalue()


def _models() -> list[type]:
    """Every pydantic model class there is (sscbgen's content and config models)."""
    found: list[type] = []
    todo: list[type] = [BaseModel]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


STALE_ENTRIES = 100   # entries a build did not use that the store may keep (see keep_only)


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
                # No flush to disk at each commit (0.9 s of a cold build at 5,000 articles): the
                # store stays whole after a crash (WAL), at most its latest results are lost,
                # which a cache can afford (they are made again).
                self._db.execute("PRAGMA synchronous=NORMAL")
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
        """Forget what the latest build did not use, so the store does not grow without end:
        once the entries it did not use are more than a quarter of those it did (and 100), as
        listing every used key takes SQLite a while (0.4 s at 17,000), and a few entries more
        cost nothing."""
        db = self._connection()
        if db is None or not self.writable:
            return
        keys = set(keys)
        try:
            (held,) = db.execute("SELECT count(*) FROM entries").fetchone()
            if held <= len(keys) + max(STALE_ENTRIES, len(keys) // 4):
                return
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
