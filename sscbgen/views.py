"""Pure: the Site -> what each page shows, as frozen views.

A view holds exactly what its template prints (labels, addresses, the events it lists,
rendered Markdown), never a content model: so the hash of a page's view is the key of
its rendering, and a page is made again only when something it shows has changed.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content import models as content_models
from sscbgen.content.addresses import FEED, path_article, path_chapter, path_issue, path_page
from sscbgen.content.documents import Rendering, Within
from sscbgen.content.fields import Published
from sscbgen.content.models import Article, Audit, Issue, Review, TrainingEvent
from sscbgen.library import LibraryPage
from sscbgen.memo import hashed_once
from sscbgen.site import CaseReview, Event, Site, Topic

if TYPE_CHECKING:
    from sscbgen.publications import PublicationLink

HOME_EVENTS = 6    # the home page's next courses with places
HOME_REVIEWS = 3   # and its latest case reviews

BLOCK_HEADINGS = {"training": "Training dates", "audits": "Audit findings", "reviews": "Case reviews"}


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@hashed_once
@dataclass(frozen=True)
class Common:
    """What every page shows: the site's settings, the menu and footer's addresses."""

    config: SiteConfig
    base: str                        # the base path pages link with
    site_url: str | None             # the full address, where base_url gives one
    feed: str
    contact_intro: Markup | None
    pages: tuple[Link, ...]          # the stand-alone pages, for the footer


@hashed_once
@dataclass(frozen=True)
class IssueLink:
    url: str
    slug: str
    title: str
    period: str | None
    label: str                       # "Newsletter: Spring 2015"
    number: int
    date: dt.date
    summary: str | None


@hashed_once
@dataclass(frozen=True)
class ArticleLink:
    url: str
    title: str
    summary: str | None


@hashed_once
@dataclass(frozen=True)
class EventView:
    title: str
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    venue: str | None
    audience: str | None
    provider: str | None
    places: str | int | None
    booking: str | None
    notes: Markup | None
    ics_url: str                     # its own "Add to calendar" file
    article_url: str                 # the article that announced it

    @property
    def full(self) -> bool:
        return self.places in ("full", 0)


@dataclass(frozen=True)
class ReviewOrigin:
    """Where a review in the library came from: its card in an article of an issue."""

    url: str
    article_title: str
    issue_url: str
    issue_label: str


@hashed_once
@dataclass(frozen=True)
class ReviewView:
    card_id: str
    title: str
    board: str
    kind: str | None
    scope: str | None
    published: Published | None
    summary: Markup | None
    lessons: tuple[Markup, ...]
    recommendations: tuple[Markup, ...]
    link: str | None
    origin: ReviewOrigin | None = None
    issue_detail: str = ""           # "Newsletter, Spring 2015": the issue, for lists of reviews


@dataclass(frozen=True)
class AuditView:
    title: str
    kind: str | None
    date: dt.date | None
    status: str | None
    findings: tuple[Markup, ...]
    recommendations: tuple[Markup, ...]
    actions: tuple[Markup, ...]


@dataclass(frozen=True)
class Part:
    """A piece of a body: rendered Markdown (``kind`` "html"), or a structured block."""

    kind: str
    html: Markup = Markup("")
    block: str = ""
    heading: str = ""   # given to a block the body did not place itself


@dataclass(frozen=True)
class PdfLink:
    """What the issue page says of its printed newsletter."""

    url: str | None        # None: there is no PDF yet (serve is making it)
    pages: int
    size: str
    updating: bool = False  # serve is remaking it after a change


# --- the views of the pages ---------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page's view: ``common`` and the page's own fields, which its template receives
    as variables (with ``path``, the page's own path)."""

    common: Common

    def context(self, path: str) -> dict[str, object]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "common"}
        common = {name: getattr(self.common, name) for name in self.common.__dataclass_fields__}
        return {**common, "draft": False, **values, "path": path}


@dataclass(frozen=True)
class Plain(Page):
    """A page that shows nothing of the content: search, 404."""


@dataclass(frozen=True)
class Home(Page):
    issue: IssueLink | None
    pdf: PdfLink | None
    events: tuple[EventView, ...]        # the next few upcoming, with places (HOME_EVENTS at most)
    events_total: int                    # how many upcoming events have places
    reviews: tuple[ReviewView, ...]      # the latest case reviews with lessons (HOME_REVIEWS at most)
    briefing: PublicationLink | None = None   # the latest briefing (made in plan.py)


@dataclass(frozen=True)
class Archive(Page):
    issues: tuple[IssueLink, ...]


@dataclass(frozen=True)
class IssuePage(Page):
    issue: IssueLink
    contents: tuple[ArticleLink, ...]
    editorial: tuple[Part, ...]
    pdf: PdfLink | None
    events: tuple[EventView, ...]        # this issue's upcoming, with places
    older: IssueLink | None
    newer: IssueLink | None
    draft: bool


@dataclass(frozen=True)
class ArticlePage(Page):
    issue: IssueLink
    title: str
    byline: str | None
    summary: str | None
    topics: tuple[Link, ...]
    body: tuple[Part, ...]
    training: tuple[EventView, ...]
    audits: tuple[AuditView, ...]
    reviews: tuple[ReviewView, ...]
    previous: Link | None                # the articles before and after it in the issue
    following: Link | None
    draft: bool
    contents: tuple[ArticleLink, ...] = ()   # the issue's articles, for the side column
    pdf: PdfLink | None = None               # the issue's printed newsletter


@dataclass(frozen=True)
class StandalonePage(Page):
    title: str
    summary: str | None
    body: tuple[Part, ...]


@dataclass(frozen=True)
class Training(Page):
    today: dt.date
    count: int
    upcoming: tuple[EventView, ...]
    past: tuple[EventView, ...]


@dataclass(frozen=True)
class TopicCount:
    url: str
    label: str
    articles: int
    events: int
    reviews: int


@dataclass(frozen=True)
class Topics(Page):
    topics: tuple[TopicCount, ...]


@dataclass(frozen=True)
class TopicArticle:
    url: str
    title: str
    summary: str | None
    issue_detail: str                  # "Newsletter, Spring 2015"


@dataclass(frozen=True)
class TopicPage(Page):
    key: str
    label: str
    articles: tuple[TopicArticle, ...]
    upcoming: tuple[EventView, ...]
    past: tuple[EventView, ...]
    reviews: tuple[ReviewView, ...]
    library_url: str
    publications: tuple[PublicationLink, ...] = ()   # the briefings and courses on it (made in plan.py)


@dataclass(frozen=True)
class Choice:
    facet: str
    label: str
    url: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facet:
    name: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Group:
    heading: str
    reviews: tuple[ReviewView, ...]


@dataclass(frozen=True)
class Library(Page):
    chosen: Choice
    every: Choice
    facets: tuple[Facet, ...]
    groups: tuple[Group, ...]


# --- making them -----------------------------------------------------------------------


@dataclass
class Views:
    """Builds the views of one site; each issue's and event's view is made once."""

    site: Site
    pdfs: dict[str, PdfLink | None] = field(default_factory=dict)   # issue slug -> its PDF link

    def __post_init__(self) -> None:
        site = self.site
        self.rendering: Rendering | Within = site.rendering   # the texts its views may show (see within)
        config = site.config
        intro = Markup(markdown.render_inline(config.contact.intro)) if config.contact and config.contact.intro else None
        self.base = site.base_path
        self.common = Common(config, self.base, site.site_url, FEED, intro,
                             tuple(Link(self.url(path_page(p)), p.meta.title) for p in site.pages))
        self._issues = {issue.slug: self._issue_link(issue) for issue in site.issues}
        self._contents: dict[str, tuple[ArticleLink, ...]] = {}
        self._events: dict[int, EventView] = {}
        self._reviews: dict[int, ReviewView] = {}   # the library's and topics' cards, made once each

    def url(self, path: str) -> str:
        return self.base + path

    def within(self, sources: frozenset[str] | None) -> Views:
        """These views, showing only the texts of ``sources`` (None: every file's fields and no
        body): those a group of pages is kept by (plan.py). The parts made so far are shared."""
        made = copy.copy(self)
        made.rendering = Within(self.site.rendering, sources)
        return made

    # parts of pages
    def issue(self, issue: Issue) -> IssueLink:
        return self._issues[issue.slug]

    def _issue_link(self, issue: Issue) -> IssueLink:
        meta = issue.meta
        return IssueLink(self.url(path_issue(issue)), issue.slug, meta.title, meta.period, issue_label(issue),
                         meta.number, meta.date, meta.summary)

    def article(self, issue: Issue, article: Article) -> ArticleLink:
        return ArticleLink(self.url(path_article(issue, article)), article.meta.title, article.meta.summary)

    def link(self, issue: Issue, article: Article) -> Link:
        return Link(self.url(path_article(issue, article)), article.meta.title)

    def contents(self, issue: Issue) -> tuple[ArticleLink, ...]:
        made = self._contents.get(issue.slug)
        if made is None:
            made = self._contents[issue.slug] = tuple(self.article(issue, a) for a in issue.articles)
        return made

    def inline(self, source: str, text: str | None) -> Markup | None:
        return self.rendering.field_html(source, text) if text else None

    def inlines(self, source: str, texts: tuple[str, ...]) -> tuple[Markup, ...]:
        field_html = self.rendering.field_html
        return tuple(field_html(source, text) for text in texts)

    def event(self, e: Event) -> EventView:
        made = self._events.get(id(e))
        if made is None:
            made = self._events[id(e)] = self._event(e.event, e.article.source, self.url(e.ics_path), self.url(e.page_path))
        return made

    def _event(self, e: TrainingEvent, source: str, ics_url: str, article_url: str) -> EventView:
        return EventView(e.title, e.date, e.start, e.end, e.venue, e.audience, e.provider, e.places, e.booking,
                         self.inline(source, e.notes), ics_url, article_url)

    def events(self, events: tuple[Event, ...]) -> tuple[EventView, ...]:
        return tuple(self.event(e) for e in events)

    def review(self, review: Review, source: str, card_id: str, origin: ReviewOrigin | None = None, detail: str = "") -> ReviewView:
        return ReviewView(card_id, review.title, review.board, review.kind, review.scope, review.published,
                          self.inline(source, review.summary), self.inlines(source, review.lessons),
                          self.inlines(source, review.recommendations), review.link, origin, detail)

    def case_review(self, item: CaseReview) -> ReviewView:
        """A review as the library and topic pages list it, linked to where it came from."""
        made = self._reviews.get(id(item))
        if made is None:
            made = self._reviews[id(item)] = self._case_review(item)
        return made

    def _case_review(self, item: CaseReview) -> ReviewView:
        issue = self.issue(item.issue)
        origin = ReviewOrigin(self.url(path_article(item.issue, item.article)) + f"#{item.anchor}", item.article.meta.title,
                              issue.url, issue.label)
        card_id = f"review-{item.issue.slug}-{item.article.slug}-{item.number}"
        detail = f"{item.issue.meta.title}" + (f", {item.issue.meta.period}" if item.issue.meta.period else "")
        return self.review(item.review, item.article.source, card_id, origin, detail)

    def audit(self, audit: Audit, source: str) -> AuditView:
        return AuditView(audit.title, audit.kind, audit.date, audit.status, self.inlines(source, audit.findings),
                         self.inlines(source, audit.recommendations), self.inlines(source, audit.actions))

    def parts(self, source: str, article: Article | None = None) -> tuple[Part, ...]:
        return body_parts(self.rendering.body(source).html, article.meta if article is not None else None)

    # pages
    def home(self) -> Home:
        site = self.site
        latest = site.issues[0] if site.issues else None
        events = tuple(e for e in site.upcoming if e.event.has_places)
        reviews = tuple(self.case_review(r) for r in site.reviews if r.review.lessons)[:HOME_REVIEWS]
        return Home(self.common, self.issue(latest) if latest else None, self.pdfs.get(latest.slug) if latest else None,
                    self.events(events[:HOME_EVENTS]), len(events), reviews)

    def archive(self) -> Archive:
        return Archive(self.common, tuple(self.issue(i) for i in self.site.issues))

    def issue_page(self, issue: Issue) -> IssuePage:
        site = self.site
        older, newer = site.neighbours(issue)
        events = self.events(tuple(e for e in site.issue_events(issue) if e.event.has_places and e.event.date >= site.today))
        return IssuePage(self.common, self.issue(issue), self.contents(issue), self.parts(issue.source), self.pdfs.get(issue.slug),
                         events, self.issue(older) if older else None, self.issue(newer) if newer else None, issue.meta.draft)

    def article_page(self, issue: Issue, index: int) -> ArticlePage:
        article = issue.articles[index]
        meta, source = article.meta, article.source
        topics = tuple(Link(self.url(f"topics/{key}/"), self.site.config.topics[key]) for key in meta.topics)
        reviews = tuple(self.review(r, source, f"block-review-{n}") for n, r in enumerate(meta.reviews, 1))
        previous = self.link(issue, issue.articles[index - 1]) if index else None
        following = self.link(issue, issue.articles[index + 1]) if index + 1 < len(issue.articles) else None
        return ArticlePage(self.common, self.issue(issue), meta.title, meta.byline, meta.summary, topics,
                           self.parts(source, article), self.events(self.site.article_events(article)),
                           tuple(self.audit(a, source) for a in meta.audits), reviews, previous, following, issue.meta.draft,
                           self.contents(issue), self.pdfs.get(issue.slug))

    def standalone(self, page: content_models.Page) -> StandalonePage:
        return StandalonePage(self.common, page.meta.title, page.meta.summary, self.parts(page.source))

    def training(self) -> Training:
        site = self.site
        return Training(self.common, site.today, len(site.calendar), self.events(site.upcoming), self.events(site.past))

    def topics(self) -> Topics:
        def chapters(key: str) -> int:
            return sum(1 for r in self.site.reports for c in r.chapters if key in c.meta.topics + r.meta.topics)

        return Topics(self.common, tuple(TopicCount(self.url(f"topics/{t.key}/"), t.label, len(t.articles) + chapters(t.key),
                                                    len(t.upcoming) + len(t.past), len(t.reviews)) for t in self.site.topics))

    def topic(self, topic: Topic) -> TopicPage:
        articles = tuple(TopicArticle(self.url(path_article(i, a)), a.meta.title, a.meta.summary,
                                      i.meta.title + (f", {i.meta.period}" if i.meta.period else ""))
                         for i, a in topic.articles)
        articles += tuple(TopicArticle(self.url(path_chapter(r.slug, c.slug)), c.meta.title, c.meta.summary,
                                       r.meta.title + (f", {r.meta.period}" if r.meta.period else ""))
                          for r in self.site.reports for c in r.chapters if topic.key in c.meta.topics + r.meta.topics)
        return TopicPage(self.common, topic.key, topic.label, articles, self.events(topic.upcoming), self.events(topic.past),
                         tuple(self.case_review(r) for r in topic.reviews),
                         self.url(f"reviews/topic/{topic.key}/" if len(topic.reviews) < len(self.site.reviews) else "reviews/"))

    def library(self, shelf: LibraryPage) -> Library:
        def choice(c) -> Choice:
            return Choice(c.facet, c.label, self.url(c.path), len(c.reviews), c.path == shelf.chosen.path)

        return Library(self.common, choice(shelf.chosen), choice(shelf.every),
                       tuple(Facet(f.name, tuple(choice(c) for c in f.choices)) for f in shelf.facets),
                       tuple(Group(g.heading, tuple(self.case_review(r) for r in g.reviews)) for g in shelf.groups))

    def plain(self) -> Plain:
        return Plain(self.common)


def body_parts(html: str, meta: object | None = None) -> tuple[Part, ...]:
    """Rendered Markdown cut at its block markers; an article's (or chapter's) blocks that the body did
    not place follow it, each under its own heading."""
    parts = [Part("block", block=value) if kind == "block" else Part("html", Markup(value))
             for kind, value in markdown.split_blocks(html)]
    placed = {p.block for p in parts if p.kind == "block"}
    return tuple(parts) + tuple(Part("block", block=name, heading=heading) for name, heading in BLOCK_HEADINGS.items()
                                if meta is not None and getattr(meta, name) and name not in placed)


def issue_label(issue: Issue) -> str:
    """``Newsletter: Spring 2015``: an issue's title and period, as links and headings name it."""
    return issue.meta.title + (f": {issue.meta.period}" if issue.meta.period else "")


# The parts of a page's view that many pages share, made once each by Views: their keys
# work each one out once (see store.keys_of). (Hashing a part apart costs more than it
# saves where only one page holds it.)
PARTS: tuple[type, ...] = (Common, IssueLink, ArticleLink, EventView, ReviewView)
