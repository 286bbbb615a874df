"""Pure: the Site -> the page plan, every page to render as a frozen job.

A job is (output path, template, view, templates): the view holds all the page shows
and ``templates`` the hash of every template, so a job's key, derived from the job
itself, changes exactly when the page may.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sscbgen import publication_views as pv
from sscbgen.briefing_library import briefing_library
from sscbgen.content.addresses import PUBLICATIONS, SEARCH, path_article, path_briefing, path_catalogue, path_course, path_issue, path_page
from sscbgen.library import library
from sscbgen.report_views import ReportViews
from sscbgen.site import Site
from sscbgen.views import Page, PdfLink, Views


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


def plan_pages(site: Site, root: Path, templates: str, pdfs: dict[str, PdfLink | None]) -> tuple[Job, ...]:
    """Every page of the site, in a fixed order. ``pdfs``: each publication's PDF (by publications.pdf_key, or
    report_views.pdf_key for a report)."""
    views = Views(site, pdfs)
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
    for issue in site.issues:
        pages.append((path_issue(issue), "issue.html", views.issue_page(issue)))
        pages += [(path_article(issue, article), "article.html", views.article_page(issue, index))
                  for index, article in enumerate(issue.articles)]
    pages += ReportViews(views, pdfs).pages()
    pages += [(path_page(page), "page.html", views.standalone(page)) for page in site.pages]
    pages.append((PUBLICATIONS, "publications.html", pv.publications_page(views)))
    pages += [(shelf.chosen.path, "briefings.html", pv.briefing_library_page(views, shelf)) for shelf in briefing_library(site)]
    pages += [(path_briefing(b.slug), "briefing.html", pv.briefing_page(views, b)) for b in site.briefings]
    for catalogue in site.catalogues:
        pages.append((path_catalogue(catalogue.slug), "catalogue.html", pv.catalogue_page(views, catalogue)))
        pages += [(path_course(catalogue.slug, course.slug), "course.html", pv.course_page(views, catalogue, index))
                  for index, course in enumerate(catalogue.courses)]
    pages.append(("404.html", "404.html", views.plain()))
    return tuple(Job(path, template, view, str(root), templates) for path, template, view in pages)
