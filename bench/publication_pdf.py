"""How long each printed briefing and catalogue takes to render, and how many pages it has.

Run from the repository root:  .venv/bin/python bench/publication_pdf.py [--runs 3]

Loads the example once, makes each publication's PDF job (print HTML and CSS) and renders
it with WeasyPrint in this process, ``--runs`` times (the first run also loads WeasyPrint
and the fonts; the best run is the one to compare). The machine is shared: compare the
ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from sscbgen.build import Clock, read_site
from sscbgen.options import Options
from sscbgen.render.pdf import Overflow, render_job
from sscbgen.render.publication_pdf import make_publication_print, publication_pdf_job, publication_print_jobs

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        options = Options(root=REPO, config=REPO / "config.yaml", out=Path(out), today=dt.date(2015, 5, 1), use_cache=False)
        workers = options.workers(store=False)
        try:
            _, site = read_site(options, Clock(), workers)
        finally:
            workers.close()
    jobs = publication_print_jobs(site, REPO, "bench")
    for job in jobs:
        printed = make_publication_print(job)
        pdf = publication_pdf_job(job, printed, lambda path: (REPO / path).read_bytes())
        times, pages = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            result = render_job(pdf)
            times.append(time.perf_counter() - start)
            assert not isinstance(result, (str, Overflow)), result
            pages = result[1]
        print(f"{job.kind:9} {job.slug:20} {pages} page{'s' if pages != 1 else ' '}  best {min(times) * 1000:6.0f} ms  "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)")


if __name__ == "__main__":
    main()
