"""A memoised rebuild (what `sscbgen serve` does after each save) equals a clean build.

One session rebuilds after each edit; after each, its files are compared, byte for
byte, with a build of the same files that starts from nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from sscbgen import plan
from sscbgen.build import Clock, read_site, render_site
from sscbgen.options import Options
from sscbgen.serve import Session
from sscbgen.views import Views
from sscbgen.workers import Workers

from helpers import EDITS, ISSUE
from sitecopy import SiteCopy


def options(site: SiteCopy) -> Options:
    return Options(root=site.root, config=site.root / "config.yaml", out=site.root / "output", base_url="/",
                   today=dt.date(2015, 5, 1), pdf=False)


def clean_build(options: Options) -> Options:
    """The same build without the cache: everything made from nothing."""
    return replace(options, use_cache=False)


@pytest.fixture(scope="module")
def session_and_site(tmp_path_factory):
    site = SiteCopy(tmp_path_factory.mktemp("incremental") / "site")
    session = Session(options(site))
    assert not session.build().errors
    return session, site


@pytest.mark.parametrize("name, edit", EDITS, ids=[name for name, _ in EDITS])
def test_a_rebuild_after_an_edit_equals_a_clean_build(session_and_site, name, edit):
    session, site = session_and_site
    edit(site)
    rebuilt = session.build()
    assert not rebuilt.errors, rebuilt.errors
    assert rebuilt.changed, f"editing {name} changed nothing"
    if rebuilt.search_pending:   # serve makes the index after the reload, in the background; here, now
        assert session.make_queued()
        rebuilt = session.build()
    assert not rebuilt.search_pending
    clean = render_site(clean_build(options(site))).files
    assert dict(rebuilt.files) == clean


def test_a_body_edit_renders_one_page_again(tmp_path):
    site = SiteCopy(tmp_path / "site")
    session = Session(options(site))
    session.build()
    site.edit(f"{ISSUE}/05-case-reviews.md", "Learning from local serious case reviews", "Learning (edited) from local serious case reviews")
    session.workers.made = 0
    snapshot = session.build()
    assert snapshot.changed == ("issues/2015-05/case-reviews/index.html",)
    # its file split and checked, its Markdown (rendered once, for the checks and the page), its page
    assert session.workers.made == 3
    assert snapshot.search_pending   # the index follows (this site has no full address: no email edition)
    assert session.make_queued()
    after = session.build()
    assert after.changed and all(path.startswith("pagefind/") for path in after.changed)
    assert not after.search_pending and session.workers.made == 3


def test_an_error_keeps_the_last_good_files_and_a_fix_returns_to_a_clean_build(tmp_path):
    site = SiteCopy(tmp_path / "site")
    session = Session(options(site))
    good = session.build()
    site.edit(f"{ISSUE}/05-case-reviews.md", "title: ", "title: [unclosed\n")
    broken = session.build()
    assert broken.errors and broken.errors[0].path == f"{ISSUE}/05-case-reviews.md"
    assert broken.files is good.files and broken.generation == good.generation + 1
    site.edit(f"{ISSUE}/05-case-reviews.md", "title: [unclosed\n", "title: ")
    fixed = session.build()
    assert not fixed.errors and fixed.search_pending   # the first build's index is still to be made
    assert session.make_queued()
    fixed = session.build()
    assert not fixed.search_pending and dict(fixed.files) == render_site(clean_build(options(site))).files


def test_templates_receive_views_not_the_site(tmp_path):
    """What keeps a page's key whole: a template sees only its page's view, so it cannot
    show something that is not in the view (and so not in the key)."""
    site = SiteCopy(tmp_path / "site")
    site.write("templates/footer.html", "<footer>{{ site.issues[0].articles[0].body.text }}</footer>\n")
    result = site.run("build", "--no-pdf", "--today", "2015-05-01")
    assert result.returncode == 1
    assert "templates/footer.html:1: the template uses something that does not exist: 'site' is undefined" in result.stderr


@pytest.mark.parametrize("serving", [True, False], ids=["serve", "build"])
def test_only_the_pages_an_edit_may_change_are_planned_again(tmp_path, monkeypatch, serving):
    """An issue's pages, and the site's lists, are kept as groups (in serve's memo or the
    store) under a key made from what they show: an edit to an article's body makes the
    views of its issue again and of nothing else; one to its front matter, of every group."""
    site = SiteCopy(tmp_path / "site")
    shutil.copytree(site.path(ISSUE), site.path("content/issues/2015-02"))
    site.edit("content/issues/2015-02/index.md", "number: 1", "number: 2")
    site.edit("content/issues/2015-02/index.md", "date: 2015-05-01", "date: 2015-02-01")
    planned: list[str] = []
    make_issue, make_lists = plan._issue_jobs, plan._site_jobs
    monkeypatch.setattr(plan, "_issue_jobs", lambda views, issue, *rest: planned.append(issue.slug) or make_issue(views, issue, *rest))
    monkeypatch.setattr(plan, "_site_jobs", lambda *args: planned.append("lists") or make_lists(*args))
    session = Session(options(site)) if serving else None

    def build() -> dict[str, bytes]:
        planned.clear()
        if session is not None:
            return dict(session.build().files)
        return render_site(options(site), store=True).files

    first = build()
    assert sorted(planned) == ["2015-02", "2015-05", "lists"]
    site.edit(f"{ISSUE}/05-case-reviews.md", "Learning from local serious case reviews", "Learning (edited) from local serious case reviews")
    edited = build()
    assert planned == ["2015-05"]
    assert edited["issues/2015-05/case-reviews/index.html"] != first["issues/2015-05/case-reviews/index.html"]
    clean = render_site(clean_build(options(site))).files
    assert {path: data for path, data in edited.items() if path.endswith(".html")} == {path: data for path, data in clean.items() if path.endswith(".html")}
    site.edit("content/issues/2015-02/01-introduction.md", "title: ", "title: New, ")
    build()
    assert sorted(planned) == ["2015-02", "2015-05", "lists"]


def test_a_group_of_pages_can_show_only_the_texts_its_key_covers(tmp_path):
    """An issue's pages are kept by the hash of their own files' bodies, and the site's lists
    by none: a view of theirs that read another body would be an error, not a stale page."""
    site = SiteCopy(tmp_path / "site")
    _, made = read_site(options(site), Clock(), Workers(processes=1))
    issue = made.issues[0]
    article = issue.articles[0]
    views = Views(made, {})
    assert views.within(frozenset([issue.source, article.source])).parts(article.source)
    with pytest.raises(KeyError, match="not among the texts"):
        views.within(frozenset([issue.source])).parts(article.source)
    with pytest.raises(KeyError, match="not among the texts"):
        views.within(None).parts(issue.source)
    lists = Views(made, {}).within(None)   # every file's fields (front matter), no body: the review cards
    assert made.reviews and [card.lessons for card in map(lists.case_review, made.reviews)] == [
        card.lessons for card in map(views.case_review, made.reviews)]
    with pytest.raises(KeyError, match="not among the texts"):
        views.within(frozenset([issue.source])).inline(article.source, "text")
