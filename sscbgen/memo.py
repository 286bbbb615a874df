"""Results of pure functions kept between the builds of one ``sscbgen serve`` session.

A key holds (or hashes) every input of the function, never a "dirty" flag, so a hit
is by construction what a fresh call would return: a build that uses the memo
equals a clean build, byte for byte. Entries not used by the latest good build are
dropped after it, so the memo holds about one build's worth of results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type)


class Memo:
    """Two generations: the entries the last good build used (``_kept``) and those this build
    has used so far (``_used``), which become the kept ones when it succeeds."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, object] = {}
        self._used: dict[Hashable, object] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its result from an earlier call with the same key.

        An exception is not kept: the next call computes again (and fails again).
        """
        value = self._found(key)
        if value is _NONE:
            self.misses += 1
            value = self._used[key] = compute()
        else:
            self.hits += 1
        return value  # type: ignore[return-value]

    def find(self, key: Hashable) -> object | None:
        """What ``put`` kept under ``key`` (this build or the last good one), or None."""
        value = self._found(key)
        return None if value is _NONE else value

    def put(self, key: Hashable, value: object) -> None:
        self._used[key] = value

    def same_data(self, key: Hashable, data: object, compute: Callable[[], T]) -> T:
        """``compute()``, a pure function of ``data``; or what it gave at the last call with
        this key, if that call's data was equal. The data is compared, not hashed: for a
        file's bytes, read again at every build, where equal bytes then give the very object
        made before (whose hash, and comparisons with it, cost nothing)."""
        kept = self._found(key)
        if isinstance(kept, _Made) and kept.data == data:
            self.hits += 1
        else:
            self.misses += 1
            kept = self._used[key] = _Made(data, compute())
        return kept.value   # type: ignore[return-value]

    def _found(self, key: Hashable) -> object:
        """The entry under ``key``, from this build or the last good one (then this build's
        too, so it is kept), or _NONE."""
        value = self._used.get(key, _NONE)
        if value is _NONE:
            value = self._kept.get(key, _NONE)
            if value is not _NONE:
                self._used[key] = value
        return value

    def sweep(self) -> None:
        """The build just finished succeeded: keep only what it used. (After a failed build
        nothing is dropped: it may have used fewer entries, and the next build looks in both.)"""
        self._kept, self._used = self._used, {}

    def __len__(self) -> int:
        return len(self._kept.keys() | self._used.keys())


_NONE = object()


class _Made:
    __slots__ = ("data", "value")

    def __init__(self, data: object, value: object):
        self.data = data
        self.value = value


def memoised(memo: Memo | None, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` through ``memo`` where there is one (serve), directly where not (build)."""
    return compute() if memo is None else memo.get(key, compute)


def memoised_data(memo: Memo | None, key: Hashable, data: object, compute: Callable[[], T]) -> T:
    """``compute()`` (pure in ``data``) through ``memo.same_data`` where there is a memo."""
    return compute() if memo is None else memo.same_data(key, data, compute)


class Same(tuple):
    """Part of a memo key: objects compared by identity. Under serve, what did not change is
    the very object the last build had (a file's texts rendered, taken from the results
    kept by job), and a frozen object is its value: so the same objects mean the same
    inputs, and the key costs a few ids where comparing the values would walk them whole.
    An equal value in another object only misses (the work is done again), never hits
    wrongly. It is the tuple of their ids (compared and hashed as a tuple, in C), and holds
    the objects: while a key is kept, no other object can have one of its ids."""

    items: tuple[object, ...]

    def __new__(cls, items: tuple[object, ...]) -> Same:
        made = super().__new__(cls, map(id, items))
        made.items = items
        return made


def hashed_once(cls: C) -> C:
    """A frozen dataclass whose hash is worked out once, at the first lookup, and kept on the
    object: for a part many pages hold (hashing a page would hash it again each time) and a
    page's job (serve looks each one up at every build). The kept hash is not pickled: another
    process's hashes differ. Put it above ``@dataclass(frozen=True)``."""
    names = tuple(f.name for f in dataclasses.fields(cls))

    def __hash__(self: object) -> int:
        try:
            return self.__dict__["_hash"]
        except KeyError:
            made = self.__dict__["_hash"] = hash(tuple(getattr(self, name) for name in names))
            return made

    def __getstate__(self: object) -> dict[str, object]:
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}

    cls.__hash__ = __hash__   # type: ignore[assignment]
    cls.__getstate__ = __getstate__   # type: ignore[method-assign, assignment]
    return cls
