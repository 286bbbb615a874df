"""The store of rendered results: what a build did not use is dropped, in batches."""

from pathlib import Path

from sscbgen.store import STALE_ENTRIES, Store


def held(path: Path) -> set[str]:
    store = Store(path)
    found = set(store.get_many(f"k{n}" for n in range(2000)))
    store.close()
    return found


def test_entries_no_build_uses_are_dropped_once_they_are_many(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = Store(path)
    store.put_many({f"k{n}": n for n in range(1000)})
    used = {f"k{n}" for n in range(1000 - STALE_ENTRIES // 2)}
    store.keep_only(used)   # a few unused: kept for now
    assert held(path) == {f"k{n}" for n in range(1000)}
    assert store.get_many(["k999"]) == {"k999": 999}
    store.keep_only({f"k{n}" for n in range(500)})   # many unused: every one goes
    store.close()
    assert held(path) == {f"k{n}" for n in range(500)}
