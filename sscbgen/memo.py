"""Results of pure functions kept between the builds of one ``sscbgen serve`` session.

A key holds (or hashes) every input of the function, never a "dirty" flag, so a hit
is by construction what a fresh call would return: a build that uses the memo
equals a clean build, byte for byte. Entries not used by the latest build are
dropped after it, so the memo holds about one build's worth of results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type)


class Memo:
    def __init__(self) -> None:
        self._entries: dict[Hashable, object] = {}
        self._used: set[Hashable] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its result from an earlier call with the same key.

        An exception is not kept: the next call computes again (and fails again).
        """
        self._used.add(key)
        try:
            value = self._entries[key]
        except KeyError:
            self.misses += 1
            made = self._entries[key] = compute()
            return made
        self.hits += 1
        return value  # type: ignore[return-value]

    def sweep(self) -> None:
        """Forget what the build just finished did not use."""
        self._entries = {key: self._entries[key] for key in self._used if key in self._entries}
        self._used = set()

    def __len__(self) -> int:
        return len(self._entries)


def memoised(memo: Memo | None, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` through ``memo`` where there is one (serve), directly where not (build)."""
    return compute() if memo is None else memo.get(key, compute)


class Same:
    """Part of a memo key: objects compared by identity. Under serve, what did not change is
    the very object the last build had (a file's texts rendered, taken from the results
    kept by job), and a frozen object is its value: so the same objects mean the same
    inputs, and the key costs a few ids where comparing the values would walk them whole.
    An equal value in another object only misses (the work is done again), never hits
    wrongly. The key holds its objects, so their ids stay theirs."""

    __slots__ = ("items", "_hash")

    def __init__(self, items: tuple[object, ...]):
        self.items = items
        self._hash = hash(tuple(map(id, items)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Same) and len(other.items) == len(self.items)
                and all(a is b for a, b in zip(self.items, other.items, strict=True)))


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
