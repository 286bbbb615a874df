"""Reports: the example's pages and charts, a writer's mistakes through the CLI, and
``sscbgen new report``. (The report's PDF is read back in test_report_pdf.py.)"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pypdf
import pytest
import yaml

from sitecopy import REPO, SiteCopy, snapshot

REPORT = "content/reports/annual-report-2014-15"
CHAPTER = f"{REPORT}/06-training.md"


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class Figures(HTMLParser):
    """Each <figure class="chart">: its id, caption, the SVG's title and desc, and its table's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict] = []
        self.where: list[str] = []
        self.row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "figure" and "chart" in (attributes.get("class") or ""):
            self.figures.append({"id": attributes["id"], "caption": "", "title": "", "desc": "", "head": [], "rows": []})
        if not self.figures:
            return
        if tag == "tr":
            self.row = []
        self.where.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.where and self.where[-1] == tag:
            self.where.pop()
        if tag == "tr" and self.row is not None and self.figures:
            figure = self.figures[-1]
            (figure["rows"] if figure["head"] else figure["head"]).append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if not self.figures or not self.where:
            return
        figure, inner = self.figures[-1], self.where[-1]
        if inner == "figcaption" or (inner == "span" and "figcaption" in self.where):
            figure["caption"] += data
        elif inner in ("title", "desc") and "svg" in self.where:
            figure[inner] += data
        elif inner in ("th", "td") and self.row is not None:
            self.row.append(data.strip())


def figures_of(page: Path) -> list[dict]:
    parser = Figures()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.figures


# -- the example's web pages -------------------------------------------------------------

def test_report_page_shows_title_foreword_chapters_with_summaries(example_build: Path) -> None:
    page = (example_build / "reports/annual-report-2014-15/index.html").read_text()
    main = page.split('id="main-content"')[1]
    assert "<h1>Annual Report 2014-2015</h1>" in main
    assert "Published 1 May 2015" in text(main)
    assert "the Board's Independent Chair, appointed in July 2014, led a strategic review" in text(main).replace("’", "'")
    chapters = sorted((REPO / REPORT).glob("[0-9]*.md"))
    links = re.findall(r'<li>\n<a href="/reports/annual-report-2014-15/([a-z-]+)/">(.*?)</a>\n<p>(.*?)</p>', main)
    assert [(slug, unescape(title), unescape(summary)) for slug, title, summary in links] == [
        (p.stem.split("-", 1)[1], front(p)["title"], front(p)["summary"]) for p in chapters]
    assert "Download the report" not in main   # this build has no PDFs (see test_report_pdf.py)
    assert re.findall(r"Figure (\d): ", text(main)) == ["1", "2", "3"]


def test_each_chapter_has_a_page_with_its_charts_as_figures(example_build: Path) -> None:
    data = front(REPO / CHAPTER)["charts"]
    figures = figures_of(example_build / "reports/annual-report-2014-15/training/index.html")
    assert [f["id"] for f in figures] == [c["id"] for c in data]
    for number, (figure, chart) in enumerate(zip(figures, data, strict=True), 2):   # Figure 1 is in an earlier chapter
        assert " ".join(figure["caption"].split()) == f"Figure {number}: {chart['title']}"
        assert figure["title"] == chart["title"] and figure["desc"] == chart["description"]
        # The table holds exactly the chart's numbers: a column a series, a row a category.
        assert figure["head"] == [[s["name"] for s in chart["series"]]]
        assert [row[0] for row in figure["rows"]] == chart["categories"]
        for j, row in enumerate(figure["rows"]):
            assert [float(cell.rstrip("%").replace(",", "")) for cell in row[1:]] == [float(s["values"][j]) for s in chart["series"]]


def test_a_link_to_a_chart_reads_figure_n(example_build: Path) -> None:
    training = (example_build / "reports/annual-report-2014-15/training/index.html").read_text()
    assert '<a href="#neglect-sessions" class="figure-ref">Figure 2</a>' in training
    assert '<a href="#launch-event-rating" class="figure-ref">Figure 3</a>' in training
    ahead = (example_build / "reports/annual-report-2014-15/next-year/index.html").read_text()   # from another chapter
    assert '<a href="/reports/annual-report-2014-15/audits/#s175-sign-up" class="figure-ref">Figure 1</a>' in ahead


def test_reports_reach_topics_feed_sitemap_and_search(example_build: Path) -> None:
    topic = (example_build / "topics/neglect/index.html").read_text()
    assert '<a href="/reports/annual-report-2014-15/training/">Training and learning</a>' in topic
    feed = (example_build / "feed.atom").read_text()
    assert "http://www.sandwellscb.org.uk/reports/annual-report-2014-15/audits/" in feed
    sitemap = (example_build / "sitemap.xml").read_text()
    assert "<loc>http://www.sandwellscb.org.uk/reports/annual-report-2014-15/</loc>\n    <lastmod>2015-05-01</lastmod>" in sitemap


def test_chart_svgs_are_the_same_bytes_in_every_build(example_build: Path, site: SiteCopy) -> None:
    site.build()
    for name in ("audits", "training"):
        again = site.path(f"output/reports/annual-report-2014-15/{name}/index.html").read_bytes()
        assert again == (example_build / f"reports/annual-report-2014-15/{name}/index.html").read_bytes()


def test_the_publications_page_lists_the_report(example_build: Path) -> None:
    html = (example_build / "publications/index.html").read_text(encoding="utf-8")
    reports = html.split('<h2 id="report">Reports</h2>', 1)[1].split("</section>", 1)[0]
    assert '<a href="/reports/annual-report-2014-15/">Annual Report 2014-2015</a>' in reports
    assert "Report, 1 May 2015" in text(reports)
    assert "Reports (1)" in text(html)


# -- a writer's mistakes ---------------------------------------------------------------------

CHART = """---
title: Numbers
charts:
  - id: plans
    title: Children with a child protection plan
    kind: bar
    description: Neglect was the most common category.
    categories: [Neglect, Emotional abuse, Physical abuse]
    series:
      - name: 31 March 2014
        values: [210, 98, 45]
---
See [](#plans).
"""


def build_fails(site: SiteCopy, *expected: str) -> str:
    before = snapshot(site.path("output")) if site.path("output").exists() else None
    result = site.run("build", "--today", "2015-05-01", "--no-pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr, result.stderr
    if before is not None:
        assert snapshot(site.path("output")) == before   # the last good build stays as it was
    return result.stderr


@pytest.mark.parametrize(("old", "new", "message"), [
    ("values: [210, 98, 45]", "values: [210, 98]",
     f"{REPORT}/08-numbers.md:11 charts[0].series[0].values: the series \"31 March 2014\" has 2 values but the chart has 3 categories "
     "(Neglect, Emotional abuse, Physical abuse); give one value for each category, in the same order"),
    ("values: [210, 98, 45]", "values: [210, n/a, 45]",
     f"{REPORT}/08-numbers.md:11 charts[0].series[0].values[1]: expected a number like 42 or 12.5, found \"n/a\""),
    ("values: [210, 98, 45]", "values: [210, 98%, 45]",
     f"{REPORT}/08-numbers.md:11 charts[0].series[0].values[1]: expected a number without the % sign (write 93, and unit: per cent), found \"98%\""),
    ("kind: bar", "kind: pie",
     f"{REPORT}/08-numbers.md:6 charts[0].kind: expected one of: bar, stacked-bar, line, found \"pie\""),
    ("    description: Neglect was the most common category.\n", "",
     f"{REPORT}/08-numbers.md:4 charts[0].description: the chart \"plans\" needs a description: say in words what it shows"),
    ("See [](#plans).", "See [](#plan).",
     f"{REPORT}/08-numbers.md:13: links to #plan, but no heading here has that anchor and no chart has that id (did you mean 'plans'?)"),
    ("id: plans", "id: neglect-sessions",
     f"{REPORT}/08-numbers.md:4 charts[0].id: the chart id \"neglect-sessions\" is already used in {REPORT}/06-training.md (line 6); "
     "a chart id must be unique in the report"),
    ("categories: [Neglect, Emotional abuse, Physical abuse]", "categories: [Neglect, Neglect, Physical abuse]",
     f"{REPORT}/08-numbers.md:8 charts[0].categories[1]: the category \"Neglect\" is given twice"),
    ("values: [210, 98, 45]", "values: [210, 98, -3]",
     f"{REPORT}/08-numbers.md:11 charts[0].series[0].values[2]: expected a number of 0 or more (a chart's bars and lines start from 0), found \"-3\""),
    ("values: [210, 98, 45]", 'values: [210, "1,234", 45]',
     f"{REPORT}/08-numbers.md:11 charts[0].series[0].values[1]: expected a number without commas, like 1234, found \"1,234\""),
    ("values: [210, 98, 45]", "values:\n          - 210\n          -\n          - 45",
     f"{REPORT}/08-numbers.md:13 charts[0].series[0].values[1]: expected a number like 42 or 12.5; a value is missing here (write 0 if it is nought), found nothing"),
    ("id: plans", "id: Plans",
     f"{REPORT}/08-numbers.md:4 charts[0].id: expected a short key of lower-case letters, digits and hyphens, like child-sexual-exploitation, found \"Plans\""),
    ("    title: Children with a child protection plan\n", "",
     f"{REPORT}/08-numbers.md:4 charts[0].title: this field is required"),
    ("kind: bar", "kind: bar\n    colour: red",
     f"{REPORT}/08-numbers.md:7 charts[0].colour: unknown field 'colour'; the fields here are: categories, description, id, kind, series, source, title, unit"),
    ("categories: [Neglect, Emotional abuse, Physical abuse]", "categories: []",
     f"{REPORT}/08-numbers.md:8 charts[0].categories: expected at least one category, found an empty list"),
])
def test_each_chart_mistake_is_named_with_file_line_and_field(site_after_build: SiteCopy, old: str, new: str, message: str) -> None:
    site = site_after_build   # as a good build left it: the failing build must leave its output as it was
    site.write(f"{REPORT}/08-numbers.md", CHART.replace(old, new))
    build_fails(site, message)


def test_every_mistake_in_a_report_is_reported_in_one_run(site: SiteCopy) -> None:
    site.write(f"{REPORT}/08-numbers.md", CHART.replace("kind: bar", "kind: pie").replace("values: [210, 98, 45]", "values: [1]"))
    site.edit(CHAPTER, "[](#neglect-sessions)", "[](#no-such-chart)")
    errors = build_fails(site, "charts[0].kind: expected one of", "charts[0].series[0].values: the series", "links to #no-such-chart")
    assert "3 errors found" in errors


def test_a_link_to_a_chart_of_another_chapter_that_does_not_exist(site: SiteCopy) -> None:
    site.edit(f"{REPORT}/07-next-year.md", "03-audits.md#s175-sign-up", "03-audits.md#s175-signup")
    build_fails(site, f"{REPORT}/07-next-year.md:15: links to {REPORT}/03-audits.md#s175-signup, but that file has no heading "
                      "with that anchor and no chart has that id (did you mean 's175-sign-up'?)")


def test_a_chart_id_may_not_be_a_heading_anchor_of_its_chapter(site: SiteCopy) -> None:
    site.edit(CHAPTER, "## Thresholds", "## Neglect sessions")
    build_fails(site, f"{CHAPTER}:6 charts[0].id: the chart id \"neglect-sessions\" is also the anchor of a heading of this chapter")


def test_too_many_series(site: SiteCopy) -> None:
    many = "\n".join(f"      - name: S{i}\n        values: [1, 2, 3]" for i in range(7))
    site.write(f"{REPORT}/08-numbers.md", CHART.replace("      - name: 31 March 2014\n        values: [210, 98, 45]", many))
    build_fails(site, f"{REPORT}/08-numbers.md:9 charts[0].series: expected 1 to 6 series, found 7")


def test_a_reports_training_shows_in_its_chapter_its_pdf_and_the_calendar(print_site: SiteCopy) -> None:
    site = print_site   # only the report changes: the other PDFs come from the cache
    site.edit(CHAPTER, "topics: [training, neglect, domestic-abuse, cse]\n", "topics: [training, neglect, domestic-abuse, cse]\n"
              "training:\n  - title: Thresholds refresher\n    date: 2015-06-10\n    start: \"09:30\"\n    places: available\n")
    site.build(pdf=True)
    out = site.path("output")
    chapter = (out / "reports/annual-report-2014-15/training/index.html").read_text()
    own = "training/reports/annual-report-2014-15/2015-06-10-thresholds-refresher.ics"
    assert f'<a href="/{own}" type="text/calendar">Wednesday 10 June 2015' in chapter
    assert "Thresholds refresher" in text(chapter.split('<table class="training-table">')[1])
    [event] = icalendar.Calendar.from_ical((out / own).read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Thresholds refresher" and "From Training and learning, Annual Report 2014-2015" in str(event["description"])
    whole = icalendar.Calendar.from_ical((out / "training/calendar.ics").read_bytes())
    assert [e["uid"] for e in whole.walk("VEVENT") if str(e["summary"]) == "Thresholds refresher"] == [event["uid"]]
    pdf = pypdf.PdfReader(out / "reports/annual-report-2014-15/sscb-annual-report-2014-2015.pdf")
    assert any("Thresholds refresher" in page.extract_text() and "Wednesday 10 June 2015" in page.extract_text() for page in pdf.pages)


def test_the_charts_marker_only_works_in_a_chapter(site: SiteCopy) -> None:
    site.write("content/pages/numbers.md", "---\ntitle: Numbers\n---\nText.\n\n[[charts]]\n")
    build_fails(site, "content/pages/numbers.md:6: [[charts]] only works in a report's chapter, where the front matter lists the charts")


def test_a_report_without_index_and_a_bad_folder_name(site: SiteCopy) -> None:
    site.write("content/reports/Bad Name/01-a.md", "---\ntitle: A\n---\nText.\n")
    build_fails(site, "content/reports/Bad Name: a report folder's name is part of its web address",
                "content/reports/Bad Name: this report folder has no index.md")


def test_a_draft_report_is_built_only_with_drafts(site: SiteCopy) -> None:
    site.edit(f"{REPORT}/index.md", "draft: false", "draft: true")
    result = site.build()
    assert f"1 draft skipped ({REPORT}/index.md; add --drafts to include)" in result.stdout
    assert not site.path("output/reports").exists()
    assert b"annual-report" not in site.path("output/feed.atom").read_bytes()
    site.build("--drafts")
    assert "this report is marked <code>draft: true</code>" in site.path("output/reports/annual-report-2014-15/index.html").read_text()
    site.edit("content/issues/2015-05/index.md", "Welcome to the first issue", "See [the annual report](../../reports/annual-report-2014-15/index.md). Welcome to the first issue")
    build_fails(site, "content/issues/2015-05/index.md:9: links to content/reports/annual-report-2014-15/index.md, which is in a draft report "
                      "and is not published; build with --drafts or remove the link")


def test_line_and_stacked_charts_are_drawn(site: SiteCopy) -> None:
    line = CHART.replace("kind: bar", "kind: line").replace(
        "        values: [210, 98, 45]", "        values: [210, 98, 45]\n      - name: 31 March 2015\n        values: [231, 110, 38]")
    site.write(f"{REPORT}/08-numbers.md", line)
    site.write(f"{REPORT}/09-more.md", line.replace("kind: line", "kind: stacked-bar").replace("id: plans", "id: plans-stacked")
               .replace("#plans", "#plans-stacked"))
    site.build()
    drawn = site.path("output/reports/annual-report-2014-15/numbers/index.html").read_text()
    assert drawn.count("<polyline") == 2 and 'stroke-dasharray="6 3"' in drawn   # the second series dashed
    assert drawn.count("<circle") == 3 + 1 and drawn.count('width="8" height="8" fill="#a8430a"') == 3 + 1   # markers (and the legend's): circles, squares
    stacked = site.path("output/reports/annual-report-2014-15/more/index.html").read_text()
    assert 'fill="url(#chart-plans-stacked-fill-1)"' in stacked and ">441<" in stacked   # 210 + 231, the bar's total
    assert [f["caption"].split(":")[0].strip() for f in figures_of(site.path("output/reports/annual-report-2014-15/more/index.html"))] == ["Figure 5"]


# -- sscbgen new report ----------------------------------------------------------------------

def test_new_report_starts_a_draft_report_that_builds(site: SiteCopy) -> None:
    result = site.run("new", "report", "annual-report-2015-16", "--today", "2015-09-30")
    assert result.returncode == 0, result.stderr
    assert "created content/reports/annual-report-2015-16/index.md" in result.stdout
    meta = front(site.path("content/reports/annual-report-2015-16/index.md"))
    assert meta["title"] == "Annual Report 2015-16" and meta["draft"] is True and str(meta["date"]) == "2015-09-30"
    site.build("--drafts")
    page = site.path("output/reports/annual-report-2015-16/introduction/index.html").read_text()
    assert '<a href="#example-chart" class="figure-ref">Figure 1</a>' in page
    again = site.run("new", "report", "annual-report-2015-16")
    assert again.returncode == 1 and "already exists; nothing was changed" in again.stderr
    bad = site.run("new", "report", "Annual Report")
    assert bad.returncode == 2 and "cannot be a report's web address" in bad.stderr


def test_a_reports_own_audits_and_reviews_show_on_its_page(site: SiteCopy) -> None:
    site.edit(f"{REPORT}/index.md", "draft: false\n", "draft: false\naudits:\n  - title: A report's own audit\n    findings:\n"
              "      - \"See [the audits chapter](03-audits.md).\"\n")
    site.build()
    page = site.path("output/reports/annual-report-2014-15/index.html").read_text()
    assert re.search(r'<h3 id="block-audit-1">A report(&#39;|\')s own audit</h3>', page)
    assert '<a href="/reports/annual-report-2014-15/audits/">the audits chapter</a>' in page
    site.edit(f"{REPORT}/index.md", "It draws only", "[[charts]]\n\nIt draws only")
    build_fails(site, f"{REPORT}/index.md:14: [[charts]] only works in a report's chapter")
