"""Pure: the views of the briefings', catalogues' and publications' pages (see views.py:
a view holds exactly what its template prints)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from sscbgen.briefing_library import BriefingShelf, Shelf
from sscbgen.content.addresses import BRIEFINGS, path_catalogue, path_course
from sscbgen.content.publications import Briefing, Catalogue, split_sections
from sscbgen.publications import PublicationKind, PublicationLink, briefing_link, course_link, pdf_key, publication_links
from sscbgen.views import AuditView, Choice, EventView, Facet, Link, Page, Part, PdfLink, ReviewView, Views, body_parts


@dataclass(frozen=True)
class BriefingPart:
    number: int                # 1 to 7
    id: str                    # its heading's anchor
    heading: Markup
    html: Markup


@dataclass(frozen=True)
class BriefingPage(Page):
    title: str
    date: dt.date
    summary: str | None
    lead: Markup
    parts: tuple[BriefingPart, ...]
    topics: tuple[Link, ...]
    reviews: tuple[ReviewView, ...]      # the case reviews it draws on
    audits: tuple[AuditView, ...]
    training: tuple[EventView, ...]
    pdf: PdfLink | None
    library_url: str
    draft: bool


@dataclass(frozen=True)
class PublicationGroup:
    heading: str
    items: tuple[PublicationLink, ...]


@dataclass(frozen=True)
class BriefingLibrary(Page):
    chosen: Choice
    every: Choice
    facets: tuple[Facet, ...]
    groups: tuple[PublicationGroup, ...]


@dataclass(frozen=True)
class CourseLink:
    url: str
    title: str
    summary: str | None
    duration: str | None
    audience: str | None
    dates: int


@dataclass(frozen=True)
class CourseGroup:
    heading: str
    id: str
    courses: tuple[CourseLink, ...]


@dataclass(frozen=True)
class MonthDates:
    label: str                 # "June 2015"
    id: str                    # "dates-2015-06"
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class CatalogueLink:
    url: str
    title: str
    period: str | None


@dataclass(frozen=True)
class CataloguePage(Page):
    catalogue: CatalogueLink
    date: dt.date
    summary: str | None
    introduction: tuple[Part, ...]
    groups: tuple[CourseGroup, ...]      # the courses by topic
    courses: int
    months: tuple[MonthDates, ...]       # every date, by month
    pdf: PdfLink | None
    draft: bool


@dataclass(frozen=True)
class CoursePage(Page):
    catalogue: CatalogueLink
    title: str
    summary: str | None
    audience: str | None
    level: str | None
    duration: str | None
    provider: str | None
    cost: str | None
    outcomes: tuple[str, ...]
    body: tuple[Part, ...]
    topics: tuple[Link, ...]
    dates: tuple[EventView, ...]
    audits: tuple[AuditView, ...]
    reviews: tuple[ReviewView, ...]
    previous: Link | None
    following: Link | None
    draft: bool


@dataclass(frozen=True)
class PublicationsPage(Page):
    kinds: tuple[PublicationKind, ...]
    count: int


def briefing_page(views: Views, briefing: Briefing) -> BriefingPage:
    site, meta, source = views.site, briefing.meta, briefing.source
    lead, sections = split_sections(site.rendering.body(source).html)
    parts = tuple(BriefingPart(n, ident, Markup(heading), Markup(html)) for n, (ident, heading, html) in enumerate(sections, 1))
    topics = tuple(Link(views.url(f"topics/{key}/"), site.config.topics[key]) for key in meta.topics)
    reviews = tuple(views.review(r, source, f"block-review-{n}") for n, r in enumerate(meta.reviews, 1))
    training = views.events(tuple(e for e in site.events if e.article.source == source))
    return BriefingPage(views.common, meta.title, meta.date, meta.summary, Markup(lead), parts, topics, reviews,
                        tuple(views.audit(a, source) for a in meta.audits), training,
                        views.pdfs.get(pdf_key("briefing", briefing.slug)), views.url(BRIEFINGS), meta.draft)


def briefing_library_page(views: Views, shelf: BriefingShelf) -> BriefingLibrary:
    def choice(s: Shelf) -> Choice:
        return Choice(s.facet, s.label, views.url(s.path), len(s.briefings), s.path == shelf.chosen.path)

    links = {b.slug: briefing_link(b, views.url, views.pdfs) for b in shelf.every.briefings}
    return BriefingLibrary(views.common, choice(shelf.chosen), choice(shelf.every),
                           tuple(Facet(name, tuple(choice(s) for s in shelves)) for name, shelves in shelf.facets),
                           tuple(PublicationGroup(g.heading, tuple(links[b.slug] for b in g.briefings)) for g in shelf.groups))


def _catalogue_link(views: Views, catalogue: Catalogue) -> CatalogueLink:
    return CatalogueLink(views.url(path_catalogue(catalogue.slug)), catalogue.meta.title, catalogue.meta.period)


def catalogue_page(views: Views, catalogue: Catalogue) -> CataloguePage:
    site = views.site
    events = tuple(e for e in site.events if e.issue.source == catalogue.source)   # (by source: the site may keep earlier models)
    counts = {course.source: sum(1 for e in events if e.article.source == course.source) for course in catalogue.courses}
    links = {course.slug: CourseLink(views.url(path_course(catalogue.slug, course.slug)), course.meta.title, course.meta.summary,
                                     course.meta.duration, course.meta.audience, counts[course.source])
             for course in catalogue.courses}
    groups = [CourseGroup(label, f"topic-{key}", tuple(links[c.slug] for c in catalogue.courses if key in c.meta.topics))
              for key, label in sorted(site.config.topics.items(), key=lambda kv: kv[1].lower())]
    groups.append(CourseGroup("Other courses", "topic-other", tuple(links[c.slug] for c in catalogue.courses if not c.meta.topics)))
    months: dict[tuple[int, int], list[EventView]] = {}
    for e in events:   # in date order
        months.setdefault((e.event.date.year, e.event.date.month), []).append(views.event(e))
    return CataloguePage(views.common, _catalogue_link(views, catalogue), catalogue.meta.date, catalogue.meta.summary,
                         views.parts(catalogue.source), tuple(g for g in groups if g.courses), len(catalogue.courses),
                         tuple(MonthDates(dt.date(year, month, 1).strftime("%B %Y"), f"dates-{year}-{month:02d}", tuple(rows))
                               for (year, month), rows in months.items()),
                         views.pdfs.get(pdf_key("catalogue", catalogue.slug)), catalogue.meta.draft)


def course_page(views: Views, catalogue: Catalogue, index: int) -> CoursePage:
    site = views.site
    course = catalogue.courses[index]
    meta, source = course.meta, course.source

    def link(i: int) -> Link:
        other = catalogue.courses[i]
        return Link(views.url(path_course(catalogue.slug, other.slug)), other.meta.title)

    topics = tuple(Link(views.url(f"topics/{key}/"), site.config.topics[key]) for key in meta.topics)
    return CoursePage(views.common, _catalogue_link(views, catalogue), meta.title, meta.summary, meta.audience, meta.level,
                      meta.duration, meta.provider, meta.cost, meta.outcomes, body_parts(site.rendering.body(source).html),
                      topics, views.events(site.article_events(course)),
                      tuple(views.audit(a, source) for a in meta.audits),
                      tuple(views.review(r, source, f"block-review-{n}") for n, r in enumerate(meta.reviews, 1)),
                      link(index - 1) if index else None, link(index + 1) if index + 1 < len(catalogue.courses) else None,
                      catalogue.meta.draft)


def publications_page(views: Views) -> PublicationsPage:
    kinds = publication_links(views.site, views.url, views.pdfs)
    return PublicationsPage(views.common, kinds, sum(len(k.items) for k in kinds))


def latest_briefing(views: Views) -> PublicationLink | None:
    """The home page's latest briefing."""
    site = views.site
    return briefing_link(site.briefings[0], views.url, views.pdfs) if site.briefings else None


def topic_publications(views: Views, key: str) -> tuple[PublicationLink, ...]:
    """The briefings and catalogue courses on a topic, for its page."""
    topic = next(t for t in views.site.topics if t.key == key)
    return (tuple(briefing_link(b, views.url, views.pdfs) for b in topic.briefings)
            + tuple(course_link(c, course, views.url) for c, course in topic.courses))

