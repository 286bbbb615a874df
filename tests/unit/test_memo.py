"""serve's memo: what it keeps between builds, and when a kept result is used."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from sscbgen.memo import Memo, Same, hashed_once


def test_a_result_is_kept_for_the_next_build_only_if_that_build_used_it():
    memo = Memo()
    calls: list[str] = []

    def make(name: str):
        return lambda: calls.append(name) or name.upper()

    assert memo.get("a", make("a")) == "A" and memo.get("b", make("b")) == "B"
    assert memo.get("a", make("a")) == "A" and calls == ["a", "b"]   # once a build
    memo.sweep()                                   # a good build used a and b
    assert memo.get("a", make("a")) == "A" and calls == ["a", "b"]
    memo.sweep()                                   # this one used only a: b goes
    memo.get("b", make("b"))
    assert calls == ["a", "b", "b"]


def test_a_failed_build_drops_nothing():
    memo = Memo()
    memo.get("a", lambda: 1)
    memo.sweep()
    memo.get("b", lambda: 2)        # a build that fails (no sweep) used only b
    memo.sweep()                    # the next build, good, used nothing of it
    assert memo.get("a", lambda: 3) == 3   # a was dropped by the good build, not the failed one
    memo = Memo()
    memo.get("a", lambda: 1)
    memo.sweep()
    memo.get("b", lambda: 2)        # failed
    assert memo.get("a", lambda: 3) == 1 and memo.get("b", lambda: 4) == 2   # the build after it sees both


def test_the_same_bytes_give_the_very_object_made_from_them_before():
    memo = Memo()
    first = memo.same_data("file", b"text" * 100, lambda: bytearray(b"made"))
    memo.sweep()
    again = memo.same_data("file", bytes(b"text" * 100), lambda: bytearray(b"made"))   # equal bytes, another object
    assert again is first
    memo.sweep()
    changed = memo.same_data("file", b"text" * 99, lambda: bytearray(b"new"))
    assert changed == bytearray(b"new") and changed is not first


def test_same_compares_by_identity():
    a, b = [1], [1]
    assert Same((a, "x")) == Same((a, "x")) and hash(Same((a,))) == hash(Same((a,)))
    assert Same((a,)) != Same((b,))   # equal values in other objects: a miss, never a wrong hit
    assert Same((a,)) != Same((a, a))


@hashed_once
@dataclass(frozen=True)
class Part:
    name: str
    items: tuple[str, ...]


def test_a_hashed_once_object_keeps_its_hash_but_does_not_pickle_it():
    part = Part("a", ("b", "c"))
    assert hash(part) == hash(("a", ("b", "c"))) and "_hash" in part.__dict__
    assert part == Part("a", ("b", "c")) and {part: 1}[Part("a", ("b", "c"))] == 1
    copied = pickle.loads(pickle.dumps(part))
    assert copied == part and "_hash" not in copied.__dict__
    assert pickle.dumps(part) == pickle.dumps(Part("a", ("b", "c")))   # (a key made from the pickle: the same)
