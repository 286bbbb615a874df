"""Pictures of what sscbgen makes, for docs/pictures.md: the example site's main pages at
390 px (a phone) and 1280 px (a desktop), the email edition at 600 px, and every page of
the printed newsletter.

Run from the repository root whenever the look changes:

    .venv/bin/python docs/pictures/make.py

It builds the example (config.yaml, content/) with the build date 2015-05-01 into a
temporary folder, serves it on 127.0.0.1, takes the pages with Playwright and Debian's
Chromium (/usr/bin/chromium, or $CHROMIUM), the PDF's pages with pdftoppm, and writes
PNG files (in 256 colours, to keep them small) into docs/pictures/ and the page docs/pictures.md that shows them.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "docs" / "pictures"
PAGE = REPO / "docs" / "pictures.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUILD_DATE = "2015-05-01"
WIDTHS = {"phone": 390, "desktop": 1280}
PAGES = (   # (name, address, what it shows)
    ("home", "/", "The home page: help first, the next courses with places, the latest learning from case reviews, the latest issue"),
    ("issue", "/issues/2015-05/", "An issue: its editorial and contents, its PDF and the training with places"),
    ("article", "/issues/2015-05/learning-and-development/", "An article with its training table, beside the issue's contents, the PDF and help"),
    ("reviews-article", "/issues/2015-05/case-reviews/", "An article with case review cards"),
    ("training", "/training/", "The training calendar"),
    ("reviews", "/reviews/", "The case review library, with its filters"),
    ("topic", "/topics/neglect/", "A topic: its articles, training and case reviews"),
    ("publications", "/publications/", "Everything the board has published, by kind"),
    ("briefing", "/briefings/hidden-men/", "A 7-minute briefing: its seven numbered parts"),
    ("catalogue", "/catalogues/2015-16/", "The training catalogue: courses by topic, and every date by month"),
    ("report-chapter", "/reports/annual-report-2014-15/training/", "A chapter of the annual report, with its charts and their numbers"),
)
PDFS = (   # (what, the PDF in the build, the pictures' name, how many pages at most)
    ("The printed newsletter", "issues/2015-05/*.pdf", "pdf-page", 99),
    ("A printed 7-minute briefing", "briefings/hidden-men/*.pdf", "briefing-pdf-page", 99),
    ("The printed training catalogue (its first pages)", "catalogues/2015-16/*.pdf", "catalogue-pdf-page", 4),
    ("The printed annual report (its first pages)", "reports/annual-report-2014-15/*.pdf", "report-pdf-page", 4),
)
EMAIL = "/issues/2015-05/email.html"


def _save(png: bytes, file: Path) -> None:
    """A screenshot in at most 256 colours: a fifth of the size, and text stays sharp."""
    import io

    from PIL import Image

    Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(file, optimize=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "sscbgen", "build", "--out", str(out), "--today", BUILD_DATE, "--quiet"],
                   cwd=REPO, check=True)
    return out


def shoot_pages(site: Path) -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    made: list[tuple[str, str, str]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for kind, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
                for name, path, what in PAGES:
                    page.goto(address + path, wait_until="networkidle")
                    file = f"{name}-{kind}.png"
                    _save(page.screenshot(full_page=True), HERE / file)
                    made.append((file, what, f"{path} at {width} px"))
                page.close()
            page = browser.new_page(viewport={"width": 600, "height": 900})
            page.goto(address + EMAIL, wait_until="networkidle")
            _save(page.screenshot(full_page=True), HERE / "email.png")
            made.append(("email.png", "The email edition", f"{EMAIL} at 600 px"))
            browser.close()
    finally:
        server.shutdown()
    return made


def shoot_pdfs(site: Path) -> list[tuple[str, list[str]]]:
    """Each PDF of PDFS: its pages' pictures (at most its limit), by its heading."""
    made = []
    for what, pattern, name, limit in PDFS:
        for old in HERE.glob(f"{name}-*.png"):
            old.unlink()
        pdf = next(site.glob(pattern))
        subprocess.run(["pdftoppm", "-r", "70", "-l", str(limit), "-png", str(pdf), str(HERE / name)], check=True)
        pages = sorted(HERE.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for page in pages:
            _save(page.read_bytes(), page)
        made.append((what, [p.name for p in pages]))
    return made


def write_page(pages: list[tuple[str, str, str]], pdfs: list[tuple[str, list[str]]]) -> None:
    lines = ["# What sscbgen makes: pictures of the example", "",
             "The example site (the board's Spring 2015 newsletter, built with the build date "
             f"{BUILD_DATE}), as a phone (390 px wide) and a desktop (1280 px) show it, its email "
             "edition, every page of its printed newsletter and the other publications' PDFs.", "",
             "These pictures are made by a script: after changing the look, run "
             "`.venv/bin/python docs/pictures/make.py` from the repository root to make them again.", ""]
    for name, _path, what in PAGES:
        lines += [f"## {what}", ""]
        for kind in WIDTHS:
            file = f"{name}-{kind}.png"
            lines.append(f"![{what}, on a {kind}](pictures/{file})")
        lines.append("")
    lines += ["## The email edition", "", "![The email edition at 600 px](pictures/email.png)", ""]
    for what, files in pdfs:
        lines += [f"## {what} (PDF)", ""]
        lines += [f"![Page {n} of {what[0].lower() + what[1:]}](pictures/{file})" for n, file in enumerate(files, 1)] + [""]
    PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sscbgen-pictures-") as tmp:
        site = build(Path(tmp) / "site")
        pages = shoot_pages(site)
        pdfs = shoot_pdfs(site)
    write_page(pages, pdfs)
    print(f"wrote {len(pages) + sum(len(files) for _, files in pdfs)} pictures into {HERE.relative_to(REPO)}/ and {PAGE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
