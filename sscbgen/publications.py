"""Pure: everything the board has published, as the /publications/ page, the home page
and the topic pages list it: one small frozen link a publication, whatever its kind.

``publication_links`` makes them from the Site; a new kind of publication (a report) is
one more function here that makes its links, and one more entry in KINDS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sscbgen import formats
from sscbgen.content.addresses import path_briefing, path_catalogue, path_course, path_issue, path_report
from sscbgen.content.publications import Briefing, Catalogue, Course
from sscbgen.content.reports import Report
from sscbgen.site import Site
from sscbgen.views import PdfLink, issue_label

# Each kind: (key, its label, the heading of its list), in the order the publications page shows them.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("newsletter", "Newsletter", "Newsletters"),
    ("briefing", "7-minute briefing", "7-minute briefings"),
    ("catalogue", "Training catalogue", "Training catalogues"),
    ("report", "Report", "Reports"),
)
LABELS = {key: label for key, label, _ in KINDS}


@dataclass(frozen=True)
class PublicationLink:
    kind: str                  # "newsletter", "briefing", "catalogue", "course"
    kind_label: str            # "7-minute briefing"
    title: str
    url: str
    date: dt.date
    date_label: str            # "Spring 2015", "2015-2016" or "1 May 2015"
    summary: str | None
    pdf: PdfLink | None = None


@dataclass(frozen=True)
class PublicationKind:
    key: str
    heading: str               # "7-minute briefings"
    items: tuple[PublicationLink, ...]   # newest first


def pdf_key(kind: str, slug: str) -> str:
    """The key of a publication's PDF among the build's PDFs: an issue's is its slug alone."""
    return slug if kind == "newsletter" else f"{kind}:{slug}"


def publication_keys(site: Site) -> list[str]:
    """The keys of every publication's PDF (by pdf_key): the issues, the briefings, the catalogues, the reports."""
    return ([pdf_key("newsletter", i.slug) for i in site.issues] + [pdf_key("briefing", b.slug) for b in site.briefings]
            + [pdf_key("catalogue", c.slug) for c in site.catalogues] + [pdf_key("report", r.slug) for r in site.reports])


def publication_pages(site: Site) -> list[str]:
    """The build paths of the briefings', catalogues' and courses' pages (for the search index)."""
    return ([path_briefing(b.slug) for b in site.briefings]
            + [path for c in site.catalogues for path in [path_catalogue(c.slug)] + [path_course(c.slug, course.slug) for course in c.courses]])


Url = Callable[[str], str]


def briefing_link(briefing: Briefing, url: Url, pdfs: dict[str, PdfLink | None]) -> PublicationLink:
    meta = briefing.meta
    return PublicationLink("briefing", LABELS["briefing"], meta.title, url(path_briefing(briefing.slug)), meta.date,
                           formats.uk_date(meta.date), meta.summary, pdfs.get(pdf_key("briefing", briefing.slug)))


def catalogue_link(catalogue: Catalogue, url: Url, pdfs: dict[str, PdfLink | None]) -> PublicationLink:
    meta = catalogue.meta
    return PublicationLink("catalogue", LABELS["catalogue"], meta.title, url(path_catalogue(catalogue.slug)), meta.date,
                           meta.period or formats.uk_date(meta.date), meta.summary, pdfs.get(pdf_key("catalogue", catalogue.slug)))


def report_link(report: Report, url: Url, pdfs: dict[str, PdfLink | None]) -> PublicationLink:
    meta = report.meta
    return PublicationLink("report", LABELS["report"], meta.title, url(path_report(report.slug)), meta.date,
                           meta.period or formats.uk_date(meta.date), meta.summary, pdfs.get(pdf_key("report", report.slug)))


def course_link(catalogue: Catalogue, course: Course, url: Url) -> PublicationLink:
    return PublicationLink("course", "Course", course.meta.title, url(path_course(catalogue.slug, course.slug)),
                           catalogue.meta.date, catalogue.meta.title, course.meta.summary)


def publication_links(site: Site, url: Url, pdfs: dict[str, PdfLink | None]) -> tuple[PublicationKind, ...]:
    """Every published publication, by kind, each kind newest first; kinds with none left out."""
    newsletters = tuple(PublicationLink("newsletter", LABELS["newsletter"], issue_label(issue), url(path_issue(issue)), issue.meta.date,
                                        issue.meta.period or formats.uk_date(issue.meta.date), issue.meta.summary,
                                        pdfs.get(pdf_key("newsletter", issue.slug)))
                        for issue in site.issues)
    made = {
        "newsletter": newsletters,
        "briefing": tuple(briefing_link(b, url, pdfs) for b in site.briefings),
        "catalogue": tuple(catalogue_link(c, url, pdfs) for c in site.catalogues),
        "report": tuple(report_link(r, url, pdfs) for r in site.reports),
    }
    return tuple(PublicationKind(key, heading, made[key]) for key, _, heading in KINDS if made[key])
