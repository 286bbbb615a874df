"""Pure: the Site -> the page plan, every page to render as a frozen job.

A job is (output path, template, view, templates): the view holds all the page shows
and ``templates`` the hash of every template, so a job's key, derived from the job
itself, changes exactly when the page may.

Pages come in groups (an issue's, the site's lists) whose files are kept between builds
under a key made from what they show (see ``plan_pages``), so an edit makes the views of
one issue again, not of the whole archive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

from sscbgen import publication_views as pv
from sscbgen.briefing_library import briefing_library
from sscbgen.cache import digest
from sscbgen.content.addresses import PUBLICATIONS, SEARCH, path_article, path_briefing, path_catalogue, path_course, path_issue, path_page
from sscbgen.content.models import Issue
from sscbgen.library import library
from sscbgen.memo import hashed_once
from sscbgen.report_views import ReportViews
from sscbgen.site import Site
from sscbgen.views import Page, PdfLink, Views


@hashed_once
@dataclass(frozen=True)
class Job:
    path: str            # the page's path in the build: "issues/2015-05/" or "404.html"
    template: str
    view: Page
    root: str            # the site folder, whose templates/ win over the theme's
    templates: str       # the hash of every template a page may use

    @property
    def file(self) -> str:
        return self.path + "index.html" if self.path.endswith("/") or not self.path else self.path


@dataclass(frozen=True)
class Group:
    """Pages made, and kept between builds, together: the site's lists, or an issue's pages.
    ``key`` hashes everything they show, so their files are found by it, without making their
    views; None: the group is planned and its pages looked up one by one at every build."""

    slot: str            # which group it is, whatever its pages show: "issue 2015-05"
    key: str | None
    jobs: Callable[[], tuple[Job, ...]]


def plan_pages(site: Site, root: Path, templates: str, pdfs: dict[str, PdfLink | None]) -> tuple[Group, ...]:
    """Every page of the site, in a fixed order, in groups. ``pdfs``: each publication's PDF (by
    publications.pdf_key, or report_views.pdf_key for a report).

    A group's key (to which Workers.kept adds sscbgen's code): the templates, the site folder,
    what ``Site.key`` hashes (every file's front matter, config.yaml, the build date), the PDFs its pages link to, and
    for an issue the text of its files' bodies. Those are all the views are made of: the
    Markdown of a page is its own files' bodies and fields (front matter), rendered with the
    settings of config.yaml."""
    views = Views(site, pdfs)
    made = (site.key, str(root), templates)
    groups = [Group("site pages", digest(*made, "site pages", repr(sorted(pdfs.items()))), partial(_site_jobs, views, root, templates))]
    for issue in site.issues:
        groups.append(Group(f"issue {issue.slug}", digest(*made, "issue", issue.slug, repr(pdfs.get(issue.slug)), texts_key(issue)),
                            partial(_issue_jobs, views, issue, root, templates)))
    groups.append(Group("other pages", None, partial(_other_jobs, views, pdfs, root, templates)))
    return tuple(groups)


def texts_key(issue: Issue) -> str:
    """The hash of an issue's bodies (its editorial and its articles'), which with ``Site.key``
    (their front matter) is all of its text."""
    return _texts_key((issue.editorial.text, *(article.body.text for article in issue.articles)))


@lru_cache(maxsize=2048)   # (asked for by the pages and the email edition; under serve an unchanged
def _texts_key(texts: tuple[str, ...]) -> str:   # issue's texts are the same strings, whose hashes are kept)
    return digest(*texts)


def _other_jobs(views: Views, pdfs: dict[str, PdfLink | None], root: Path, templates: str) -> tuple[Job, ...]:
    """The reports', stand-alone pages', briefings' and catalogues' pages, the list of publications, and 404."""
    site = views.site
    pages = ReportViews(views, pdfs).pages()
    pages += [(path_page(page), "page.html", views.standalone(page)) for page in site.pages]
    pages.append((PUBLICATIONS, "publications.html", pv.publications_page(views)))
    pages += [(shelf.chosen.path, "briefings.html", pv.briefing_library_page(views, shelf)) for shelf in briefing_library(site)]
    pages += [(path_briefing(b.slug), "briefing.html", pv.briefing_page(views, b)) for b in site.briefings]
    for catalogue in site.catalogues:
        pages.append((path_catalogue(catalogue.slug), "catalogue.html", pv.catalogue_page(views, catalogue)))
        pages += [(path_course(catalogue.slug, course.slug), "course.html", pv.course_page(views, catalogue, index))
                  for index, course in enumerate(catalogue.courses)]
    pages.append(("404.html", "404.html", views.plain()))
    return tuple(_jobs(pages, root, templates))


def _site_jobs(views: Views, root: Path, templates: str) -> tuple[Job, ...]:
    """The home page, the lists of issues, training and topics, each topic's page and the
    review library's. What they show comes from every file's front matter (an inline field's
    text is front matter), config.yaml and the build date, which ``Site.key`` is the hash of,
    and the publications' PDFs: they may show no body (views.within)."""
    site = views.site
    views = views.within(None)
    pages: list[tuple[str, str, Page]] = [
        ("", "home.html", replace(views.home(), briefing=pv.latest_briefing(views))),
        ("issues/", "archive.html", views.archive()),
        ("training/", "training.html", views.training()),
        ("topics/", "topics.html", views.topics()),
        (SEARCH, "search.html", views.plain()),
    ]
    pages += [(f"topics/{topic.key}/", "topic.html", replace(views.topic(topic), publications=pv.topic_publications(views, topic.key)))
              for topic in site.topics]
    pages += [(shelf.chosen.path, "reviews.html", views.library(shelf)) for shelf in library(site)]
    return tuple(_jobs(pages, root, templates))


def _issue_jobs(views: Views, issue: Issue, root: Path, templates: str) -> tuple[Job, ...]:
    """An issue's page and its articles', which may show the texts of its own files only (views.within)."""
    views = views.within(frozenset([issue.source, *(article.source for article in issue.articles)]))
    pages: list[tuple[str, str, Page]] = [(path_issue(issue), "issue.html", views.issue_page(issue))]
    pages += [(path_article(issue, article), "article.html", views.article_page(issue, index))
              for index, article in enumerate(issue.articles)]
    return tuple(_jobs(pages, root, templates))


def _jobs(pages: Sequence[tuple[str, str, Page]], root: Path, templates: str) -> list[Job]:
    return [Job(path, template, view, str(root), templates) for path, template, view in pages]
