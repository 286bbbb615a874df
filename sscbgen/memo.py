"""Results of pure functions kept between the builds of one ``sscbgen serve`` session.

A key holds (or hashes) every input of the function, never a "dirty" flag, so a hit
is by construction what a fresh call would return: a build that uses the memo
equals a clean build, byte for byte. Entries not used by the latest build are
dropped after it, so the memo holds about one build's worth of results.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


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
