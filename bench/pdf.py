"""How long the printed newsletter takes, and how much of that is ours.

Run from the repository root:  .venv/bin/python bench/pdf.py [--runs 5]

Measures, all in one run (the machine is shared: compare the ratios, not the seconds):
1. a cold `sscbgen build` of the example (a new process, an empty cache): wall time and
   the time of its pdf stage, as the build reports it;
2. WeasyPrint alone, in a new process, on the very same final HTML and CSS: from
   `import weasyprint` to the PDF's bytes, so the difference with (1) is our overhead;
3. a warm rebuild (cache filled): its wall time, and that no PDF was rendered;
4. layout alternatives, rendered in this process: the cost of the choices in the print CSS.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = "2015-05-01"

WEASYPRINT_ALONE = """
import base64, json, sys, time
start = time.perf_counter()
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse
job = json.load(open(sys.argv[1]))
files = {url: base64.b64decode(data) for url, data in job["files"]}
class Fetcher(URLFetcher):  # the fonts and pictures, by the same addresses as sscbgen's
    def fetch(self, url, headers=None):
        return URLFetcherResponse(url, body=files[url])
fetch = Fetcher()
fonts = FontConfiguration()
css = weasyprint.CSS(string=job["css"], font_config=fonts, url_fetcher=fetch)
document = weasyprint.HTML(string=job["html"], base_url="sscb://site/", url_fetcher=fetch).render(
    stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True)
data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
print(json.dumps({"seconds": time.perf_counter() - start, "pages": len(document.pages), "bytes": len(data)}))
"""


def copy_site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("config.yaml", "content", "templates"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    return folder


def build(site: Path) -> tuple[float, float, str]:
    """(wall seconds, pdf stage seconds, stdout) of one `sscbgen build` in a new process."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sscbgen", "build", "--today", TODAY], cwd=site,
                            capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    stage = re.search(r"pdf (\d+) ms", result.stdout)
    return wall, int(stage[1]) / 1000 if stage else 0.0, result.stdout


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(REPO))
    from sscbgen.build import render_site
    from sscbgen.cache import Cache
    from sscbgen.options import Options
    from sscbgen.render.pdf import FONTS, plan_pdfs, render_job

    with tempfile.TemporaryDirectory() as temporary:
        site = copy_site(Path(temporary) / "site")
        cold_wall, cold_pdf = [], []
        for _ in range(runs):
            shutil.rmtree(site / ".sscbgen-cache", ignore_errors=True)
            wall, pdf, out = build(site)
            assert "from the cache" not in out
            cold_wall.append(wall)
            cold_pdf.append(pdf)
        warm_wall, warm_pdf = [], []
        for _ in range(runs):
            wall, pdf, out = build(site)
            assert "(unchanged, from the cache)" in out, out
            warm_wall.append(wall)
            warm_pdf.append(pdf)

        result = render_site(Options(root=site, config=site / "config.yaml", out=site / "output",
                                     today=dt.date.fromisoformat(TODAY), pdf=False))
        job = plan_pdfs(result.site, site, Cache(None)).todo[0]   # no cache: the first issue's job is to do
        job_file = Path(temporary) / "job.json"
        job_file.write_text(json.dumps({"html": job.html, "css": job.css,
                                        "files": [(url, base64.b64encode(data).decode()) for url, data in job.files]}))
        alone = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", WEASYPRINT_ALONE, str(job_file)], capture_output=True, text=True, check=True,
                                 env={**os.environ, "FONTCONFIG_FILE": str(FONTS / "fonts.conf")})  # the same fonts as sscbgen
            alone.append(json.loads(out.stdout.strip().splitlines()[-1]))
        alone_seconds = [a["seconds"] for a in alone]

        flow = "columns: 2; column-gap: 7mm; }"
        variants = {
            "one flow of 2 columns, balanced (chosen)": job.css,
            "one flow of 2 columns, column-fill: auto": job.css.replace(flow, "columns: 2; column-gap: 7mm; column-fill: auto; }"),
            "2 columns per article, balanced (first draft)": job.css.replace(".flow { " + flow, ".flow { } .article:not(.article-front) .article-body { " + flow),
            "one column": job.css.replace(".flow { " + flow, ".flow { }"),
            "no page-number references": job.css.replace("target-counter(attr(href), page)", '"0"'),
        }
        render_job(job)  # warm this process up: imports, fonts
        layout = {}
        for name, css in variants.items():
            times, pages = [], 0
            for _ in range(3):
                start = time.perf_counter()
                rendered = render_job(dataclasses.replace(job, css=css))
                times.append(time.perf_counter() - start)
                assert not isinstance(rendered, str), rendered
                pages = rendered[1]
            layout[name] = (median(times), pages)

    report = {
        "runs": runs,
        "cold build, wall (s)": round(median(cold_wall), 3),
        "cold build, pdf stage (s)": round(median(cold_pdf), 3),
        "WeasyPrint alone, import + render (s)": round(median(alone_seconds), 3),
        "our overhead on WeasyPrint (%)": round(100 * (median(cold_pdf) - median(alone_seconds)) / median(alone_seconds), 1),
        "pages": alone[0]["pages"],
        "PDF size (KB)": round(alone[0]["bytes"] / 1024),
        "warm rebuild, wall (s)": round(median(warm_wall), 3),
        "warm rebuild, pdf stage (s)": round(median(warm_pdf), 3),
        "warm / cold wall": round(median(warm_wall) / median(cold_wall), 3),
    }
    for key, value in report.items():
        print(f"{key:42} {value}")
    print("\nlayout alternatives (median of 3, in-process, seconds / pages):")
    for name, (seconds, pages) in layout.items():
        print(f"  {name:48} {seconds:5.2f} s  {pages} pages  ({seconds / layout['one flow of 2 columns, balanced (chosen)'][0]:.2f}x)")


if __name__ == "__main__":
    main()
