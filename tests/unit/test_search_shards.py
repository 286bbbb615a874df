"""The search index in shards: which pages each shard holds, and the cache of each shard's
index (an edit runs Pagefind for its shard only; nothing runs when nothing changed; a
damaged entry is a miss). Pagefind runs through a wrapper that notes each run."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from test_site import built, small_site, write

from sscbgen.render.search import SearchShard, index_shards, indexed_pages, search_shards

ARTICLE = "issues/2015-05/first/index.html"


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PAGEFIND_BINARY_PATH set to a wrapper of the real Pagefind that writes, for each run,
    a line with the pages it was given; returns that log."""
    from pagefind.service import get_executable

    real, log, wrapper = get_executable(), tmp_path / "runs.log", tmp_path / "pagefind"
    assert real is not None
    wrapper.write_text(f'#!/bin/sh\n(cd "$2" && find . -name "*.html" | sort | tr "\\n" " "; echo) >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    log.touch()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    return log


def taken(log: Path) -> list[str]:
    """The runs noted since the last call."""
    lines = log.read_text().splitlines()
    log.write_text("")
    return lines


def site_of_two_years(root: Path):
    small_site(root)   # 2015-05 and 2015-08 (and the draft 2015-11)
    write(root, "content/issues/2016-02/index.md", "---\ntitle: News\nnumber: 4\ndate: 2016-02-01\n---\n")
    write(root, "content/issues/2016-02/01-only.md", "---\ntitle: Only\n---\nThe only article of 2016.\n")
    write(root, "content/pages/about.md", "---\ntitle: About\n---\nText.\n")
    return built(root, today=dt.date(2016, 2, 1))   # (an issue is published from its date)


def rendered(site, edited: str = "") -> dict[str, bytes]:
    """A page for each page a search finds (its text: its path, and ``edited`` for the article)."""
    return {path: (f'<html lang="en"><body><main><h1>{path}</h1><p>Words {edited if path == ARTICLE else ""}</p>'
                   "</main></body></html>").encode() for path in indexed_pages(site)}


def test_a_shard_per_four_years_newest_first_after_the_rest(tmp_path: Path) -> None:
    site = site_of_two_years(tmp_path)
    shards = search_shards(site, rendered(site))
    assert [shard.name for shard in shards] == ["site", "2016-2019", "2012-2015"]
    assert [[path for path, _ in shard.pages] for shard in shards] == [
        ["about/index.html", "reviews/index.html", "training/index.html"],
        ["issues/2016-02/index.html", "issues/2016-02/only/index.html"],
        ["issues/2015-05/first/index.html", "issues/2015-05/index.html", "issues/2015-05/second/index.html",
         "issues/2015-08/first/index.html", "issues/2015-08/index.html", "issues/2015-08/second/index.html"]]
    # The key is of every input: the name, the pages, the program.
    site_shard = shards[0]
    assert len({site_shard.key, SearchShard("other", site_shard.pages, site_shard.pagefind).key,
                SearchShard("site", site_shard.pages[1:], site_shard.pagefind).key}) == 3
    assert SearchShard("site", site_shard.pages, site_shard.pagefind).key == site_shard.key


def test_a_block_of_years_with_more_pages_than_a_shard_holds_is_halved() -> None:
    from sscbgen.render.search import SHARD_PAGES, _blocks

    quarterly = {year: 44 for year in range(2005, 2016)}   # four issues of ten articles a year
    assert _blocks(quarterly) == [(2012, 2015), (2008, 2011), (2004, 2007)]
    busy = {2012: 100, 2013: 100, 2014: SHARD_PAGES - 100, 2015: 150, 2019: 10}
    assert _blocks(busy) == [(2016, 2019), (2015, 2015), (2014, 2014), (2012, 2013)]
    assert _blocks({2015: 5 * SHARD_PAGES}) == [(2015, 2015)]   # a year is never split


def test_an_edit_indexes_its_shard_only_and_an_unchanged_site_nothing(tmp_path: Path, runs: Path) -> None:
    site, cache = site_of_two_years(tmp_path / "site"), tmp_path / "cache"
    first = index_shards(search_shards(site, rendered(site)), cache, workers=2)
    assert len(taken(runs)) == 3
    assert json.loads(first["pagefind/shards.json"]) == {"shards": ["site", "2016-2019", "2012-2015"]}
    assert "pagefind/site/pagefind.js" in first and "pagefind/2012-2015/pagefind-entry.json" in first

    assert index_shards(search_shards(site, rendered(site)), cache, workers=2) == first   # all from the cache
    assert taken(runs) == []

    edited = index_shards(search_shards(site, rendered(site, "neglect")), cache, workers=2)
    [run] = taken(runs)
    assert f"./{ARTICLE}" in run and "2016" not in run and "training" not in run
    changed = {name.split("/")[1] for name in set(first) | set(edited) if first.get(name) != edited.get(name)}
    assert changed == {"2012-2015"}
    assert len(list(cache.iterdir())) == 3   # the entry of the 2015 shard before the edit is dropped

    assert index_shards(search_shards(site, rendered(site)), None, workers=1) == first   # no cache: the same bytes
    assert len(taken(runs)) == 3


@pytest.mark.parametrize("damage", ["cut short", "a byte changed", "empty", "a folder"])
def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path, runs: Path, damage: str) -> None:
    site, cache = site_of_two_years(tmp_path / "site"), tmp_path / "cache"
    shards = search_shards(site, rendered(site))
    first = index_shards(shards, cache, workers=2)
    taken(runs)
    entry = cache / shards[1].key
    data = entry.read_bytes()
    if damage == "cut short":
        entry.write_bytes(data[:-1])
    elif damage == "a byte changed":
        entry.write_bytes(data[:100] + bytes([data[100] ^ 1]) + data[101:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.unlink()
        (entry / "files").mkdir(parents=True)
    assert index_shards(shards, cache, workers=2) == first
    [run] = taken(runs)
    assert "2016-02" in run
    assert index_shards(shards, cache, workers=2) == first and taken(runs) == []   # stored again, whole


def test_the_cache_drops_only_its_own_entries(tmp_path: Path, runs: Path) -> None:
    site, cache = site_of_two_years(tmp_path / "site"), tmp_path / "cache"
    (cache / ("0" * 64)).mkdir(parents=True)   # an entry no build uses
    (cache / "notes.txt").write_text("not the cache's")
    shards = search_shards(site, rendered(site))
    index_shards(shards, cache, workers=1)
    assert sorted(os.listdir(cache)) == sorted([shard.key for shard in shards] + ["notes.txt"])
