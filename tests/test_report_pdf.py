"""The example report's PDF, read back from the file the CLI builds: its contents page and
list of figures against where things really are, the figures' tags and alternative text,
the tables, the outline, the running header and the metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml

from helpers import structure
from sitecopy import REPO, SiteCopy

REPORT = REPO / "content/reports/annual-report-2014-15"
PDF = "reports/annual-report-2014-15/sscb-annual-report-2014-2015.pdf"


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


CHAPTERS = [front(p)["title"] for p in sorted(REPORT.glob("[0-9]*.md"))]
CHARTS = [chart for p in sorted(REPORT.glob("[0-9]*.md")) for chart in front(p).get("charts", [])]


@pytest.fixture(scope="module")
def reader(pdf_build: SiteCopy) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_build.path("output") / PDF)


@pytest.fixture(scope="module")
def pages(pdf_build: SiteCopy) -> list[str]:
    with pdfplumber.open(pdf_build.path("output") / PDF) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def body(page: str) -> str:
    """A page's text without its running header (the report's title, then the chapter's)."""
    return page.removeprefix("Annual Report 2014-2015").strip()


def starts(pages: list[str], heading: str) -> int:
    """The page (from 1) whose text, after the running header, begins with ``heading``."""
    found = [n for n, page in enumerate(pages, 1) if n > 3 and re.sub(r"^.*?(?=\d+\. )", "", body(page), count=1).startswith(heading)]
    assert found, heading
    return found[0]


def test_cover_then_contents_then_figures_then_a_page_a_chapter(pages: list[str]) -> None:
    assert pages[0].startswith("Sandwell Safeguarding Children Board (SSCB) Annual Report 2014-2015")
    assert "Page 1 of" not in pages[0]
    assert body(pages[1]).startswith("Contents Contents")      # the running header gives the part's title
    assert body(pages[2]).startswith("List of figures List of figures")
    for number, title in enumerate(CHAPTERS, 1):
        page = starts(pages, f"{number}. {title}")
        assert body(pages[page - 1]).startswith(f"{number}. {title} {number}. {title}"), page   # the header names the chapter
    assert len(pages) == 13


def test_contents_gives_the_page_of_each_chapter_and_section(pages: list[str]) -> None:
    contents = body(pages[1])
    for number, title in enumerate(CHAPTERS, 1):
        match = re.search(re.escape(f"{number}. {title}") + r"\s*\.{3,}\s*(\d+)", contents)
        assert match, title
        assert int(match[1]) == starts(pages, f"{number}. {title}"), title
    for section in ("Section 175 audits", "The domestic abuse and child sexual exploitation launch event", "The year's figures"):
        match = re.search(re.escape(section) + r"\s*\.{3,}\s*(\d+)", contents.replace("’", "'"))
        assert match, section
        assert section in pages[int(match[1]) - 1].replace("’", "'"), section


def test_list_of_figures_gives_each_figures_page(pages: list[str]) -> None:
    figures = body(pages[2])
    for number, chart in enumerate(CHARTS, 1):
        match = re.search(re.escape(f"Figure {number}: {chart['title']}") + r"\s*\.{3,}\s*(\d+)", figures)
        assert match, chart["title"]
        assert f"Figure {number}: {chart['title']}" in pages[int(match[1]) - 1].split("List of figures")[-1], number


def test_links_to_figures_read_figure_n_and_give_the_page(pages: list[str]) -> None:
    text = " ".join(pages)
    for number in (1, 2, 3):
        match = re.search(rf"\(Figure {number} \(page (\d+)\)\)", text)
        assert match, number
        assert f"Figure {number}: " in pages[int(match[1]) - 1]


def test_figures_are_tagged_with_their_alternative_text_and_tables_as_tables(reader: pypdf.PdfReader) -> None:
    root = reader.trailer["/Root"]
    elements = list(structure(root["/StructTreeRoot"]))
    alts = [str(e.get("/Alt")) for e in elements if e["/S"] == "/Figure"]
    expected = [f"Figure {n}: {c['title']}. {c['description']}" for n, c in enumerate(CHARTS, 1)]
    assert alts == expected
    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(tables) >= len(CHARTS)
    kinds = {str(e["/S"]) for e in elements}
    assert {"/H1", "/H2", "/H3", "/TH", "/TD", "/Caption", "/Link"} <= kinds


def test_the_numbers_are_printed_as_tables(pages: list[str]) -> None:
    text = " ".join(pages)
    assert "The numbers of figure 1 (per cent) Signed up Not yet signed up Sandwell schools 93% 7%" in text
    assert "The numbers of figure 2 (sessions) Sessions Full day 4 Half day 6" in text


def test_outline_metadata_and_pdf_ua(reader: pypdf.PdfReader, pages: list[str]) -> None:
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [" ".join(item.title.split()) for item in top]
    assert titles == ["Annual Report 2014-2015", "Contents", "List of figures", "Foreword"] + [f"{n}. {t}" for n, t in enumerate(CHAPTERS, 1)]
    for item in top[4:]:
        assert reader.get_destination_page_number(item) + 1 == starts(pages, " ".join(item.title.split()))
    sections = reader.outline[reader.outline.index(top[6]) + 1]   # chapter 3's sections
    assert [s.title for s in sections][:3] == ["Multi-agency audits", "Section 11 audits", "Section 175 audits"]
    info = reader.metadata
    assert info["/Title"] == "Annual Report 2014-2015"
    assert info["/Author"] == "Sandwell Safeguarding Children Board"
    assert info["/CreationDate"] == "D:20150501000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)   # A4


def test_running_header_and_page_numbers(pages: list[str]) -> None:
    for number, page in enumerate(pages[1:], 2):
        assert page.startswith("Annual Report 2014-2015"), number
        assert page.endswith(f"Page {number} of {len(pages)}"), number


def test_report_page_links_the_pdf_with_its_pages(pdf_build: SiteCopy, reader: pypdf.PdfReader) -> None:
    page = pdf_build.path("output/reports/annual-report-2014-15/index.html").read_text()
    assert f'<a href="/{PDF}" download>Download the report (PDF, {len(reader.pages)} pages, ' in page
    chapter = pdf_build.path("output/reports/annual-report-2014-15/audits/index.html").read_text()
    assert "(page " not in chapter   # pages are for paper


def test_the_pdf_is_the_same_bytes_from_a_fresh_build(pdf_build: SiteCopy, fresh_build: SiteCopy) -> None:
    """fresh_build: the example built again from nothing (--no-cache), in another folder and
    process (its newsletter has a picture more, which the report does not show)."""
    assert fresh_build.path(f"output/{PDF}").read_bytes() == pdf_build.path(f"output/{PDF}").read_bytes()
