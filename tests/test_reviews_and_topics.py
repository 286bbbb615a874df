"""The case-review library and the topic pages, read from the built example (the CLI's
output), against the reviews of the example written out in example_reviews.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

from example_reviews import FILTERS
from sitecopy import SiteCopy


def main(path: Path) -> str:
    return path.read_text(encoding="utf-8").split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def card_titles(page: str) -> list[str]:
    return [text(t) for t in re.findall(r'<h3 id="review-[^"]+">(.*?)</h3>', page)]


def test_every_review_under_the_right_filters(example_build: Path) -> None:
    built = sorted(p.parent.relative_to(example_build).as_posix() + "/" for p in (example_build / "reviews").rglob("index.html"))
    assert built == sorted(FILTERS)  # no page for a filter that keeps no review (learning-review, prevent, ...)
    for path, (current, reviews) in FILTERS.items():
        page = main(example_build / path / "index.html")
        assert card_titles(page) == reviews, path
        nav = page.split('<nav class="filters" aria-labelledby="filters-heading">')[1].split("</nav>")[0]
        assert [text(a) for a in re.findall(r'<a [^>]*aria-current="page"[^>]*>.*?</a>', nav)] == [current], path
        assert len(re.findall(r"<a ", nav)) == len(FILTERS)  # every filter, on every page
        count = f"Showing {len(reviews)} of the 6 case reviews" if path != "reviews/" else "6 case reviews."
        assert count in text(page), path


def test_reviews_are_grouped_by_type_with_headings_in_order(example_build: Path) -> None:
    page = main(example_build / "reviews/index.html")
    groups = re.findall(r'<h2 id="reviews-group-\d+">(.*?)</h2>', page)
    assert groups == ["Serious case reviews", "Management reviews", "Thematic briefings"]
    for path in FILTERS:
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", main(example_build / path / "index.html"))]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_each_review_links_back_to_its_article_and_issue(example_build: Path) -> None:
    article = (example_build / "issues/2015-05/case-reviews/index.html").read_text()
    cards = re.findall(r'<section class="card review" aria-labelledby="(review-[^"]+)">(.*?)</section>', main(example_build / "reviews/index.html"), re.S)
    assert len(cards) == 6
    for _, card in cards:
        title = card_titles(card)[0]
        anchor = re.search(r'<dt>From</dt> <dd><a href="/issues/2015-05/case-reviews/#(block-review-\d)">Serious Case Reviews / Management Reviews</a>, '
                           r'in <a href="/issues/2015-05/">SSCB Newsletter: Spring 2015</a></dd>', card)
        assert anchor, card
        assert text(re.search(f'<h3 id="{anchor[1]}">(.*?)</h3>', article)[1]) == title


def test_library_is_in_the_main_menu(example_build: Path) -> None:
    page = (example_build / "reviews/scope/local/index.html").read_text()
    assert '<li><a href="/reviews/" aria-current="true">Case reviews</a></li>' in page
    assert '<li><a href="/reviews/" aria-current="page">Case reviews</a></li>' in (example_build / "reviews/index.html").read_text()


def test_topic_page_lists_articles_training_and_reviews(example_build: Path) -> None:
    neglect = main(example_build / "topics/neglect/index.html")
    headings = [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", neglect)]
    assert headings == ["Articles", "Briefings and courses", "Upcoming training", "Case reviews"]   # no past training: no empty section
    upcoming = neglect.split('id="upcoming"')[1].split('id="case-reviews"')[0]
    courses = [text(c) for c in re.findall(r'<a class="course-title" [^>]*>(.*?)</a>', upcoming)]
    assert len(courses) == 10 and set(courses) == {"Neglect (full day)", "Neglect (half day)"}  # only the events filed under neglect
    reviews = neglect.split('id="case-reviews"')[1]
    written = ["Neglect of a 6 year old boy", "Two management reviews", "Child K"]  # the reviews filed under neglect, as in the article
    assert [text(a) for a in re.findall(r'<a href="/issues/2015-05/case-reviews/#block-review-\d">(.*?)</a>', reviews)] == written
    assert '<a href="/reviews/topic/neglect/">Read these 3 case reviews in full in the case review library</a>' in reviews
    every = main(example_build / "topics/case-reviews/index.html")   # all six: the library itself, no filter
    assert '<a href="/reviews/">Read these 6 case reviews in full in the case review library</a>' in every

    audit = main(example_build / "topics/audit/index.html")
    assert "No upcoming training on this topic is announced at the moment." in audit
    assert "No case review is filed under this topic yet." in audit
    listing = text((example_build / "topics/index.html").read_text())
    assert "Neglect (7 articles, 10 training events, 3 case reviews)" in listing   # 4 of the issue's, 3 of the report's chapters
    assert "Prevent (1 article, 1 training event, 0 case reviews)" in listing
    assert "Child sexual exploitation (8 articles, 2 training events, 1 case review)" in listing   # 6 and 2 chapters


def test_topic_training_splits_by_build_date(site: SiteCopy) -> None:
    site.build("--today", "2015-06-20")
    neglect = main(site.path("output/topics/neglect/index.html"))
    upcoming, past = neglect.split('id="upcoming"')[1].split('id="past"')
    assert upcoming.count('<td class="event-date"') == 7 and "Monday 22 June 2015" in upcoming
    assert past.count('<td class="event-date"') == 3 and "Monday 8 June 2015" in past
    assert "Thursday 18 June 2015" not in neglect   # Safeguarding Module 3 is not filed under neglect
