"""Pure: a site's reports -> the views of their pages (the report, a page a chapter), and
their figures: each chart numbered through its report, drawn as SVG, with its numbers.

Part of the page plan (plan.py adds these pages); like views.py, a view holds exactly
what its template prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from sscbgen import charts as drawing
from sscbgen.content.addresses import path_chapter, path_report
from sscbgen.content.reports import CHARTS_MARKER, Chapter, Chart, Report
from sscbgen.publications import pdf_key as publication_key
from sscbgen.views import AuditView, EventView, Link, Page, Part, PdfLink, ReviewView, Views, body_parts


@dataclass(frozen=True)
class SeriesView:
    name: str
    values: tuple[str, ...]          # each category's number, as printed


@dataclass(frozen=True)
class ChartView:
    """A figure: its number in the report, the drawing, and its numbers for the table."""

    id: str                          # the element's id: the chart's id on the web, prefixed in print
    number: int
    title: str
    description: str
    unit: str | None
    source: str | None
    categories: tuple[str, ...]
    series: tuple[SeriesView, ...]
    svg: Markup


@dataclass(frozen=True)
class ReportLink:
    url: str
    slug: str
    title: str
    period: str | None
    date: dt.date
    summary: str | None
    label: str                       # "Annual Report 2014-2015: April 2014 to March 2015"


@dataclass(frozen=True)
class ChapterLink:
    url: str
    number: int
    title: str
    summary: str | None


@dataclass(frozen=True)
class FigureLink:
    url: str
    number: int
    title: str
    chapter: str


@dataclass(frozen=True)
class ReportPage(Page):
    report: ReportLink
    foreword: tuple[Part, ...]
    chapters: tuple[ChapterLink, ...]
    figures: tuple[FigureLink, ...]
    topics: tuple[Link, ...]
    audits: tuple[AuditView, ...]
    reviews: tuple[ReviewView, ...]
    training: tuple[EventView, ...]  # its training dates, which also join the training calendar
    pdf: PdfLink | None
    draft: bool


@dataclass(frozen=True)
class ChapterPage(Page):
    report: ReportLink
    number: int
    title: str
    byline: str | None
    summary: str | None
    topics: tuple[Link, ...]
    body: tuple[Part, ...]
    charts: tuple[ChartView, ...]
    audits: tuple[AuditView, ...]
    reviews: tuple[ReviewView, ...]
    training: tuple[EventView, ...]  # its training dates, which also join the training calendar
    previous: Link | None
    following: Link | None
    pdf: PdfLink | None
    draft: bool


def pdf_key(report: Report) -> str:
    """A report's key in the build's map of PDF links (beside the issues' slugs)."""
    return publication_key("report", report.slug)


def report_label(report: Report) -> str:
    return report.meta.title + (f": {report.meta.period}" if report.meta.period else "")


def chart_view(chart: Chart, number: int, element_id: str | None = None, alt: str | None = None,
               palette: tuple[str, ...] = ()) -> ChartView:
    """``palette``: the first series' colours (the board's, from look: in config.yaml)."""
    data = drawing.ChartData(element_id or chart.id, chart.title, chart.description or "", chart.kind, chart.categories,
                             tuple((s.name, s.values) for s in chart.series), chart.unit, palette)
    return ChartView(element_id or chart.id, number, chart.title, chart.description or "", chart.unit, chart.source,
                     chart.categories, tuple(SeriesView(s.name, tuple(drawing.number(v, chart.unit) for v in s.values)) for s in chart.series),
                     Markup(drawing.svg(data, alt)))


_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def figure_links(html: str, numbers: Mapping[str, int]) -> Markup:
    """Links whose address is a figure's (``numbers``: address -> figure number) read "Figure N"."""
    def replace(match: re.Match[str]) -> str:
        number = numbers.get(match[1])
        if number is None:
            return match[0]
        return f'<a href="{match[1]}" class="figure-ref">Figure {number}</a>'
    return Markup(_LINK.sub(replace, html))


def chapter_parts(html: str, chapter: Chapter) -> tuple[Part, ...]:
    """A chapter's body cut at its markers; its blocks, then its charts, follow where the
    body did not place them."""
    parts = body_parts(html, chapter.meta)
    if chapter.meta.charts and not any(p.kind == "block" and p.block == CHARTS_MARKER for p in parts):
        parts += (Part("block", block=CHARTS_MARKER),)
    return parts


class ReportViews:
    """The views of a site's reports, made with the site's Views (its common parts, links)."""

    def __init__(self, views: Views, pdfs: Mapping[str, PdfLink | None]):
        self.views = views
        self.pdfs = pdfs

    def link(self, report: Report) -> ReportLink:
        meta = report.meta
        return ReportLink(self.views.url(path_report(report.slug)), report.slug, meta.title, meta.period, meta.date,
                          meta.summary, report_label(report))

    def _topics(self, keys: tuple[str, ...]) -> tuple[Link, ...]:
        topics = self.views.site.config.topics
        return tuple(Link(self.views.url(f"topics/{key}/"), topics[key]) for key in keys if key in topics)

    def _numbers(self, report: Report) -> Callable[[Chapter], dict[str, int]]:
        """For a chapter: the addresses its links to figures have -> the figures' numbers."""
        everywhere = {self.views.url(path_chapter(report.slug, c.slug)) + f"#{chart.id}": n for c, chart, n in report.figures()}
        return lambda chapter: {**everywhere, **{f"#{chart.id}": n for c, chart, n in report.figures() if c is chapter}}

    def report_page(self, report: Report) -> ReportPage:
        views = self.views
        chapters = tuple(ChapterLink(views.url(path_chapter(report.slug, c.slug)), n, c.meta.title, c.meta.summary)
                         for n, c in enumerate(report.chapters, 1))
        figures = tuple(FigureLink(views.url(path_chapter(report.slug, c.slug)) + f"#{chart.id}", n, chart.title, c.meta.title)
                        for c, chart, n in report.figures())
        numbers = {views.url(path_chapter(report.slug, c.slug)) + f"#{chart.id}": n for c, chart, n in report.figures()}
        foreword = tuple(Part(p.kind, figure_links(p.html, numbers), p.block, p.heading)
                         for p in body_parts(views.site.rendering.body(report.source).html, report.meta))
        source = report.source
        return ReportPage(views.common, self.link(report), foreword, chapters, figures, self._topics(report.meta.topics),
                          tuple(views.audit(a, source) for a in report.meta.audits),
                          tuple(views.review(r, source, f"block-review-{n}") for n, r in enumerate(report.meta.reviews, 1)),
                          views.events(views.site.article_events(report)),
                          self.pdfs.get(pdf_key(report)), report.meta.draft)

    def chapter_page(self, report: Report, index: int) -> ChapterPage:
        views = self.views
        chapter = report.chapters[index]
        meta, source = chapter.meta, chapter.source
        numbers = self._numbers(report)(chapter)
        html = figure_links(views.site.rendering.body(source).html, numbers)
        first = {id(chart): n for _, chart, n in report.figures()}
        palette = (views.site.config.look.brand,)
        charts = tuple(chart_view(chart, first[id(chart)], palette=palette) for chart in meta.charts) if meta.charts else ()

        def neighbour(i: int) -> Link:
            other = report.chapters[i]
            return Link(views.url(path_chapter(report.slug, other.slug)), other.meta.title)

        return ChapterPage(views.common, self.link(report), index + 1, meta.title, meta.byline, meta.summary,
                           self._topics(meta.topics), chapter_parts(html, chapter), charts,
                           tuple(views.audit(a, source) for a in meta.audits),
                           tuple(views.review(r, source, f"block-review-{n}") for n, r in enumerate(meta.reviews, 1)),
                           views.events(views.site.article_events(chapter)),
                           neighbour(index - 1) if index else None,
                           neighbour(index + 1) if index + 1 < len(report.chapters) else None,
                           self.pdfs.get(pdf_key(report)), report.meta.draft)

    def pages(self) -> list[tuple[str, str, Page]]:
        """Every report's page and its chapters' pages: (path, template, view)."""
        pages: list[tuple[str, str, Page]] = []
        for report in self.views.site.reports:
            pages.append((path_report(report.slug), "report.html", self.report_page(report)))
            pages += [(path_chapter(report.slug, c.slug), "chapter.html", self.chapter_page(report, i))
                      for i, c in enumerate(report.chapters)]
        return pages


def alt_text(number: int, chart: Chart) -> str:
    """The printed figure's alternative text: its number, title and description."""
    return f"Figure {number}: {chart.title}. {chart.description or ''}".strip()

