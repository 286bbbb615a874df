"""Briefings, the training catalogue and the publications page, as the CLI builds them from
the example: their pages, the briefings library's filters, the catalogue's dates in the
training calendar and its iCalendar files, the home and topic pages, drafts, and
``sscbgen new briefing|catalogue``."""

from __future__ import annotations

import html
import re
from pathlib import Path

import icalendar

from sitecopy import TODAY, SiteCopy

CATALOGUE = "content/catalogues/2015-16"
COURSES = ["Neglect (full day)", "Neglect (half day)", "CSE Loudmouth workshop", "Workshop to Raise Awareness of PREVENT (WRAP)",
           "Domestic Abuse & Equality", "MARAC/ DASH & BST", "Safeguarding Module 3"]


def main(path: Path) -> str:
    page = path.read_text()
    return page[page.index("<main"):page.index("</main>")]


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_briefing_page_has_seven_numbered_parts_in_an_ordered_list(example_build: Path) -> None:
    page = main(example_build / "briefings/hidden-men/index.html")
    [parts] = re.findall(r'<ol class="briefing-parts"[^>]*>(.*?)</ol>\n', page, re.S)
    headings = [text(h).replace(" .", ".") for h in re.findall(r'<li class="briefing-part" id="part-\d">\s*<h2[^>]*>(.*?)</h2>', parts)]
    assert headings == ["1. Background", "2. Why it matters", "3. What was learnt", "4. Ask about the men", "5. Involve fathers",
                        "6. Estranged fathers", "7. Questions for reflection"]
    assert page.index("briefing-lead") < page.index("briefing-parts")   # the lead comes first
    assert "The case reviews it draws on" in page and "Hidden men: learning from case reviews" in page
    assert '<a class="tag" href="/topics/case-reviews/">Case reviews</a>' in page


def test_a_briefing_links_the_catalogue(example_build: Path) -> None:
    page = main(example_build / "briefings/local-scr-neglect/index.html")
    assert '<a href="/catalogues/2015-16/">training catalogue</a>' in page


def test_briefings_library_groups_by_topic_and_filters_by_topic_and_year(example_build: Path) -> None:
    every = main(example_build / "briefings/index.html")
    groups = re.findall(r'<h2 id="briefings-group-\d+">(.*?)</h2>\s*<ul class="article-list">(.*?)</ul>', every, re.S)
    titles = {heading: re.findall(r'<a href="[^"]+">(.*?)</a>', items) for heading, items in groups}
    assert titles == {"Case reviews": ["Lessons from our serious case review on neglect", "Hidden men"],
                      "Neglect": ["Lessons from our serious case review on neglect"]}
    assert "2 briefings." in every
    filters = dict(re.findall(r'<li><a href="(/briefings/[^"]*)"[^>]*>([^<]+)</a></li>', every))
    assert filters == {"/briefings/": "All briefings (2 briefings)", "/briefings/topic/case-reviews/": "Case reviews (2 briefings)",
                       "/briefings/topic/neglect/": "Neglect (1 briefing)", "/briefings/year/2015/": "2015 (2 briefings)"}
    neglect = main(example_build / "briefings/topic/neglect/index.html")
    assert "Showing 1 of the 2 briefings (topic: Neglect)." in text(neglect)
    assert '<a href="/briefings/topic/neglect/" aria-current="page">' in neglect
    assert re.findall(r'<h2 id="briefings-group-\d+">(.*?)</h2>', neglect) == ["2015"]   # a topic's page: by year
    year = main(example_build / "briefings/year/2015/index.html")
    assert re.findall(r'<h2 id="briefings-group-\d+">(.*?)</h2>', year) == ["Case reviews", "Neglect"]   # a year's: by topic


def test_catalogue_page_lists_courses_by_topic_and_every_date_by_month(example_build: Path) -> None:
    page = main(example_build / "catalogues/2015-16/index.html")
    assert "<h1>Training Catalogue 2015-2016</h1>" in page
    assert "2015-2016; published 1 May 2015; 7 courses" in page
    assert '<a href="http://sandwell.learningpool.com">Learning Pool site</a>' in page
    groups = dict(re.findall(r'<h3 id="(topic-[a-z-]+)">.*?</h3>\s*<ul class="article-list">(.*?)</ul>', page, re.S))
    assert [html.unescape(t) for t in re.findall(r">([^<]+)</a>", groups["topic-neglect"])] == ["Neglect (full day)", "Neglect (half day)"]
    assert [html.unescape(t) for t in re.findall(r">([^<]+)</a>", groups["topic-training"])] == COURSES
    assert "topic-other" not in groups
    months = re.findall(r'<h3 id="dates-(\d{4}-\d\d)">(.*?)</h3>(.*?)</section>', page, re.S)
    assert [(m, label) for m, label, _ in months] == [("2015-05", "May 2015"), ("2015-06", "June 2015"), ("2015-07", "July 2015")]
    rows = {label: re.findall(r'<a class="course-title" href="/catalogues/2015-16/([a-z0-9-]+)/">', table) for _, label, table in months}
    assert rows["May 2015"] == ["cse-loudmouth", "cse-loudmouth", "wrap", "domestic-abuse-and-equality", "marac-dash-bst", "neglect-full-day"]
    assert len(rows["June 2015"]) == 9 and rows["July 2015"] == ["neglect-full-day", "marac-dash-bst"]
    may = months[0][2]
    assert may.count('class="places places-open">Places available') == 5   # places, where the seed gives them
    assert may.count('>Book<span class="visually-hidden"> Neglect (full day) on 29 May 2015 at 9:30am') == 1   # booking


def test_course_page_shows_its_facts_and_dates(example_build: Path) -> None:
    page = main(example_build / "catalogues/2015-16/neglect-half-day/index.html")
    assert "<h1>Neglect (half day)</h1>" in page
    assert "<dt>Duration</dt><dd>Half day (9.30 to 12.30, or 1.30 to 4.30)</dd>" in page
    assert "<dt>Provided by</dt><dd>Child &amp; Family Training</dd>" in page
    assert "<dt>Cost</dt>" not in page and "<dt>Who it is for</dt>" not in page   # the seed gives neither: left out
    assert page.count('<a href="/training/catalogues/2015-16/2015-06-') == 6   # each date links its own calendar file
    assert '<a href="/catalogues/2015-16/neglect-full-day/" rel="prev">' in page
    assert '<a href="/catalogues/2015-16/cse-loudmouth/" rel="next">' in page


def test_publications_page_lists_every_kind_newest_first(example_build: Path) -> None:
    page = main(example_build / "publications/index.html")
    sections = re.findall(r'<h2 id="(newsletter|briefing|catalogue|report)">(.*?)</h2>\s*<ul class="article-list">(.*?)</ul>', page, re.S)
    assert [(key, heading) for key, heading, _ in sections] == [("newsletter", "Newsletters"), ("briefing", "7-minute briefings"),
                                                               ("catalogue", "Training catalogues"), ("report", "Reports")]
    items = {key: re.findall(r'<li>\s*<a href="([^"]+)">', body) for key, _, body in sections}
    assert items == {"newsletter": ["/issues/2015-05/"], "briefing": ["/briefings/local-scr-neglect/", "/briefings/hidden-men/"],
                     "catalogue": ["/catalogues/2015-16/"], "report": ["/reports/annual-report-2014-15/"]}
    assert "5 publications" in text(page)
    assert "Training catalogue, 2015-2016 (published 1 May 2015)" in text(page)


def test_home_shows_the_latest_briefing_and_topics_list_briefings_and_courses(example_build: Path) -> None:
    home = main(example_build / "index.html")
    [box] = re.findall(r'<section class="latest-briefing".*?</section>', home, re.S)
    assert '<a href="/briefings/local-scr-neglect/">Lessons from our serious case review on neglect</a>' in box
    neglect = main(example_build / "topics/neglect/index.html")
    listed = neglect.split('id="publications"')[1].split('id="upcoming"')[0]
    assert re.findall(r'<a href="([^"]+)">', listed) == ["/briefings/local-scr-neglect/", "/catalogues/2015-16/neglect-full-day/",
                                                          "/catalogues/2015-16/neglect-half-day/"]
    assert "Course in the Training Catalogue 2015-2016" in text(listed)


def test_sitemap_lists_the_new_pages_with_their_dates(example_build: Path) -> None:
    sitemap = (example_build / "sitemap.xml").read_text()
    for path in ("publications/", "briefings/", "briefings/hidden-men/", "catalogues/2015-16/", "catalogues/2015-16/wrap/"):
        assert f"<loc>http://www.sandwellscb.org.uk/{path}</loc>" in sitemap, path
    assert re.search(r"<loc>http://www\.sandwellscb\.org\.uk/briefings/hidden-men/</loc>\s*<lastmod>2015-05-01</lastmod>", sitemap)


def test_a_catalogue_date_joins_the_calendar_with_a_stable_uid(site: SiteCopy) -> None:
    course = f"{CATALOGUE}/07-safeguarding-module-3.md"
    site.edit(course, "training:\n", 'training:\n  - title: "Safeguarding Module 3"\n    date: 2015-09-15\n    start: "10:00"\n'
              '    end: "12:00"\n    venue: Council House, Oldbury\n    places: 12\n')
    site.build("--base-url", "https://example.org/news/")
    whole = icalendar.Calendar.from_ical(site.path("output/training/calendar.ics").read_bytes())
    [event] = [e for e in whole.walk("VEVENT") if str(e.decoded("dtstart")).startswith("2015-09-15")]
    assert str(event["summary"]) == "Safeguarding Module 3" and str(event["location"]) == "Council House, Oldbury"
    assert event.decoded("dtstart").strftime("%H:%M %Z") == "10:00 BST"
    assert "From Safeguarding Module 3, Training Catalogue 2015-2016: 2015-2016" in str(event["description"])
    assert "https://example.org/news/catalogues/2015-16/safeguarding-module-3/" in str(event["description"])   # its course's page
    own = site.path("output/training/catalogues/2015-16/2015-09-15-safeguarding-module-3.ics")
    [alone] = icalendar.Calendar.from_ical(own.read_bytes()).walk("VEVENT")
    assert alone["uid"] == event["uid"]
    training = main(site.path("output/training/index.html"))
    assert '<a class="course-title" href="/news/catalogues/2015-16/safeguarding-module-3/">Safeguarding Module 3</a>' in training
    home = main(site.path("output/index.html"))
    assert "Safeguarding Module 3" in home.split('class="home-training"')[1].split('</section>')[0]   # the next courses with places
    # another build, with the catalogue's other dates moved: the same UID
    site.edit(course, "date: 2015-06-18", "date: 2015-06-19")
    site.build("--base-url", "https://example.org/news/")
    again = icalendar.Calendar.from_ical(site.path("output/training/calendar.ics").read_bytes())
    [same] = [e for e in again.walk("VEVENT") if str(e.decoded("dtstart")).startswith("2015-09-15")]
    assert same["uid"] == event["uid"]


def test_a_date_both_the_newsletter_and_the_catalogue_give_is_one_calendar_event(example_build: Path) -> None:
    whole = icalendar.Calendar.from_ical((example_build / "training/calendar.ics").read_bytes())
    found = [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in whole.walk("VEVENT")]
    assert len(found) == len(set(found)) == 17
    # each still has its own "Add to calendar" file, from the catalogue's pages
    assert len(list((example_build / "training/catalogues/2015-16").glob("*.ics"))) == 17


def test_drafts_are_left_out_unless_asked_for(site: SiteCopy) -> None:
    site.edit("content/briefings/hidden-men.md", "date: 2015-05-01\n", "date: 2015-05-01\ndraft: true\n")
    site.edit(f"{CATALOGUE}/index.md", "period: 2015-2016\n", "period: 2015-2016\ndraft: true\n")
    site.edit("content/briefings/local-scr-neglect.md", "[training catalogue](../catalogues/2015-16/index.md)", "training catalogue")
    result = site.build()
    assert "2 drafts skipped (content/briefings/hidden-men.md, content/catalogues/2015-16/index.md; add --drafts to include)" in result.stdout
    out = site.path("output")
    assert not (out / "briefings/hidden-men").exists() and not (out / "catalogues").exists()
    assert "hidden-men" not in (out / "publications/index.html").read_text()
    assert "catalogues/2015-16" not in (out / "training/calendar.ics").read_text()
    assert "hidden-men" not in (out / "feed.atom").read_text() and "hidden-men" not in (out / "sitemap.xml").read_text()
    site.build("--drafts")
    page = (out / "briefings/hidden-men/index.html").read_text()
    assert '<p class="draft-banner"><strong>Draft:</strong> this briefing is marked <code>draft: true</code>' in page
    for name in ("catalogues/2015-16/index.html", "catalogues/2015-16/neglect-full-day/index.html"):
        assert "this catalogue is marked <code>draft: true</code>" in (out / name).read_text(), name


def test_new_briefing_and_catalogue_start_from_a_template_that_builds(print_site: SiteCopy) -> None:
    site = print_site   # its last check prints: the PDFs come from the cache (the new ones are drafts)
    made = site.run("new", "briefing", "thresholds", "--today", "2015-07-01")
    assert made.returncode == 0, made.stderr
    assert "created content/briefings/thresholds.md" in made.stdout
    made = site.run("new", "catalogue", "2016-17", "--today", "2016-05-01")
    assert made.returncode == 0, made.stderr
    assert "created content/catalogues/2016-17/index.md" in made.stdout and "created content/catalogues/2016-17/01-course.md" in made.stdout
    assert "period: \"2016-2017\"" in site.path("content/catalogues/2016-17/index.md").read_text()
    result = site.build()
    assert "2 drafts skipped" in result.stdout
    site.build("--drafts")
    page = main(site.path("output/briefings/thresholds/index.html"))
    assert page.count('<li class="briefing-part"') == 7
    assert "Course title" in main(site.path("output/catalogues/2016-17/course/index.html"))
    # never over what exists, and a name must be an address
    again = site.run("new", "briefing", "thresholds")
    assert again.returncode == 1 and "content/briefings/thresholds.md already exists; nothing was changed" in again.stderr
    again = site.run("new", "catalogue", "2015-16")
    assert again.returncode == 1 and "content/catalogues/2015-16 already exists; nothing was changed" in again.stderr
    bad = site.run("new", "briefing", "Hidden Men")
    assert bad.returncode == 2 and "'Hidden Men' cannot be a briefing's web address" in bad.stderr
    assert site.run("check", "--today", TODAY).returncode == 0


def test_a_briefings_training_joins_the_calendar(site: SiteCopy) -> None:
    site.edit("content/briefings/hidden-men.md", "reviews:\n", 'training:\n  - title: "Hidden men workshop"\n    date: 2015-10-06\n'
              '    places: available\nreviews:\n')
    site.build()
    whole = icalendar.Calendar.from_ical(site.path("output/training/calendar.ics").read_bytes())
    [event] = [e for e in whole.walk("VEVENT") if str(e["summary"]) == "Hidden men workshop"]
    assert "From the 7-minute briefing Hidden men" in str(event["description"])
    assert site.path("output/training/briefings/hidden-men/2015-10-06-hidden-men-workshop.ics").is_file()
    page = main(site.path("output/briefings/hidden-men/index.html"))
    assert '<h2 id="briefing-training">Training dates</h2>' in page
    assert 'href="/training/briefings/hidden-men/2015-10-06-hidden-men-workshop.ics"' in page
