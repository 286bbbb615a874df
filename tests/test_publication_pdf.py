"""The printed briefings and catalogue, read back from the PDFs the CLI builds: page counts,
the seven panels in tag order, metadata and language, the catalogue's contents page numbers
and its dates table's page references, and the pages' links to them."""

from __future__ import annotations

import re

import pdfplumber
import pypdf
import pytest

from sitecopy import SiteCopy, example_with_pdfs

BRIEFING = "briefings/hidden-men/sscb-7-minute-briefing-hidden-men.pdf"
OTHER_BRIEFING = "briefings/local-scr-neglect/sscb-7-minute-briefing-local-scr-neglect.pdf"
CATALOGUE = "catalogues/2015-16/sscb-training-catalogue-2015-2016.pdf"
COURSES = ["Neglect (full day)", "Neglect (half day)", "CSE Loudmouth workshop", "Workshop to Raise Awareness of PREVENT (WRAP)",
           "Domestic Abuse & Equality", "MARAC/ DASH & BST", "Safeguarding Module 3"]


@pytest.fixture(scope="module")
def built(pdf_build: SiteCopy) -> SiteCopy:
    _, result = example_with_pdfs()
    for name in (BRIEFING, OTHER_BRIEFING, CATALOGUE):
        assert f"output/{name}" in result.stdout, result.stdout
    return pdf_build


def tagged_text(page) -> list[tuple[str, str]]:
    """Every structure element of a page that holds text, in the structure tree's order:
    (its tag, its text), the text gathered from the characters of its marked content."""
    by_mcid: dict[int, str] = {}
    for char in page.chars:
        if char.get("mcid") is not None:
            by_mcid[char["mcid"]] = by_mcid.get(char["mcid"], "") + char["text"]
    found: list[tuple[str, str]] = []

    def text_of(element) -> str:
        own = "".join(by_mcid.get(m, "") for m in element.get("mcids") or [])
        return own + "".join(text_of(child) for child in element.get("children", []))

    def walk(elements) -> None:
        for element in elements:
            found.append((element["type"], " ".join(text_of(element).split())))
            walk(element.get("children", []))

    walk(page.structure_tree)
    return found


def test_a_briefing_is_one_page_with_its_panels_tagged_1_to_7(built: SiteCopy) -> None:
    with pdfplumber.open(built.path("output") / BRIEFING) as pdf:
        assert len(pdf.pages) == 1
        tags = tagged_text(pdf.pages[0])
        text = pdf.pages[0].extract_text()
    panels = [t for kind, t in tags if kind == "H2" and t[:1].isdigit()]
    assert panels == ["1 Background", "2 Why it matters", "3 What was learnt", "4 Ask about the men", "5 Involve fathers",
                      "6 Estranged fathers", "7 Questions for reflection"]
    items = [t for kind, t in tags if kind == "LI" and t[:1].isdigit()]
    assert [t.split()[0] for t in items] == [str(n) for n in range(1, 8)]   # each panel a list item, in order
    assert items[6].startswith("7 Questions for reflection")
    assert ("H1", "Hidden men") in tags
    assert text.startswith("Sandwell Safeguarding Children Board (SSCB)\n7-MINUTE BRIEFING\nHidden men\n1 May 2015")
    assert "Sandwell Safeguarding Children Board · www.sandwellscb.org.uk" in text and "Page 1 of 1" in text


def test_a_briefing_pdf_is_tagged_with_its_metadata(built: SiteCopy) -> None:
    reader = pypdf.PdfReader(built.path("output") / OTHER_BRIEFING)
    assert len(reader.pages) == 1
    assert reader.metadata["/Title"] == "Lessons from our serious case review on neglect: 7-minute briefing"
    assert reader.metadata["/Author"] == "Sandwell Safeguarding Children Board"
    assert reader.metadata["/CreationDate"] == "D:20150501000000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean)
    assert "/StructTreeRoot" in root
    uris = {annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots", [])
            if annot.get_object().get("/A", {}).get("/S") == "/URI"}
    assert "http://www.sandwellscb.org.uk/catalogues/2015-16/" in uris   # the link to the catalogue, to the website


def heading_pages(pdf, size: float) -> dict[str, int]:
    """Each line set at ``size`` points -> the 1-based page it is on."""
    found: dict[str, int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        lines: dict[int, list] = {}
        for word in page.extract_words(extra_attrs=["size"]):
            if abs(word["size"] - size) < 0.1:
                lines.setdefault(round(word["top"]), []).append(word)
        for _, words in sorted(lines.items()):
            found.setdefault(" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"])), number)
    return found


def test_the_catalogue_booklet_contents_and_dates_give_the_courses_pages(built: SiteCopy) -> None:
    with pdfplumber.open(built.path("output") / CATALOGUE) as pdf:
        pages = len(pdf.pages)
        assert 4 <= pages <= 8
        cover = pdf.pages[0].extract_text()
        assert "Training Catalogue 2015-2016" in cover and "Published 1 May 2015" in cover and "Page 1 of" not in cover
        courses = heading_pages(pdf, 15.0)
        assert [title for title in courses] == COURSES, courses
        contents = pdf.pages[1].extract_text()
        assert contents.splitlines()[:2] == ["Training Catalogue 2015-2016", "Contents"]   # the running header, the heading
        listed = {}
        for line in contents.splitlines():
            match = re.fullmatch(r"(.+?) ?\.{3,} ?(\d+)", line)
            if match:
                listed[match[1]] = int(match[2])
        assert {title: listed[title] for title in COURSES} == courses   # contents page numbers
        glance = heading_pages(pdf, 17.0)["Dates at a glance"]
        assert listed["Dates at a glance"] == glance
        table = "\n".join(pdf.pages[n - 1].extract_text() for n in range(glance, min(courses.values())))
    rows = re.findall(r"^\w+day (\d+ \w+ 2015) (.+) page (\d+)$", table, re.M)
    assert len(rows) == 17, table
    for day, rest, page in rows:   # each date's page is its course's page
        title = next(t for t in sorted(COURSES, key=len, reverse=True) if rest.startswith(t))
        assert int(page) == courses[title], (day, title, page)
    assert [r[0] for r in rows][:3] == ["7 May 2015", "18 May 2015", "20 May 2015"]


def test_the_catalogue_outline_and_tags(built: SiteCopy) -> None:
    reader = pypdf.PdfReader(built.path("output") / CATALOGUE)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["Training Catalogue 2015-2016", "Contents", "Introduction"]
    nested = [item.title for group in reader.outline if isinstance(group, list) for item in group]
    assert nested == COURSES
    assert reader.metadata["/Title"] == "Training Catalogue 2015-2016"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_pages_link_their_pdfs_with_pages_and_size(built: SiteCopy) -> None:
    out = built.path("output")
    briefing = (out / "briefings/hidden-men/index.html").read_text()
    size = round((out / BRIEFING).stat().st_size / 1024)
    assert f'<a href="/{BRIEFING}" download>Download the briefing to print (PDF, 1 page, {size} KB)</a>' in briefing
    catalogue = (out / "catalogues/2015-16/index.html").read_text()
    pages = len(pypdf.PdfReader(out / CATALOGUE).pages)
    assert re.search(rf'<a href="/{CATALOGUE}" download>Download the catalogue booklet \(PDF, {pages} pages, \d+ KB\)</a>', catalogue)
    publications = (out / "publications/index.html").read_text()
    assert publications.count(" download>PDF<span") == 5   # the newsletter, two briefings, the catalogue, the report


def test_a_briefing_that_needs_two_pages_builds_in_two(print_site: SiteCopy) -> None:
    site = print_site   # only the briefing changes: the other PDFs come from the cache
    words = " ".join(["Practitioners should record what they learn about the family."] * 40)
    site.edit("content/briefings/hidden-men.md", "## Involve fathers\n\n", f"## Involve fathers\n\n{words}\n\n{words}\n\n")
    result = site.build(pdf=True)
    assert re.search(rf"Printed briefing output/{re.escape(BRIEFING)}: 2 pages,", result.stdout), result.stdout
    with pdfplumber.open(site.path("output") / BRIEFING) as pdf:
        assert pdf.pages[1].extract_text().rstrip().endswith("Page 2 of 2")
        tags = tagged_text(pdf.pages[0]) + tagged_text(pdf.pages[1])
    assert [t.split()[0] for kind, t in tags if kind == "H2" and t[:1].isdigit()] == [str(n) for n in range(1, 8)]
