"""Every rule of the briefings' and catalogues' format, broken through the CLI: exit 1, the
writer's message with file, line and field, no traceback, and output/ as it was; and the
catalogue's one warning, which builds."""

from __future__ import annotations

import re

import pytest

from helpers import add, append, edit, mistake_is_reported
from sitecopy import TODAY, SiteCopy, snapshot

BRIEFING = "content/briefings/hidden-men.md"
CATALOGUE = "content/catalogues/2015-16"
COURSE = f"{CATALOGUE}/03-cse-loudmouth.md"


def seven(*names: str) -> str:
    return "".join(f"## {name}\n\nText.\n\n" for name in names)


CASES = {
    "six of seven sections": (edit(BRIEFING, "## Estranged fathers", "Estranged fathers:"),
                              f'{BRIEFING}:43 body: has six of seven sections (found: "Background"; "Why it matters"; "What was learnt"; '
                              '"Ask about the men"; "Involve fathers"; "Questions for reflection"): a 7-minute briefing has exactly seven parts, '
                              "each starting with a '## ' heading line; add one more"),
    "eight sections": (append(BRIEFING, "\n## Extra\n\nText.\n"),
                       f'{BRIEFING}:50 body: has eight sections, more than seven'),
    "no sections": (add("content/briefings/empty.md", "---\ntitle: Empty\ndate: 2015-06-01\n---\nJust a lead.\n"),
                    "content/briefings/empty.md:5 body: has none of seven sections: a 7-minute briefing has exactly seven parts"),
    "briefing without a date": (edit(BRIEFING, "date: 2015-05-01\n", ""), f"{BRIEFING}:1 date: this field is required"),
    "briefing date in words": (edit(BRIEFING, "date: 2015-05-01", "date: 1st May 2015"),
                               f'{BRIEFING}:3 date: expected a date like 2015-06-08, found "1st May 2015"'),
    "briefing unknown field": (edit(BRIEFING, "summary:", "sumary:"), f"{BRIEFING}:4 sumary: unknown field 'sumary'; did you mean 'summary'?"),
    "briefing unknown topic": (edit(BRIEFING, "topics: [case-reviews]", "topics: [case-review]"),
                               f"{BRIEFING}:5 topics[0]: unknown topic \"case-review\" (did you mean 'case-reviews'?)"),
    "briefing file name": (add("content/briefings/Hidden Men.md", "---\ntitle: T\ndate: 2015-06-01\n---\n" + seven(*"ABCDEFG")),
                           "content/briefings/Hidden Men.md: a briefing's file name is its web address"),
    "briefing review without board": (edit(BRIEFING, "    board: NSPCC\n", ""), f"{BRIEFING}:7 reviews[0].board: this field is required"),
    "catalogue without index.md": (add("content/catalogues/2016-17/01-course.md", "---\ntitle: A course\n---\nText.\n"),
                                   "content/catalogues/2016-17: this catalogue folder has no index.md"),
    "catalogue without a title": (edit(f"{CATALOGUE}/index.md", "title: Training Catalogue 2015-2016\n", ""),
                                  f"{CATALOGUE}/index.md:1 title: this field is required"),
    "catalogue folder name": (add("content/catalogues/Next Year/index.md", "---\ntitle: T\ndate: 2016-04-01\n---\n"),
                              "content/catalogues/Next Year: a catalogue folder's name is part of its web address"),
    "course unknown field": (edit(COURSE, "summary:", "outcome:"), f"{COURSE}:3 outcome: unknown field 'outcome'; did you mean 'outcomes'?"),
    "course outcomes not a list": (edit(COURSE, "topics: [cse, training]", "topics: [cse, training]\noutcomes: Know the signs"),
                                   f'{COURSE}:5 outcomes: expected a list'),
    "course date in words": (edit(COURSE, "date: 2015-05-07", "date: 7th May"),
                             f'{COURSE}:7 training[0].date: expected a date like 2015-06-08, found "7th May"'),
    "course file name": (add(f"{CATALOGUE}/08-Big Course.md", "---\ntitle: T\n---\nText.\n"),
                         f"{CATALOGUE}/08-Big Course.md: a course's file name is part of its web address"),
    "two courses, one address": (add(f"{CATALOGUE}/09-wrap.md", "---\ntitle: T\n---\nText.\n"),
                                 f"{CATALOGUE}/09-wrap.md: gives the same web address …/wrap/ as {CATALOGUE}/04-wrap.md"),
    "reserved page name": (add("content/pages/publications.md", "---\ntitle: P\n---\nText.\n"),
                           "content/pages/publications.md: a page's file name is its web address"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_mistake_is_reported_and_output_is_untouched(site_after_build: SiteCopy, name: str) -> None:
    mutate, expected = CASES[name]
    mistake_is_reported(site_after_build, mutate, expected)


def test_a_link_to_a_draft_briefing_is_an_error_unless_drafts_are_built(print_site: SiteCopy) -> None:
    site = print_site   # the checks print: the PDFs the test does not change come from the cache
    site.write("content/pages/learning.md", "---\ntitle: Learning\n---\nRead [the briefing](../briefings/hidden-men.md).\n")
    assert site.run("check").returncode == 0
    site.edit(BRIEFING, "date: 2015-05-01\n", "date: 2015-05-01\ndraft: true\n")
    result = site.run("check")
    assert result.returncode == 1
    assert ("error: content/pages/learning.md:4: links to content/briefings/hidden-men.md, which is in a draft briefing and is not "
            "published; build with --drafts or remove the link") in result.stderr
    assert site.run("check", "--drafts").returncode == 0


def test_every_mistake_of_briefings_and_catalogues_in_one_run(site: SiteCopy) -> None:
    site.edit(BRIEFING, "## Estranged fathers", "Estranged fathers:")
    site.edit(COURSE, "date: 2015-05-07", "date: 7th May")
    site.edit(f"{CATALOGUE}/index.md", "period:", "perod:")
    result = site.run("check")
    assert result.returncode == 1
    assert "3 errors found; nothing was written." in result.stderr
    for where in (f"{BRIEFING}:43 body:", f"{COURSE}:7 training[0].date:", f"{CATALOGUE}/index.md:4 perod:"):
        assert f"error: {where}" in result.stderr


def test_a_course_date_before_its_catalogue_is_a_warning_and_builds(site: SiteCopy) -> None:
    site.edit(f"{CATALOGUE}/index.md", "date: 2015-05-01", "date: 2015-05-10")
    result = site.run("build", "--today", "2015-05-10", "--no-pdf")   # built on its date: before it, it is scheduled
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert (f"warning: {COURSE}:7 training[0].date: 2015-05-07 is before the catalogue's own date (2015-05-10, in {CATALOGUE}/index.md): "
            "a catalogue lists dates still to come; is the year right?") in warnings
    assert len([w for w in warnings if "before the catalogue's own date" in w]) == 1   # only 7 May is before 10 May
    assert site.path("output/catalogues/2015-16/index.html").is_file()


def test_a_stray_file_among_briefings_or_catalogues_is_a_warning(site: SiteCopy) -> None:
    site.write("content/briefings/notes.txt", "notes")
    site.write("content/catalogues/readme.md", "not a folder")
    result = site.run("build", "--today", TODAY, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "warning: content/briefings/notes.txt: is not a briefing, so it is not published" in result.stderr
    assert "warning: content/catalogues/readme.md: is not a catalogue folder, so it is not published" in result.stderr


def test_a_briefing_too_long_for_two_pages_says_how_much_to_cut(print_site: SiteCopy) -> None:
    site = print_site   # only the briefing changes: the other PDFs come from the cache
    site.build()
    before = snapshot(site.root / "output")
    words = " ".join(["Practitioners should record what they learn about the family."] * 60)
    site.edit(BRIEFING, "## Involve fathers\n\n", f"## Involve fathers\n\n{words}\n\n{words}\n\n{words}\n\n")
    result = site.run("build", "--today", TODAY)   # with the PDFs
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith(f"error: {BRIEFING}")]
    match = re.fullmatch(rf"error: {BRIEFING}:17 body: in print this takes (\d+) A4 pages, and a 7-minute briefing may take 2 at most: "
                         r"cut about (\d+) words \(of its (\d+), about (\d+)%\), so that it fits", line)
    assert match, line
    pages, over, total, share = (int(g) for g in match.groups())
    # 1,620 words added to some 400: two A4 pages of panels hold all but a few hundred of them
    assert pages >= 3 and total > 1900 and 150 < over < 500, (pages, over, total)
    assert share == round(100 * over / total)
    assert snapshot(site.root / "output") == before
    # cut that much (a paragraph of 540 words) and it builds, in two pages
    site.edit(BRIEFING, f"{words}\n\n{words}\n\n{words}\n\n", f"{words}\n\n{words}\n\n")
    again = site.run("build", "--today", TODAY)
    assert again.returncode == 0, again.stderr
    assert re.search(r"Printed briefing output/briefings/hidden-men/[a-z0-9-]+\.pdf: 2 pages,", again.stdout), again.stdout
