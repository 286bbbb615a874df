"""How long a long report's PDF takes: a generated report of about 60 pages (chapters with
sections, audits and charts of every kind), built cold in a new process.

Run from the repository root:  .venv/bin/python bench/report.py [--chapters 12]

Prints the report's page count, the build's wall time and its pdf stage (the target is
under 15 s for 60 pages on the project's machine). The text is generated filler: this
measures layout, not content.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf

REPO = Path(__file__).resolve().parents[1]
SENTENCE = ("Partner agencies reviewed how they share information about children at risk, and the Board "
            "asked each of them to show how the learning from audits has changed their practice. ")
KINDS = ("bar", "stacked-bar", "line")


def chart(chapter: int, number: int) -> str:
    kind = KINDS[(chapter + number) % 3]
    categories = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"] if kind != "line" else \
        ["2011", "2012", "2013", "2014", "2015"]
    series = "".join(f"      - name: Series {s + 1}\n        values: [{', '.join(str(10 + (chapter * 7 + s * 5 + c * 3) % 40) for c in range(5))}]\n"
                     for s in range(1 + (chapter + number) % 3))
    return (f"  - id: chart-{chapter}-{number}\n    title: Generated chart {number} of chapter {chapter}\n    kind: {kind}\n"
            f"    description: A generated {kind} chart for the benchmark.\n    categories: [{', '.join(categories)}]\n"
            f"    series:\n{series}    unit: children\n")


def chapter(number: int, sections: int, charts: int) -> str:
    head = (f"---\ntitle: Chapter {number} of the benchmark report\nsummary: What chapter {number} covers.\n"
            "audits:\n  - title: A generated audit\n    kind: multi-agency\n    findings:\n      - One finding.\n      - Another finding.\n"
            f"charts:\n{''.join(chart(number, c) for c in range(1, charts + 1))}---\n")
    paragraphs = "\n\n".join(SENTENCE * 4 for _ in range(3))
    body = "".join(f"## Section {s} of chapter {number}\n\n{paragraphs}\n\n- A point to note.\n- Another point.\n\n"
                   + (f"As [](#chart-{number}-1) shows, the numbers moved.\n\n" if s == 1 else "") for s in range(1, sections + 1))
    return head + body


def make_site(folder: Path, chapters: int) -> Path:
    folder.mkdir(parents=True)
    shutil.copy2(REPO / "config.yaml", folder / "config.yaml")
    report = folder / "content" / "reports" / "benchmark-report"
    report.mkdir(parents=True)
    (report / "index.md").write_text("---\ntitle: Benchmark Report\ndate: 2015-09-30\nperiod: 2014-2015\n---\n"
                                     + SENTENCE * 6 + "\n", encoding="utf-8")
    for n in range(1, chapters + 1):
        (report / f"{n:02d}-chapter-{n}.md").write_text(chapter(n, 4, 2), encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=12, help="chapters to generate (12 make about 60 pages)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sscbgen-bench-report-") as tmp:
        site = make_site(Path(tmp) / "site", args.chapters)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "sscbgen", "build", "--no-cache", "--today", "2015-10-01"],
                                cwd=site, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        pdf = next((site / "output" / "reports" / "benchmark-report").glob("*.pdf"))
        pages = len(pypdf.PdfReader(pdf).pages)
        stage = re.search(r"pdf (\d+) ms", result.stdout)
        print(f"report: {args.chapters} chapters, {args.chapters * 2} charts, {pages} pages, {pdf.stat().st_size / 1024:.0f} KB")
        print(f"cold build: {wall:.2f} s wall, pdf stage {int(stage[1]) / 1000 if stage else float('nan'):.2f} s (target: under 15 s for 60 pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
