"""The printed newsletter, read back from the PDF the CLI builds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from helpers import structure
from sitecopy import TODAY, SiteCopy, snapshot

PDF = "issues/2015-05/sscb-newsletter-spring-2015.pdf"
MM = 72 / 25.4
ARTICLES = [
    "Introduction by John Harris", "About SSCB", "SSCB Wider Structure", "Quality of Practice and Performance",
    "Serious Case Reviews / Management Reviews", "Policy & Procedures", "Child Death Overview Panel",
    "Health Forum", "Learning & Development", "Child Sexual Exploitation",
]


@pytest.fixture(scope="module")
def reader(pdf_build: SiteCopy) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_build.path("output") / PDF)


@pytest.fixture(scope="module")
def plumber(pdf_build: SiteCopy):
    with pdfplumber.open(pdf_build.path("output") / PDF) as pdf:
        yield pdf


def side_column(page) -> str:
    """The front page's side column (training and contents boxes), read on its own."""
    return " ".join(page.crop((float(page.width) - (16 + 62) * MM, 0, float(page.width), float(page.height))).extract_text().split())


def columns_text(plumber) -> str:
    """The text of every page after the first, column by column (as a reader reads it)."""
    parts = []
    for page in plumber.pages[1:]:
        middle = float(page.width) / 2
        for box in ((0, 0, middle, float(page.height)), (middle, 0, float(page.width), float(page.height))):
            parts.append(page.crop(box).extract_text())
    return " ".join(" ".join(parts).split())


def unbroken(text: str) -> str:
    """Printed addresses joined again where they break at the end of a line (after a slash,
    before a dot or a hyphen)."""
    return re.sub(r"(?<=/) (?=\S)|(?<=\w) (?=[.\-]\w)", "", text)


def heading_pages(plumber, size: float) -> dict[str, int]:
    """Each text set at ``size`` points (a heading) -> the 1-based page it starts on."""
    found: dict[str, int] = {}
    for number, page in enumerate(plumber.pages, start=1):
        lines: dict[float, list] = {}
        for word in page.extract_words(extra_attrs=["size"], keep_blank_chars=False):
            if abs(word["size"] - size) < 0.1:
                lines.setdefault(round(word["top"]), []).append(word)
        text = " ".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for _, ws in sorted(lines.items()))
        for title in ARTICLES + ["Neglect"]:
            if title not in found and re.search(rf"(^| ){re.escape(title)}( |$)", text):
                found[title] = number
    return found


def test_contents_page_numbers_are_where_the_articles_begin(plumber) -> None:
    titles = heading_pages(plumber, 17.0)
    assert sorted(titles) == sorted(ARTICLES), titles
    contents = side_column(plumber.pages[0]).split("Inside this issue", 1)[1]
    for title in ARTICLES:
        match = re.search(r"\s*".join(re.escape(w) for w in title.split()) + r"\.{3,}\s*(\d+)", contents)
        assert match, f"{title} is not in the contents box"
        assert int(match[1]) == titles[title], f"{title}: contents says page {match[1]}, heading is on page {titles[title]}"


def test_outline_lists_articles_and_their_sections(reader: pypdf.PdfReader, plumber) -> None:
    titles = heading_pages(plumber, 17.0)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ARTICLES + ["Worried about a child?"]   # and the back: help and how to book
    assert reader.get_destination_page_number(top[-1]) + 1 == len(reader.pages)
    for item in top[:-1]:
        assert reader.get_destination_page_number(item) + 1 == titles[item.title], item.title
    children = {top[i].title: reader.outline[reader.outline.index(top[i]) + 1] for i in range(len(top))
                if reader.outline.index(top[i]) + 1 < len(reader.outline) and isinstance(reader.outline[reader.outline.index(top[i]) + 1], list)}
    assert [c.title for c in children["Quality of Practice and Performance"]][:4] == [
        "Multiagency Auditing", "S11 Auditing", "S175 Auditing", "Dataset and Quality Assurance Framework"]
    assert "Neglect" in [c.title for c in children["Learning & Development"]]


def test_metadata_language_tags_and_fonts(reader: pypdf.PdfReader) -> None:
    info = reader.metadata
    assert info["/Title"] == "SSCB Newsletter, Spring 2015 (issue 1)"
    assert info["/Author"] == "Sandwell Safeguarding Children Board"
    assert info["/Subject"].startswith("The first quarterly newsletter of Sandwell Safeguarding Children Board")
    assert info["/CreationDate"] == "D:20150501000000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean object)
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    kinds = {str(element["/S"]) for element in structure(root["/StructTreeRoot"])}
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= kinds, kinds
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Atkinson-Hyperlegible" in name for name in fonts), fonts


def test_running_header_and_page_numbers_on_every_page_but_the_first(plumber) -> None:
    pages = len(plumber.pages)
    assert 6 <= pages <= 14
    first = plumber.pages[0].extract_text()
    assert "Page 1 of" not in first and "SSCB Newsletter · Spring 2015" not in first
    for number, page in enumerate(plumber.pages[1:], start=2):
        text = page.extract_text()
        assert text.startswith("SSCB Newsletter · Spring 2015"), (number, text[:80])
        assert text.rstrip().endswith(f"Page {number} of {pages}"), (number, text[-80:])
        assert "www.sandwellscb.org.uk" in text.splitlines()[-1]


def test_every_training_date_is_printed(plumber) -> None:
    text = columns_text(plumber)
    table = text[text.index("Training dates Date and time Course"):]
    table = table[:table.index("Book online:")]
    assert re.findall(r"\b\d+ (?:May|June|July) 2015\b", table) == [
        "7 May 2015", "18 May 2015", "20 May 2015", "26 May 2015", "27 May 2015", "29 May 2015", "8 June 2015",
        "8 June 2015", "18 June 2015", "22 June 2015", "25 June 2015", "25 June 2015", "29 June 2015",
        "30 June 2015", "30 June 2015", "7 July 2015", "8 July 2015"]
    assert table.count("9:30am to 12:30pm") == 3 and table.count("1:30pm to 4:30pm") == 3 and table.count("9:30am to 4:30pm") == 4


def test_links_to_other_articles_print_their_page(plumber) -> None:
    titles = heading_pages(plumber, 17.0)
    neglect = heading_pages(plumber, 12.0)["Neglect"]
    assert f"Details and booking: Learning & Development (see page {titles['Learning & Development']})" in side_column(plumber.pages[0])
    match = re.search(r"Neglect in Learning & Development \(see page (\d+)\)", columns_text(plumber))
    assert match and int(match[1]) == neglect, (match and match[0], neglect)


def test_external_links_stay_clickable_and_readable(reader: pypdf.PdfReader, plumber) -> None:
    uris = {annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots", [])
            if annot.get_object().get("/A", {}).get("/S") == "/URI"}
    assert "http://sandwell.learningpool.com" in uris
    assert "http://www.nspcc.org.uk/preventing-abuse/child-protection-system/case-reviews/learning/hidden-men/" in uris
    # printed without "http://", as a reader types it (where it breaks, the line ends after a slash or before a dot)
    assert "(sandwellscb.proceduresonline.com/index.html)" in unbroken(columns_text(plumber))


def test_no_word_lies_outside_the_margins(plumber) -> None:
    """Body text (9 pt and up) stays inside the type area; only the running header and
    footer (8.5 pt) use the top and bottom margins; nothing crosses the side margins."""
    for number, page in enumerate(plumber.pages, start=1):
        width, height = float(page.width), float(page.height)
        top = (14 if number == 1 else 20) * MM
        for word in page.extract_words(extra_attrs=["size"]):
            where = (number, word["text"], round(word["x0"]), round(word["top"]))
            assert 16 * MM - 1 <= word["x0"] and word["x1"] <= width - 16 * MM + 1, where
            if word["size"] > 8.6:
                assert top - 1 <= word["top"] and word["bottom"] <= height - 20 * MM + 1, where
            else:
                assert word["bottom"] <= height and word["top"] >= 0, where


def test_issue_page_links_the_pdf_with_pages_and_size(pdf_build: SiteCopy, reader: pypdf.PdfReader) -> None:
    html = pdf_build.path("output/issues/2015-05/index.html").read_text()
    size = pdf_build.path("output", ).joinpath(PDF).stat().st_size
    expected = f"Download the newsletter (PDF, {len(reader.pages)} pages, {round(size / 1024)} KB)"
    assert f'<a href="/{PDF}" download>{expected}</a>' in html


def newsletter_line(stdout: str) -> str:
    """The build's line about the newsletter's PDF (the briefings' and catalogue's follow it)."""
    [line] = [line for line in stdout.splitlines() if line.startswith("Printed newsletter ")]
    return line


def test_cache_is_used_equal_to_fresh_and_invalidated(print_site: SiteCopy, pdf_build: SiteCopy) -> None:
    built = print_site  # its own copy (its cache starts as the shared build's): this test changes the content
    first = (pdf_build.path("output") / PDF).read_bytes()
    again = built.build(pdf=True)
    assert "(unchanged, from the cache)" in newsletter_line(again.stdout)
    assert (built.path("output") / PDF).read_bytes() == first
    # a fresh render, with no cache, gives the same bytes as the cached one
    for entry in [*built.path(".sscbgen-cache/pdf").iterdir(), *built.path(".sscbgen-cache").glob("output-*/build.json")]:
        entry.unlink()   # (without the last build's record, which would find nothing to do)
    fresh = built.build(pdf=True)
    assert "from the cache" not in fresh.stdout   # none of the PDFs
    assert (built.path("output") / PDF).read_bytes() == first
    # an article changes: rendered again
    built.edit("content/issues/2015-05/08-health-forum.md", "## ", "## Updated: ") if "## " in built.path("content/issues/2015-05/08-health-forum.md").read_text() else built.edit(
        "content/issues/2015-05/08-health-forum.md", "Health Forum", "Health Forum (updated)")
    changed = built.build(pdf=True)
    assert "from the cache" not in newsletter_line(changed.stdout)
    assert "from the cache" in next(line for line in changed.stdout.splitlines() if line.startswith("Printed report"))   # not changed
    assert (built.path("output") / PDF).read_bytes() != first
    # a print template changes: rendered again
    assert "from the cache" in newsletter_line(built.build(pdf=True).stdout)
    built.write("templates/print/newsletter.css", (Path(__file__).parents[1] / "sscbgen/theme/templates/print/newsletter.css").read_text() + "\n.byline { color: #000; }\n")
    rebuilt = built.build(pdf=True).stdout
    assert "from the cache" not in newsletter_line(rebuilt)
    assert rebuilt.count("(unchanged, from the cache)") == 4   # the two briefings, the catalogue and the report do not use newsletter.css


def test_no_pdf_and_paper_options(site: SiteCopy) -> None:
    site.build()  # --no-pdf
    assert not list(site.path("output").rglob("*.pdf"))
    assert "Download the newsletter" not in site.path("output/issues/2015-05/index.html").read_text()
    site.only_the_newsletter()   # the paper of the newsletter is checked: the others need not print
    site.edit("config.yaml", "quick_exit:", "print:\n  paper: Letter\n  columns: 1\n\nquick_exit:")
    site.build(pdf=True)
    pdf = pypdf.PdfReader(site.path("output") / PDF)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_pictures_keep_their_alt_text(print_site: SiteCopy) -> None:
    site = print_site
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
           b"\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
    site.write("content/issues/2015-05/images/board.png", png)
    site.path("content/issues/2015-05/03-wider-structure.md").write_text(
        site.path("content/issues/2015-05/03-wider-structure.md").read_text() + "\n![The Board's structure chart](images/board.png)\n")
    site.build(pdf=True)
    reader = pypdf.PdfReader(site.path("output") / PDF)
    alts = [element.get("/Alt") for element in structure(reader.trailer["/Root"]["/StructTreeRoot"]) if element["/S"] == "/Figure"]
    assert "The Board's structure chart" in alts, alts
    assert (site.path("output/issues/2015-05/images/board.png")).read_bytes() == png


def test_a_weasyprint_failure_is_an_error_and_output_is_kept(print_site: SiteCopy) -> None:
    site = print_site
    site.build()
    before = snapshot(site.path("output"))
    site.write("templates/print/newsletter.css", '@font-face { font-family: X; src: url("file:///etc/passwd"); } body { font-family: X; }\n')
    result = site.run("build", "--today", TODAY)
    assert result.returncode == 1
    assert "error: content/issues/2015-05/index.md: the printed newsletter could not be made:" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.path("output")) == before


def test_issues_render_in_parallel_with_the_same_result(pdf_build: SiteCopy, tmp_path: Path) -> None:
    alone = (pdf_build.path("output") / PDF).read_bytes()
    site = SiteCopy(tmp_path / "two")   # no cache: both newsletters are rendered, in two worker processes
    site.only_the_newsletter()
    assert site.run("new", "issue", "2015-08").returncode == 0
    result = site.build("--drafts", pdf=True)
    pdfs = sorted(p.relative_to(site.path("output")).as_posix() for p in site.path("output").rglob("issues/*/*.pdf"))
    assert pdfs == ["issues/2015-05/sscb-newsletter-spring-2015.pdf", "issues/2015-08/sscb-newsletter-summer-2015.pdf"]
    assert result.stdout.count("Printed newsletter") == 2
    assert (site.path("output") / PDF).read_bytes() == alone  # a worker process renders the same bytes
    summer = pypdf.PdfReader(site.path("output/issues/2015-08/sscb-newsletter-summer-2015.pdf"))
    assert summer.metadata["/Title"] == "SSCB Newsletter, Summer 2015 (issue 2)"


def test_no_heading_is_stranded_at_the_foot_of_a_column(plumber) -> None:
    """Every article title (17 pt) and section heading (12 pt) has smaller text after it in its column."""
    for number, page in enumerate(plumber.pages, start=1):
        middle = float(page.width) / 2
        words = page.extract_words(extra_attrs=["size"])
        for heading in (w for w in words if abs(w["size"] - 17) < 0.1 or abs(w["size"] - 12) < 0.1):
            column = (lambda w, middle=middle: w["x0"] < middle) if heading["x0"] < middle else (lambda w, middle=middle: w["x0"] >= middle)
            below = [w for w in words if column(w) and w["top"] > heading["bottom"] and w["size"] < heading["size"] - 0.5
                     and w["bottom"] < float(page.height) - 20 * MM]
            assert below, f"page {number}: heading word {heading['text']!r} has nothing after it in its column"


def test_source_date_epoch_sets_the_pdf_date(site: SiteCopy) -> None:
    site.only_the_newsletter()
    result = site.run("build", "--today", TODAY, env={**os.environ, "SOURCE_DATE_EPOCH": "1433116800"})  # 1 June 2015
    assert result.returncode == 0, result.stderr
    assert pypdf.PdfReader(site.path("output") / PDF).metadata["/CreationDate"] == "D:20150601000000Z"


def test_print_addresses_and_escaping(site: SiteCopy) -> None:
    """Links to site pages print their address only when the site's address is known;
    a period with '&' is printed as such in the running header; a print template error
    names its file and line."""
    site.only_the_newsletter()
    site.edit("content/issues/2015-05/index.md", "period: Spring 2015", "period: Spring & Summer 2015")
    intro = "content/issues/2015-05/03-wider-structure.md"
    site.path(intro).write_text(site.path(intro).read_text() + "\nRead [about the newsletter](../../pages/about.md).\n")
    site.build("--base-url", "/", pdf=True)
    pdf_path = next(site.path("output").rglob("*.pdf"))
    with pdfplumber.open(pdf_path) as pdf:
        text = columns_text(pdf)
    assert "SSCB Newsletter · Spring & Summer 2015" in text and "&amp;" not in text
    assert "Read about the newsletter." in text  # plain words: no address is known for "/"
    site.build("--base-url", "https://news.example.org/sscb/", pdf=True)
    with pdfplumber.open(next(site.path("output").rglob("*.pdf"))) as pdf:
        assert "Read about the newsletter (news.example.org/sscb/about)." in unbroken(columns_text(pdf))
    site.write("templates/print/blocks/audits.html", "{% for a in article.meta.audits %}\n{{ a.nosuch }}\n{% endfor %}\n")
    result = site.run("build", "--today", TODAY)
    assert result.returncode == 1
    assert "error: templates/print/blocks/audits.html:2: the template uses something that does not exist: 'sscbgen.content.models.Audit object' has no attribute 'nosuch'" in result.stderr


def test_the_pdf_reads_only_checked_files_and_its_own_fonts(print_site: SiteCopy) -> None:
    """A print template cannot make WeasyPrint read a file outside the site; characters the
    font lacks are reported once, and no font of the machine's is embedded."""
    site = print_site
    site.edit("content/issues/2015-05/index.md", "title: SSCB Newsletter", 'title: "SSCB Newsletter ✓ Ελληνικά"')
    result = site.build(pdf=True)
    assert "print as empty boxes: Ε ά η ι κ λ ν ✓" in result.stderr
    fonts = {str(f.get_object()["/BaseFont"]) for page in pypdf.PdfReader(site.path("output") / PDF).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Atkinson-Hyperlegible" in name for name in fonts), fonts
    template = (Path(__file__).parents[1] / "sscbgen/theme/templates/print/newsletter.html").read_text()
    site.write("templates/print/newsletter.html", template.replace(
        "<body>", '<body><a rel="attachment" href="sscb://site/../../../../etc/passwd">x</a><img alt="" src="sscb://site/../../../../etc/passwd">'))
    before = snapshot(site.path("output"))
    bad = site.run("build", "--today", TODAY)
    assert bad.returncode == 1
    assert "the printed newsletter could not be made" in bad.stderr and "not fetched" in bad.stderr
    assert snapshot(site.path("output")) == before


def test_picture_names_with_spaces(print_site: SiteCopy) -> None:
    site = print_site
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
           b"\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
    site.write("content/issues/2015-05/images/board café.png", png)
    article = site.path("content/issues/2015-05/03-wider-structure.md")
    article.write_text(article.read_text() + "\n![The Board](<images/board café.png>)\n")
    site.build(pdf=True)
    html = site.path("output/issues/2015-05/wider-structure/index.html").read_text()
    assert '<img src="/issues/2015-05/images/board%20caf%C3%A9.png" alt="The Board" />' in html
    assert site.path("output/issues/2015-05/images/board café.png").read_bytes() == png


def test_control_characters_in_fields_are_refused(site: SiteCopy) -> None:
    site.edit("content/issues/2015-05/index.md", "period: Spring 2015", 'period: "Spring 2015\\r;} body { display: none }"')
    result = site.run("check")
    assert result.returncode == 1
    assert "content/issues/2015-05/index.md:5 period: contains an invisible control character" in result.stderr
