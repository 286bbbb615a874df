import datetime as dt
from pathlib import Path

from sscbgen.library import library

from helpers import built, small_site, write

REVIEWS = """---
title: Reviews
topics: [neglect]
reviews:
  - title: Local SCR
    board: Here
    kind: serious-case-review
    scope: local
  - title: Briefing
    board: NSPCC
    kind: thematic-briefing
    scope: national
    published: 2014-12
  - title: Unsorted
    board: There
---
"""


def test_a_page_for_all_and_one_for_each_filter_that_keeps_a_review(tmp_path: Path) -> None:
    root = small_site(tmp_path)
    write(root, "content/issues/2015-08/03-reviews.md", REVIEWS)
    pages = library(built(root, today=dt.date(2015, 9, 1)))
    shelves = {page.chosen.path: [r.review.title for r in page.chosen.reviews] for page in pages}
    assert shelves == {
        "reviews/": ["Local SCR", "Briefing", "Unsorted"],
        "reviews/type/serious-case-review/": ["Local SCR"],
        "reviews/type/thematic-briefing/": ["Briefing"],
        "reviews/scope/local/": ["Local SCR"],
        "reviews/scope/national/": ["Briefing"],
        "reviews/year/2015/": ["Local SCR", "Unsorted"],   # the year, where no date is given
        "reviews/year/2014/": ["Briefing"],
        # no page for the topic neglect: every review has it, so it would filter nothing
    }
    every = pages[0]
    assert [(g.heading, [r.review.title for r in g.reviews]) for g in every.groups] == [
        ("Serious case reviews", ["Local SCR"]), ("Thematic briefings", ["Briefing"]), ("Other reviews", ["Unsorted"])]
    assert [f.name for f in every.facets] == ["Type", "Scope", "Year", "Topic"]
    assert [c.label for c in every.facets[2].choices] == ["2015", "2014"]  # newest first
    assert every.facets[3].choices == ()   # the topic facet is not shown
    assert all(page.facets == every.facets for page in pages)


def test_no_reviews_one_empty_page(tmp_path: Path) -> None:
    [page] = library(built(small_site(tmp_path)))
    assert page.chosen.path == "reviews/" and page.chosen.reviews == () and page.groups == ()
    assert all(not facet.choices for facet in page.facets)
