"""Every rule of the content format, broken through the CLI: exit 1, the writer's
message with file, line and field, no traceback, and output/ byte for byte as before."""

from __future__ import annotations

import os

import pytest

from helpers import add, edit, mistake_is_reported
from sitecopy import TODAY, SiteCopy

ISSUE = "content/issues/2015-05"
INTRO = f"{ISSUE}/01-introduction.md"


def article(body: str) -> str:
    """A new article's text; its front matter starts on line 2 of the file."""
    return f"---\n{body}---\nSome text.\n"


NEW = f"{ISSUE}/11-new.md"

CASES = {
    "wrong type": (edit(f"{ISSUE}/index.md", "number: 1", "number: one"),
                   f'{ISSUE}/index.md:3 number: expected a whole number from 1, found "one"'),
    "date in words": (add(NEW, article("title: T\ntraining:\n  - title: Neglect\n    date: 8th June\n")),
                      f'{NEW}:5 training[0].date: expected a date like 2015-06-08, found "8th June"'),
    "impossible date": (add(NEW, article("title: T\ntraining:\n  - title: Neglect\n    date: 2015-02-30\n")),
                        f'{NEW}:5 training[0].date: this date does not exist on the calendar, found "2015-02-30"'),
    "issue date": (edit(f"{ISSUE}/index.md", "date: 2015-05-01", "date: 01/05/2015"),
                   f'{ISSUE}/index.md:4 date: expected a date like 2015-06-08, found "01/05/2015"'),
    "end before start": (add(NEW, article('title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    start: "12:30"\n    end: "09:30"\n')),
                         f"{NEW}:7 training[0].end: the end time must be after the start time: found start 12:30, end 09:30"),
    "time not 24-hour": (add(NEW, article('title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    start: 9.30am\n')),
                         f'{NEW}:6 training[0].start: expected a 24-hour time like 09:30 or 13:30, found "9.30am"'),
    "places": (add(NEW, article("title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    places: some\n")),
               f'{NEW}:6 training[0].places: expected "available", "full" or a number of places left, found "some"'),
    "booking not a web address": (add(NEW, article("title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    booking: javascript:alert(1)\n")),
                                  f'{NEW}:6 training[0].booking: expected a web address starting with http:// or https://, found "javascript:alert(1)"'),
    "unknown key": (edit(INTRO, "byline:", "bylin:"),
                    f"{INTRO}:3 bylin: unknown field 'bylin'; did you mean 'byline'?"),
    "unknown key in a block": (add(NEW, article("title: T\naudits:\n  - title: A\n    finding: [x]\n")),
                               f"{NEW}:5 audits[0].finding: unknown field 'finding'; did you mean 'findings'?"),
    "missing title": (edit(INTRO, "title: Introduction by John Harris\n", ""),
                      f"{INTRO}:1 title: this field is required"),
    "missing board": (add(NEW, article("title: T\nreviews:\n  - title: Child K\n    kind: serious-case-review\n")),
                      f"{NEW}:4 reviews[0].board: this field is required"),
    "unknown review kind": (add(NEW, article("title: T\nreviews:\n  - title: K\n    board: B\n    kind: scr\n")),
                            f'{NEW}:6 reviews[0].kind: expected one of: serious-case-review, management-review, learning-review, thematic-briefing, found "scr"'),
    "audit status": (add(NEW, article("title: T\naudits:\n  - title: A\n    status: done\n")),
                     f'{NEW}:5 audits[0].status: expected one of: planned, in-progress, complete, found "done"'),
    "published month": (add(NEW, article("title: T\nreviews:\n  - title: K\n    board: B\n    published: March 2015\n")),
                        f'{NEW}:6 reviews[0].published: expected a month like 2015-03 or a date like 2015-03-12, found "March 2015"'),
    "list expected": (add(NEW, article("title: T\naudits:\n  - title: A\n    findings: one finding\n")),
                      f"{NEW}:5 audits[0].findings: expected a list, one '- item' per line, found \"one finding\""),
    "unknown topic": (edit(INTRO, "topics: [governance, neglect, cse]", "topics: [governance, neglekt]"),
                      f"{INTRO}:5 topics[1]: unknown topic \"neglekt\" (did you mean 'neglect'?)"),
    "duplicate slug": (add(f"{ISSUE}/12-introduction.md", article("title: Again\n")),
                       f"{ISSUE}/12-introduction.md: gives the same web address …/introduction/ as {INTRO}; rename one of them"),
    "duplicate issue number": (lambda site: [site.write("content/issues/2015-08/index.md", "---\ntitle: T\nnumber: 1\ndate: 2015-08-01\n---\n")],
                               "content/issues/2015-08/index.md:3 number: issue number 1 is already used by content/issues/2015-05/index.md"),
    "missing index.md": (add("content/issues/2015-08/01-a.md", article("title: A\n")),
                         "content/issues/2015-08: this issue folder has no index.md"),
    "picture without alt": (add(NEW, "---\ntitle: T\n---\nText\n\n![](images/plan.png)\n"),
                            f"{NEW}:6: the picture images/plan.png has no alt text"),
    "picture that does not exist": (add(NEW, "---\ntitle: T\n---\n![A plan](images/plan.png)\n"),
                                    f"{NEW}:4: the picture images/plan.png does not exist (looked for {ISSUE}/images/plan.png)"),
    "picture climbing out": (add(NEW, "---\ntitle: T\n---\n![Secrets](../../../../etc/passwd)\n"),
                             f'{NEW}:4: this address leads outside the site\'s content folder: "../../../../etc/passwd"'),
    "link to a missing article": (add(NEW, "---\ntitle: T\n---\nSee [this](07-learning.md).\n"),
                                  f"{NEW}:4: links to {ISSUE}/07-learning.md, which is not an article, page or picture of the site (did you mean '09-learning-and-development.md'?)"),
    "link to a missing anchor": (add(NEW, "---\ntitle: T\n---\nSee [this](09-learning-and-development.md#neglekt).\n"),
                                 f"{NEW}:4: links to {ISSUE}/09-learning-and-development.md#neglekt, but that file has no heading with that anchor (did you mean 'neglect'?)"),
    "link with no address": (add(NEW, "---\ntitle: T\n---\nSee [W4](#).\n"),
                             f"{NEW}:4: this link has no address"),
    "javascript link": (add(NEW, "---\ntitle: T\n---\n[Click](javascript:alert(1))\n"),
                        f'{NEW}:4: links may only use http, https, mailto or tel addresses, found "javascript:"'),
    "marker stuck to a paragraph": (add(NEW, "---\ntitle: T\nreviews:\n  - title: R\n    board: B\n---\nText before\n[[reviews]]\n"),
                                    f"{NEW}:8: [[reviews]] must stand alone on its line, outside lists and quotes, with an empty line before and after it"),
    "marker in an editorial": (edit(f"{ISSUE}/index.md", "Welcome to the first issue", "[[training]]\n\nWelcome to the first issue"),
                               f"{ISSUE}/index.md:9: [[training]] only works in an article"),
    "link in a training note": (add(NEW, article('title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    notes: "[Book](javascript:alert(1))"\n')),
                                f'{NEW}:6 training[0].notes: links may only use http, https, mailto or tel addresses, found "javascript:"'),
    "link in a review lesson": (add(NEW, article("title: T\nreviews:\n  - title: R\n    board: B\n    lessons:\n      - See [the policy](missing.md)\n")),
                                f"{NEW}:7 reviews[0].lessons[0]: links to {ISSUE}/missing.md, which is not an article, page or picture of the site"),
    "link in the contact box": (edit("config.yaml", "[board’s website](http://www.sandwellscb.org.uk)", "[board’s website](javascript:void(0))"),
                                'config.yaml:13 contact.intro: links may only use http, https, mailto or tel addresses, found "javascript:void(0)"'),
    "template that extends itself": (add("templates/page.html", '{% extends "page.html" %}\n'),
                                     "templates/page.html:1: the template includes or extends itself without end"),
    "template filter on the wrong value": (add("templates/footer.html", "<footer>\n{{ config.title | uk_date }}\n</footer>\n"),
                                           "templates/footer.html:2: the template failed:"),
    "marker in a list": (add(NEW, "---\ntitle: T\nreviews:\n  - title: R\n    board: B\n---\n- [[reviews]]\n"),
                         f"{NEW}:7: [[reviews]] must stand alone on its line, outside lists and quotes"),
    "marker placed twice": (add(NEW, "---\ntitle: T\nreviews:\n  - title: R\n    board: B\n---\n[[reviews]]\n\n[[reviews]]\n"),
                            f"{NEW}:9: [[reviews]] is placed twice; the block can only appear once"),
    "end time without start": (add(NEW, article('title: T\ntraining:\n  - title: N\n    date: 2015-06-08\n    end: "12:30"\n')),
                               f"{NEW}:6 training[0].end: an end time needs a start time too"),
    "field name that is a list": (add(NEW, "---\ntitle: T\n[a, b]: c\n---\n"), f"{NEW}:3: a field name must be a plain word"),
    "deeply nested front matter": (add(NEW, "---\ntitle: T\nsummary: " + "[" * 3000 + "]" * 3000 + "\n---\n"),
                                   f"{NEW}:2: the front matter nests lists or groups too deeply"),
    "static file where a page goes": (add("static/training", "not a folder"),
                                      "static/training: would replace training, which the build makes itself; rename it"),
    "static robots.txt": (add("static/robots.txt", "User-agent: *\nDisallow: /\n"),
                          "static/robots.txt: would replace robots.txt, which the build makes itself; rename it"),
    "broken symlink": (lambda site: os.symlink("nowhere.md", site.path(f"{ISSUE}/12-gone.md")),
                       f"{ISSUE}/12-gone.md: is a link to something that does not exist; remove it"),
    "unknown marker": (add(NEW, "---\ntitle: T\n---\n[[trainng]]\n"),
                       f"{NEW}:4: unknown block marker [[trainng]]"),
    "marker without data": (add(NEW, "---\ntitle: T\n---\n[[reviews]]\n"),
                            f"{NEW}:4: [[reviews]] marks where the reviews go, but the front matter has no 'reviews:' list"),
    "yaml syntax": (add(NEW, "---\ntitle: Neglect: a guide\n---\n"),
                    f"{NEW}:2: a value containing ': ' must be put in quotes, like title: \"Neglect: a guide\""),
    "no space after a colon": (add(NEW, "---\ntitle: T\nbyline:Jane Smith\nsummary: S\n---\n"),
                               f"{NEW}:3: put a space after the colon: 'byline: Jane Smith'"),
    "uneven indentation": (add(NEW, "---\ntitle: T\ntraining:\n  - title: N\n     date: 2015-06-08\n---\n"),
                           f"{NEW}:5: the indentation is not consistent: the fields of one group must start in the same column, with spaces"),
    "web address without https": (add(NEW, "---\ntitle: T\n---\nSee [our site](www.sandwellscb.org.uk).\n"),
                                  f"{NEW}:4: a web address must start with https:// or http://, like https://www.sandwellscb.org.uk"),
    "misspelt article file": (add(NEW, "---\ntitle: T\n---\nSee [the case reviews](05-case-review.md).\n"),
                              f"{NEW}:4: links to {ISSUE}/05-case-review.md, which is not an article, page or picture of the site (did you mean '05-case-reviews.md'?)"),
    "placeholder in a published issue": (add(NEW, "---\ntitle: T\nbyline: Name, role\n---\nWrite the article here.\n"),
                                         f"{NEW}:3 byline: still holds the example text 'Name, role' from sscbgen new issue"),
    "placeholder in a published body": (add(NEW, "---\ntitle: T\n---\nText.\n\nWrite the article here.\n"),
                                        f'{NEW}:6: still holds the example text "Write the article here." from sscbgen new issue'),
    "UTF-16 file": (add(NEW, "---\ntitle: T\n---\n".encode("utf-16")), f"{NEW}: is saved as UTF-16 ('Unicode' in Notepad); save it as UTF-8 instead"),
    "tab": (add(NEW, "---\ntitle: T\ntopics:\n\t- neglect\n---\n"),
            f"{NEW}:4: a tab character is used here; indent with spaces instead"),
    "duplicate key": (add(NEW, "---\ntitle: T\ntitle: U\n---\n"),
                      f"{NEW}:3 title: this field is given twice (first on line 2); keep one"),
    "no front matter": (add(NEW, "# Just a heading\n"),
                        f"{NEW}:1: expected the file to start with a line '---' opening the front matter"),
    "unterminated front matter": (add(NEW, "---\ntitle: T\n\nText\n"),
                                  f"{NEW}:1: the front matter opened on this line is never closed"),
    "empty file": (add(NEW, ""), f"{NEW}:1: the file is empty"),
    "not UTF-8": (add(NEW, "---\ntitle: Caf\xe9\n---\n".encode("latin-1")), f"{NEW}:2: is not UTF-8 text"),
    "binary named .md": (add(NEW, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), f"{NEW}: is not a text file"),
    "10 MB file": (add(NEW, "---\ntitle: T\n---\n" + "word " * 2_000_000), f"{NEW}: is too large (9.5 MB)"),
    "config unknown key": (edit("config.yaml", "language: en-GB", "langauge: en-GB"),
                           "config.yaml:3 langauge: unknown field 'langauge'; did you mean 'language'?"),
    "config missing board name": (edit("config.yaml", "  name: Sandwell Safeguarding Children Board\n", ""),
                                  "config.yaml:6 board.name: this field is required"),
    "config unknown time zone": (edit("config.yaml", "language: en-GB", "language: en-GB\ntimezone: Europe/Londn"),
                                 'config.yaml:4 timezone: expected a time zone name like Europe/London (did you mean \'Europe/London\'?), found "Europe/Londn"'),
    "config broken yaml": (edit("config.yaml", "title: SSCB Newsletter", "title: [SSCB Newsletter"),
                           "config.yaml:2: a bracket opened on this line is never closed"),
    "config contact link": (edit("config.yaml", 'href: "tel:999"', 'href: "javascript:call()"'),
                            'config.yaml:17 contact.items[0].href: expected a web address (https://...), an email link (mailto:...) or a telephone link (tel:...), found "javascript:call()"'),
    "config colour too light": (edit("config.yaml", 'brand: "#00545f"', 'brand: "#88aaff"'),
                                'config.yaml:25 look.brand: a colour that is too light or too dark to read: white text on it has a contrast of 2.3:1, '
                                'and at least 4.5:1 is needed (WCAG 2.2 AA), found "#88aaff"'),
    "config colour not a colour": (edit("config.yaml", 'accent: "#ffdd00"', "accent: yellow"),
                                   'config.yaml:27 look.accent: expected a colour written like #00545f (a # and six hexadecimal digits), found "yellow"'),
    "config logo missing": (edit("config.yaml", 'accent: "#ffdd00"', 'accent: "#ffdd00"\n  logo: static/logo.png'),
                            "config.yaml:28 look.logo: there is no picture static/logo.png; put the logo in static/"),
    "event topic unknown": (edit(f"{ISSUE}/09-learning-and-development.md", "topics: [training, prevent]", "topics: [training, prevnet]"),
                            f'{ISSUE}/09-learning-and-development.md:19 training[2].topics[1]: unknown topic "prevnet" (did you mean \'prevent\'?); the topics in config.yaml are: '
                            "audit, case-reviews, child-deaths, cse, domestic-abuse, governance, health, neglect, policy, prevent, training"),
    "template syntax error": (add("templates/footer.html", "<footer>{% if %}</footer>\n"),
                              "templates/footer.html:1: template syntax error"),
    "template unknown variable": (add("templates/footer.html", "<footer>\n{{ config.board.phone }}\n</footer>\n"),
                                  "templates/footer.html:2: the template uses something that does not exist"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_mistake_is_reported_and_output_is_untouched(site_after_build: SiteCopy, name: str) -> None:
    mutate, expected = CASES[name]
    mistake_is_reported(site_after_build, mutate, expected)


def test_every_error_in_the_site_is_reported_in_one_run(site: SiteCopy) -> None:
    site.edit(f"{ISSUE}/index.md", "number: 1", "number: one")
    site.edit(INTRO, "byline:", "bylin:")
    site.write(NEW, article("title: T\ntraining:\n  - title: N\n    date: 8th June\n    places: some\n"))
    site.write("content/pages/broken.md", "no front matter\n")
    result = site.run("check")
    assert result.returncode == 1
    assert "5 errors found; nothing was written." in result.stderr
    for where in (f"{ISSUE}/index.md:3", f"{INTRO}:3", f"{NEW}:5", f"{NEW}:6", "content/pages/broken.md:1"):
        assert f"error: {where}" in result.stderr


def test_a_wrong_field_neither_hides_nor_causes_other_errors(site: SiteCopy) -> None:
    """A bad date in the learning article: its body and topics are still checked, and
    links to it from other files are not reported as broken."""
    target = f"{ISSUE}/09-learning-and-development.md"
    site.edit(target, "date: 2015-05-18", "date: 18th May")
    site.edit(target, "topics: [training,", "topics: [trainnig,")
    site.path(target).write_text(site.path(target).read_text() + "\nSee [nothing](missing.md).\n")
    result = site.run("check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, "\n".join(errors)
    assert f'error: {target}:12 training[1].date: expected a date like 2015-06-08, found "18th May"' in errors
    assert any(e.startswith(f'error: {target}:4 topics[0]: unknown topic "trainnig" (did you mean \'training\'?)') for e in errors)
    assert any(f"{target}:" in e and "missing.md, which is not an article" in e for e in errors)


def test_an_issue_with_a_bad_index_keeps_its_pictures_and_links(site: SiteCopy) -> None:
    """Only the real mistakes are reported: not its pictures, nor links to a broken article."""
    site.write(f"{ISSUE}/images/plan.png", b"\x89PNG picture")
    site.path(INTRO).write_text(site.path(INTRO).read_text() + "\n![The plan](images/plan.png)\n")
    site.edit(f"{ISSUE}/index.md", "draft: false", "draft: no way")
    site.write(f"{ISSUE}/11-broken.md", "---\ntitle: Broken: really\n---\n")
    site.path(f"{ISSUE}/08-health-forum.md").write_text(site.path(f"{ISSUE}/08-health-forum.md").read_text() + "\nSee [broken](11-broken.md).\n")
    result = site.run("check")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f'error: {ISSUE}/11-broken.md:2: a value containing \': \' must be put in quotes, like title: "Neglect: a guide"',
        f'error: {ISSUE}/index.md:7 draft: expected true or false, found "no way"',
    ]


def test_config_and_content_mistakes_are_reported_together(site: SiteCopy) -> None:
    site.edit("config.yaml", "language: en-GB", "language: English")
    site.edit(f"{ISSUE}/index.md", "number: 1", "number: one")
    result = site.run("check")
    assert result.returncode == 1
    assert 'error: config.yaml:3 language: expected a language tag like en-GB, found "English"' in result.stderr
    assert f'error: {ISSUE}/index.md:3 number: expected a whole number from 1, found "one"' in result.stderr


def test_link_to_a_draft_is_an_error_unless_drafts_are_built(print_site: SiteCopy) -> None:
    site = print_site   # the check prints: the PDFs the test does not change come from the cache
    assert site.run("new", "issue", "2015-08").returncode == 0
    site.path(INTRO).write_text(site.path(INTRO).read_text() + "\nRead [the next issue](../2015-08/01-introduction.md).\n")
    result = site.run("check")
    assert result.returncode == 1
    assert "which is in a draft issue and is not published; build with --drafts or remove the link" in result.stderr
    assert f"error: {INTRO}:" in result.stderr
    assert site.run("check", "--drafts").returncode == 0


def test_heading_named_like_a_template_id_gets_its_own_anchor(site: SiteCopy) -> None:
    page = f"{ISSUE}/04-quality-of-practice.md"
    site.path(page).write_text(site.path(page).read_text() + "\n## Block audit 1\n\n## Main content\n")
    site.build()
    html = site.path("output/issues/2015-05/quality-of-practice/index.html").read_text()
    ids = __import__("re").findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="block-audit-1-section"' in html and 'id="main-content-section"' in html


def test_symlink_out_of_the_site_is_refused(site: SiteCopy, tmp_path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nPrivate\n")
    os.symlink(secret, site.path(f"{ISSUE}/11-secret.md"))
    result = site.run("check")
    assert result.returncode == 1
    assert f"error: {ISSUE}/11-secret.md: is a link to a place outside content/" in result.stderr


def test_symlink_loop_is_refused(site: SiteCopy) -> None:
    os.symlink("loop-b.md", site.path(f"{ISSUE}/11-loop-a.md"))
    os.symlink("11-loop-a.md", site.path(f"{ISSUE}/loop-b.md"))
    result = site.run("check")
    assert result.returncode == 1
    assert "is a link that loops back on itself" in result.stderr
    assert "Traceback" not in result.stderr


def test_bom_and_windows_line_endings_build(site: SiteCopy) -> None:
    text = site.path(INTRO).read_text(encoding="utf-8")
    site.path(INTRO).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    site.build()
    html = site.path("output/issues/2015-05/introduction/index.html").read_text(encoding="utf-8")
    assert "<h1>Introduction by John Harris</h1>" in html
    assert "\r" not in html


def test_check_writes_nothing(print_site: SiteCopy) -> None:
    site = print_site   # its PDF cache is the shared build's: the check's PDFs come from it
    result = site.run("check", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "No errors" in result.stdout
    assert not site.path("output").exists()
