"""How long Pagefind takes, and how much memory, on a large archive: one run over every page
(the index before shards) against the shards (cold, after an edit, unchanged).

Run from the repository root:  .venv/bin/python bench/search.py [--issues 100] [--workers N]

The archive is bench/archive.py's (monthly issues from 1900, 10 articles each), rendered
in memory once; each case calls index_shards itself (its wall time: Pagefind, the pages
written to temporary folders, the cache read and written), and Pagefind runs under
/usr/bin/time, for each run's own seconds and peak RSS. The runs' RSS at once is sampled
every 50 ms. The machine may be shared: compare the ratios more than the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from archive import make_archive  # noqa: E402

from sscbgen.build import Clock, read_site, render_files  # noqa: E402
from sscbgen.options import Options  # noqa: E402
from sscbgen.render.search import SearchShard, index_shards, search_shards  # noqa: E402
from sscbgen.workers import Workers  # noqa: E402


class PagefindMemory:
    """The most the Pagefind processes under this one held at once (their RSS summed),
    sampled every 50 ms while it is open."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PagefindMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
        while not self._stop.wait(0.05):
            processes = {}   # pid -> (name, parent, rss in KB)
            for entry in os.scandir("/proc"):
                try:
                    if entry.name.isdigit():
                        with open(f"/proc/{entry.name}/stat") as stat:
                            name, fields = stat.read().rsplit(")", 1)
                        after = fields.split()   # after the name: state, ppid, ..., rss (in pages) the 22nd
                        processes[int(entry.name)] = (name.split("(", 1)[1], int(after[1]), int(after[21]) * page_kb)
                except (OSError, IndexError, ValueError):
                    continue
            wrappers = {pid for pid, (_, parent, _) in processes.items() if parent == os.getpid()}
            self.peak_kb = max(self.peak_kb, sum(rss for name, parent, rss in processes.values()
                                                 if name == "pagefind" and parent in wrappers))


def timing_wrapper(folder: Path, real: Path, log: Path) -> Path:
    """A program that runs Pagefind under /usr/bin/time, which notes each run's seconds and peak RSS."""
    wrapper = folder / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/time -f "%e %M" -a -o "{log}" "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def measure(name: str, shards, cache: Path | None, workers: int, log: Path) -> dict:
    log.write_text("")
    with PagefindMemory() as memory:
        start = time.perf_counter()
        files = index_shards(shards, cache, workers)
        seconds = time.perf_counter() - start
    runs = [line.split() for line in log.read_text().splitlines()]
    loaded = sum(len(data) for path, data in files.items() if path.endswith((".pf_meta", "pagefind-entry.json", "shards.json")))
    return {"case": name, "Pagefind runs": len(runs),
            "index_shards wall (s)": round(seconds, 2),
            "Pagefind wall, summed over its runs (s)": round(sum(float(wall) for wall, _ in runs), 2),
            "peak RSS of one run (MB)": round(max((int(kb) for _, kb in runs), default=0) / 1024),
            "peak RSS of the runs at once, sampled (MB)": round(memory.peak_kb / 1024),
            "index files": len(files), "index MB": round(sum(map(len, files.values())) / 2**20, 1),
            "KB a first search loads before any word (entry and meta files)": round(loaded / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sscbgen-bench-search-") as temporary:
        root = Path(temporary) / "site"
        make_archive(root, args.issues)
        options = Options(root=root, config=root / "config.yaml", out=root / "output", today=dt.date(2015, 5, 1), pdf=False)
        workers = Workers()
        try:
            _, site = read_site(options, Clock(), workers)
            pages, _ = render_files(site, root, {}, workers, frozenset(), Clock(), lambda site, files, memo: ({}, ()))
        finally:
            workers.close()
        log = Path(temporary) / "runs.log"
        os.environ["PAGEFIND_BINARY_PATH"] = str(timing_wrapper(Path(temporary), search_shards(site, pages)[0].pagefind.binary, log))
        shards = search_shards(site, pages)
        every = SearchShard("all", tuple(page for shard in shards for page in shard.pages), shards[0].pagefind)
        middle = shards[len(shards) // 2]
        path, data = middle.pages[1]   # an article of a year in the middle
        edited = {**pages, path: data.replace(b"</main>", b"<p>An edit.</p></main>")}
        cache = Path(temporary) / "cache"
        results = [
            measure("one run over every page, as before the shards", (every,), None, 1, log),
            measure(f"shards, cold ({len(shards)} shards, {args.workers} at once)", shards, cache, args.workers, log),
            measure(f"shards, after an edit of {path}", search_shards(site, edited), cache, args.workers, log),
            measure("shards, nothing changed", search_shards(site, edited), cache, args.workers, log),
        ]
    print(json.dumps({"issues": args.issues, "indexed pages": len(every.pages), "cpus": os.cpu_count(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
