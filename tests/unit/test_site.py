import datetime as dt
from pathlib import Path

from sscbgen.content.addresses import path_of

from helpers import built, pages_of, small_site, write


def test_order_drafts_and_neighbours(tmp_path: Path) -> None:
    site = built(small_site(tmp_path))
    assert [i.slug for i in site.issues] == ["2015-08", "2015-05"]
    assert site.drafts_skipped == ("content/issues/2015-11/index.md",)
    assert [a.slug for a in site.issues[0].articles] == ["first", "second"]
    older, newer = site.neighbours(site.issues[0])
    assert (older.slug, newer) == ("2015-05", None)
    assert not any("2015-11" in f for f in site.files)
    assert [i.slug for i in built(tmp_path, drafts=True).issues] == ["2015-11", "2015-08", "2015-05"]


def test_events_sorted_and_split_by_today(tmp_path: Path) -> None:
    site = built(small_site(tmp_path))
    assert [e.event.title for e in site.events] == ["Morning 2015-05", "Course 2015-05", "Morning 2015-08", "Course 2015-08"]
    assert [e.event.title for e in site.upcoming] == ["Morning 2015-08", "Course 2015-08"]
    assert [e.event.title for e in site.past] == ["Course 2015-05", "Morning 2015-05"]


def test_topics_and_addresses(tmp_path: Path) -> None:
    site = built(small_site(tmp_path))
    [topic] = site.topics
    assert [(i.slug, a.slug) for i, a in topic.articles] == [("2015-08", "first"), ("2015-05", "first")]
    assert path_of("content/issues/2015-05/02-second.md") == "issues/2015-05/second/"
    assert path_of("content/issues/2015-05/index.md") == "issues/2015-05/"
    assert path_of("content/pages/about.md") == "about/"
    assert path_of("content/issues/2015-05/images/chart.png") == "issues/2015-05/images/chart.png"
    assert path_of("static/files/leaflet.pdf") == "files/leaflet.pdf"


def test_links_and_pictures_resolve_to_site_addresses(tmp_path: Path) -> None:
    root = small_site(tmp_path)
    files = pages_of(built(root), root)
    second = files["issues/2015-05/second/index.html"].decode()
    assert '<a href="/issues/2015-05/first/#start">first</a>' in second
    first = files["issues/2015-05/first/index.html"].decode()
    assert '<img src="/issues/2015-05/images/chart.png" alt="A chart" />' in first


def test_sessions_of_one_course_on_one_day_are_numbered_by_start_time(tmp_path: Path) -> None:
    root = small_site(tmp_path)
    write(root, "content/issues/2015-05/03-third.md",
          "---\ntitle: Third\ntraining:\n  - title: Neglect\n    date: 2015-06-08\n    start: '13:30'\n"
          "  - title: neglect \n    date: 2015-06-08\n    start: '09:30'\n  - title: Neglect\n    date: 2015-06-09\n---\n")
    site = built(root)
    names = {(e.event.date.isoformat(), str(e.event.start)): e.name for e in site.events if e.article.slug == "third"}
    assert names == {("2015-06-08", "09:30:00"): "2015-06-08-neglect", ("2015-06-08", "13:30:00"): "2015-06-08-neglect-2",
                     ("2015-06-09", "None"): "2015-06-09-neglect"}
    [later] = [e for e in site.events if e.name == "2015-06-08-neglect-2"]
    assert later.ics_path == "training/2015-05/2015-06-08-neglect-2.ics"
    # the same name in another issue is another event, with its own file
    assert len({e.ics_path for e in site.events}) == len(site.events)


def test_reviews_and_topics_across_issues(tmp_path: Path) -> None:
    root = small_site(tmp_path)
    write(root, "content/issues/2015-05/03-reviews.md",
          "---\ntitle: Reviews\ntopics: [neglect]\nreviews:\n  - title: A\n    board: B\n    published: 2014-11\n"
          "  - title: C\n    board: D\n---\n")
    site = built(root, today=dt.date(2015, 8, 1))   # (the 2015-08 issue is published from its date)
    assert [(r.review.title, r.number, r.anchor, r.year) for r in site.reviews] == [
        ("A", 1, "block-review-1", 2014), ("C", 2, "block-review-2", 2015)]
    [topic] = site.topics
    assert [r.review.title for r in topic.reviews] == ["A", "C"]
    assert [e.event.title for e in topic.upcoming] == ["Morning 2015-08", "Course 2015-08"]
    assert [e.event.title for e in topic.past] == ["Course 2015-05", "Morning 2015-05"]
