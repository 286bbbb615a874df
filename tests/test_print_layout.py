"""The printed newsletter's layout, read back from the PDF the CLI builds (pdfplumber):
no holes, a back page, addresses that break well, one rule per quotation, no article
starting with fewer than three lines at the foot of a column, the board's colour."""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pytest

from sscbgen.render.templates import THEME

from helpers import MM, empty_share
from sitecopy import SiteCopy

PDF = "issues/2015-05/sscb-newsletter-spring-2015.pdf"
MOST_EMPTY = 0.15   # of a page, on every page but the last


@pytest.fixture(scope="module")
def pages(pdf_build: SiteCopy):
    with pdfplumber.open(pdf_build.path("output") / PDF) as pdf:
        yield pdf.pages


def test_no_page_but_the_last_is_more_than_15_percent_empty(pdf_build: SiteCopy) -> None:
    shares = empty_share(pdf_build.path("output") / PDF)
    print("empty share of each page:", ", ".join(f"page {n}: {share:.1%}" for n, share in enumerate(shares, 1)))
    assert len(shares) >= 2
    holes = {n: f"{share:.0%}" for n, share in enumerate(shares[:-1], 1) if share > MOST_EMPTY}
    assert not holes, f"pages more than {MOST_EMPTY:.0%} empty: {holes}"


def test_the_measure_sees_a_hole(print_site: SiteCopy) -> None:
    """The measure itself: a newsletter whose long cards may not split has the holes the
    issue saw (page 3 about a third empty)."""
    site = print_site   # only the newsletter changes: the other PDFs come from the cache
    site.write("templates/print/newsletter.css", (THEME / "print/newsletter.css").read_text()
               + "\n.card-long, .training { break-inside: avoid; }\n")
    site.build(pdf=True)
    shares = empty_share(site.path("output") / PDF)
    assert max(shares[:-1]) > MOST_EMPTY, shares


def test_the_back_carries_help_booking_and_where_to_read_it(pages) -> None:
    last = pages[-1]
    heading = next(w for w in last.extract_words(extra_attrs=["size"]) if w["text"] == "Worried" and w["size"] > 14)
    third = (last.width - 2 * 16 * MM) / 3

    def box(n: int) -> str:   # the back's three boxes, side by side below its heading
        x = 16 * MM + n * third
        return " ".join(last.crop((x, heading["bottom"], x + third, last.height - 20 * MM)).extract_text().split())

    help_box, booking, about = box(0), box(1), box(2)
    assert "In an emergency Call 999" in help_box and "The board’s website www.sandwellscb.org.uk" in help_box
    assert "How to book training" in booking
    assert "Book online: sandwell .learningpool.com" in booking or "Book online: sandwell.learningpool.com" in booking
    assert "www.sandwellscb.org.uk/ site/training.html" in booking or "www.sandwellscb.org.uk/site/training.html" in booking
    assert "About this newsletter" in about and "published by Sandwell Safeguarding Children Board" in about
    assert "next issue" not in last.extract_text().lower()   # the newsletter does not say when the next issue is due


def test_addresses_break_at_sensible_points(pages) -> None:
    lines = [line.strip() for page in pages for line in page.extract_text().splitlines()]
    assert not [line for line in lines if re.search(r"(https?:/?/?|www)$", line)], "an address breaks after http:// or www"
    assert not [line for line in lines if "http://" in line or "https://" in line], "printed addresses keep http://"
    # where an address breaks, it does so after a slash or before a dot or hyphen
    broken = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if re.search(r"\(?[a-z0-9]+\.[a-z.]+/?\S*$", a) and "/" in a]
    for before, _after in broken:
        tail = before.split()[-1]
        assert tail.endswith(("/", ")", ".", ",")) or not tail[-1].isalnum() or "." in tail, before


def _left_rules(page) -> list[tuple[float, float, float]]:
    """Left border rules: two filled rectangles of one colour, equal but for a left edge a
    few points apart (how WeasyPrint draws a border-left). (x, top, bottom) of each."""
    groups = defaultdict(list)
    for r in page.rects:
        groups[(round(r["top"], 1), round(r["bottom"], 1), round(r["x1"], 1), str(r["non_stroking_color"]))].append(r["x0"])
    return [(min(xs), top, bottom) for (top, bottom, _, _), xs in groups.items()
            if len(xs) == 2 and 0.5 < abs(xs[0] - xs[1]) < 5 and bottom - top > 10]


def test_one_rule_per_quotation(pages) -> None:
    quotations = 0
    for page in pages:
        rules = _left_rules(page)
        for x, top, bottom in rules:
            inside = [r for r in rules if r != (x, top, bottom) and r[0] > x and r[1] >= top - 1 and r[2] <= bottom + 1]
            assert not inside, f"page {page.page_number}: a second rule inside the quotation at {top:.0f} pt"
        quotations += sum(1 for _, top, bottom in rules if any(
            c["fontname"].endswith("Italic") for c in page.within_bbox((0, top, page.width, bottom)).chars))
    assert quotations >= 5   # the example's five quotations (some may split across a column)


def test_no_article_starts_with_fewer_than_three_lines_at_a_column_foot(pages) -> None:
    for page in pages[1:]:
        titles = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] > 16]
        for title in titles:
            middle = page.width / 2
            left = title["x0"] < middle
            below = {round(c["top"]) for c in page.chars   # lines of text, not headings (12 pt and up)
                     if 8 <= c["size"] < 11.5 and c["top"] > title["bottom"] and (c["x0"] < middle) == left
                     and c["bottom"] < page.height - 20 * MM}
            assert len(below) >= 3, f"page {page.page_number}: {title['text']}… starts with {len(below)} lines at the foot of a column"


def test_the_pdf_takes_the_boards_colour(pages) -> None:
    """look.brand in config.yaml (#00545f) colours the headings, not the theme's blue."""
    brand = (0, 0x54 / 255, 0x5f / 255)
    colours = {tuple(round(v, 3) for v in c["non_stroking_color"]) for c in pages[0].chars if c["size"] > 20}
    assert colours == {tuple(round(v, 3) for v in brand)}, colours
