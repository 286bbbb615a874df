"""How long a writer waits, under `sscbgen serve`, from saving a file to the page reloading.

Run from the repository root:  .venv/bin/python bench/serve.py [--edits 20] [--issues 500]

For the example (a copy, with its PDF) and then for a generated archive of --issues
issues (10 articles each; without PDFs, which would take an hour to make cold): start
the server, keep a live-reload connection open, save an edit to one article's body,
and time save -> the reload event reaching the client; median of --edits saves. Then
a few edits to an article's front matter (a title), which every page may show.
Where the time goes comes from the server's /__sscbgen/status after each edit: the
watcher's delay (save -> change seen), the quiet wait, each build stage, delivery.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "bench")]

from archive import make_archive  # noqa: E402

from serving import EventStream, Server  # noqa: E402
from sitecopy import SiteCopy  # noqa: E402

ARTICLE = "content/issues/2015-05/05-case-reviews.md"
BODY = "Learning from local serious case reviews"


def measure(server: Server, path: Path, edits: int, change, settle) -> list[dict]:
    """Save ``edits`` times; for each, the times (ms) of each step to the reload event."""
    rows = []
    original = path.read_text(encoding="utf-8")
    for n in range(edits):
        settle()
        state = server.status()
        events = EventStream(server, state["generation"])
        time.sleep(0.05)
        saved = time.monotonic()
        path.write_text(change(original, n), encoding="utf-8")
        _, arrived = events.next(timeout=300)
        events.close()
        state = server.status()
        timings = state["timings"]
        row = {"total": arrived - saved, "seen": state["seen"] - saved}
        row.update(timings)
        row["delivery"] = arrived - state["done"]
        rows.append({k: v * 1000 for k, v in row.items()})
    path.write_text(original, encoding="utf-8")
    return rows


def report(title: str, rows: list[dict]) -> None:
    keys = list(rows[0])
    medians = {k: statistics.median(r[k] for r in rows) for k in keys}
    print(f"\n{title}: median of {len(rows)} saves, ms")
    print("  " + "  ".join(f"{k} {medians[k]:.0f}" for k in keys))
    totals = sorted(r["total"] for r in rows)
    print(f"  total: min {totals[0]:.0f}, median {medians['total']:.0f}, max {totals[-1]:.0f}")


def body_edit(text: str, n: int) -> str:
    return text.replace(BODY, f"{BODY} (edit {n})", 1)


def title_edit(text: str, n: int) -> str:
    return text.replace("title: ", f"title: Edit {n}, ", 1)


def run(site_root: Path, label: str, edits: int, title_edits: int, *args: str) -> None:
    started = time.monotonic()
    server = Server(site_root, *args)
    print(f"{label}: first build and start {time.monotonic() - started:.1f} s; {server.status()['files']} files")

    def settle() -> None:   # no PDF in the making, no rebuild due or running
        server.wait_until(lambda s: not s["pdf_pending"] and not s["search_pending"] and not s["busy"], timeout=600, what="the PDFs")
        time.sleep(0.3)
        server.wait_until(lambda s: not s["pdf_pending"] and not s["search_pending"] and not s["busy"], timeout=600, what="the PDFs")

    try:
        path = site_root / ARTICLE
        report(f"{label}, an article's body", measure(server, path, edits, body_edit, settle))
        report(f"{label}, an article's title", measure(server, path, title_edits, title_edit, settle))
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--title-edits", type=int, default=3)
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--archive-only", action="store_true", help="skip the example")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.archive_only:
            example = SiteCopy(Path(tmp) / "example")
            run(example.root, "example (with its PDF)", args.edits, args.title_edits)
        archive = Path(tmp) / "archive"
        folders = make_archive(archive, args.issues)
        # the edited article: the newest issue's, so the bench edits what a writer would
        global ARTICLE
        ARTICLE = (folders[-1] / "05-case-reviews.md").relative_to(archive).as_posix()
        run(archive, f"archive of {args.issues} issues ({args.issues * 10} articles, no PDFs)", args.edits, args.title_edits, "--no-pdf")


if __name__ == "__main__":
    main()
