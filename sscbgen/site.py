"""Pure: checked content -> the Site: what is published, in what order, at which address."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from sscbgen.cache import digest
from sscbgen.config import SiteConfig
from sscbgen.content.addresses import issue_of, path_article, path_briefing, path_chapter, path_course, path_report
from sscbgen.content.documents import Rendering
from sscbgen.content.load import Content
from sscbgen.content.markdown import slugify
from sscbgen.content.models import Article, Issue, Page, Review, TrainingEvent
from sscbgen.content.publications import Briefing, Catalogue, Course
from sscbgen.content.refs import classify
from sscbgen.content.reports import Chapter, Report
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.memo import Memo, memoised
from sscbgen.schedule import is_due


@dataclass(frozen=True)
class Event:
    """A training event with the issue and article it was announced in, or the catalogue
    and course that list it, or the report and chapter (or the report itself), or the
    briefing that gives it (as both)."""

    event: TrainingEvent
    issue: Issue | Catalogue | Report | Briefing
    article: Article | Course | Chapter | Report | Briefing
    number: int = 1   # 2, 3, ...: a later session, by start time, of the same title on the same day in the issue

    @functools.cached_property   # (asked for by every page, calendar file and list that shows it)
    def key(self) -> tuple:
        e = self.event
        return (e.date, e.start or dt.time(0), e.title, self.home, self.article.slug)

    @functools.cached_property
    def home(self) -> str:
        """What its name is unique within: its issue's slug, or ``catalogues/<slug>``,
        ``reports/<slug>``, ``briefings/<slug>``."""
        if isinstance(self.issue, Briefing):
            return f"briefings/{self.issue.slug}"
        if isinstance(self.issue, Report):
            return f"reports/{self.issue.slug}"
        return f"catalogues/{self.issue.slug}" if isinstance(self.issue, Catalogue) else self.issue.slug

    @functools.cached_property
    def page_path(self) -> str:
        """The page that announced it: its article, or its course in a catalogue."""
        if isinstance(self.issue, Briefing):
            return path_briefing(self.issue.slug)
        if isinstance(self.issue, Catalogue):
            return path_course(self.issue.slug, self.article.slug)
        if isinstance(self.issue, Report):
            return path_report(self.issue.slug) if self.article is self.issue else path_chapter(self.issue.slug, self.article.slug)
        return path_article(self.issue, self.article)  # type: ignore[arg-type]  # an issue's events are its articles'

    @property
    def origin(self) -> str:
        """Where it was announced, in words: ``From Learning & Development, SSCB Newsletter: Spring 2015``."""
        if isinstance(self.issue, Briefing):
            return f"From the 7-minute briefing {self.issue.meta.title}"
        if self.article is self.issue:
            return f"From the {self.issue.meta.title}"
        period = self.issue.meta.period
        return f"From {self.article.meta.title}, {self.issue.meta.title}" + (f": {period}" if period else "")

    @functools.cached_property
    def name(self) -> str:
        """What stays the same while the event does: its day and title, ``2015-06-08-neglect-half-day``,
        and ``-2`` for a second session that day. Unique within its issue."""
        return f"{self.event.date.isoformat()}-{slugify(self.event.title)}" + (f"-{self.number}" if self.number > 1 else "")

    @property
    def topics(self) -> tuple[str, ...]:
        """Its own topics, or else its article's."""
        return self.article.meta.topics if self.event.topics is None else self.event.topics

    @functools.cached_property
    def ics_path(self) -> str:
        """Its own "Add to calendar" file."""
        return f"training/{self.home}/{self.name}.ics"


# An event as a job carries it: (its article's source, the event, its number that day).
EventData = tuple[str, TrainingEvent, int]


def event_data(events: tuple[Event, ...]) -> tuple[EventData, ...]:
    """Events as a job carries them: without their issue and article (the job has the issue)."""
    return tuple((e.article.source, e.event, e.number) for e in events)


def issue_events(issue: Issue, data: tuple[EventData, ...]) -> tuple[Event, ...]:
    """The events of ``data``, made again with their issue and article."""
    articles = {a.source: a for a in issue.articles}
    return tuple(Event(event, issue, articles[source], number) for source, event, number in data)


def in_issue(event: Event) -> tuple[Issue, Article]:
    """The issue and article of an event an issue announced."""
    assert isinstance(event.issue, Issue) and isinstance(event.article, Article)
    return event.issue, event.article


@dataclass(frozen=True)
class CaseReview:
    """A case review with the issue and article it was summarised in."""

    review: Review
    issue: Issue
    article: Article
    number: int   # its place among the article's reviews, from 1

    @property
    def topics(self) -> tuple[str, ...]:
        """Its own topics, or else its article's."""
        return self.article.meta.topics if self.review.topics is None else self.review.topics

    @property
    def anchor(self) -> str:
        """The id of its card on the article's page."""
        return f"block-review-{self.number}"

    @property
    def year(self) -> int:
        """The year it was published, or else the year of the issue that reported it."""
        return self.review.published.year if self.review.published else self.issue.meta.date.year


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    articles: tuple[tuple[Issue, Article], ...]
    upcoming: tuple[Event, ...] = ()
    past: tuple[Event, ...] = ()
    reviews: tuple[CaseReview, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    courses: tuple[tuple[Catalogue, Course], ...] = ()


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: dt.date
    issues: tuple[Issue, ...]            # newest first
    pages: tuple[Page, ...]              # by title
    files: tuple[str, ...]               # pictures and static files, paths from the site folder
    drafts_skipped: tuple[str, ...]      # the skipped drafts' index.md paths
    scheduled: tuple[tuple[str, dt.date], ...] = ()   # issues dated after the build date: (index.md path, date)
    events: tuple[Event, ...] = field(default=())
    topics: tuple[Topic, ...] = field(default=())
    reviews: tuple[CaseReview, ...] = field(default=())   # newest issue first, then as written
    briefings: tuple[Briefing, ...] = field(default=())    # newest first
    catalogues: tuple[Catalogue, ...] = field(default=())  # newest first
    key: str = ""    # a hash of everything above; the Markdown bodies' text is not in it
    rendering: Rendering = field(default_factory=Rendering, repr=False, compare=False)   # every text's HTML
    reports: tuple[Report, ...] = ()     # newest first; drafts only with --drafts

    @property
    def base(self) -> str:
        return self.config.base_url

    @property
    def base_path(self) -> str:
        return self.config.base_path

    @property
    def site_url(self) -> str | None:
        """The site's full address, ending in ``/``; None when base_url is only a path."""
        return self.config.base_url if re.match(r"^https?://", self.config.base_url) else None

    # Worked out once, when first asked (a Site never changes): templates ask for
    # them on every page, and an archive has thousands of pages and events.
    @cached_property
    def calendar(self) -> tuple[Event, ...]:
        """The training calendar's events: each course on each day once (see _calendar)."""
        return _calendar(self.events)

    @cached_property
    def upcoming(self) -> tuple[Event, ...]:
        return _upcoming(self.calendar, self.today)

    @cached_property
    def past(self) -> tuple[Event, ...]:
        return _past(self.calendar, self.today)

    def issue_events(self, issue: Issue) -> tuple[Event, ...]:
        return self._events_by_issue.get(issue.source, ())

    def article_events(self, article: Article | Course | Chapter | Report | Briefing) -> tuple[Event, ...]:
        """An article's (a course's, a chapter's...) training, in date order (as the calendar lists it)."""
        return self._events_by_article.get(article.source, ())

    @cached_property
    def _events_by_issue(self) -> dict[str, tuple[Event, ...]]:
        return _grouped(self.events, lambda e: e.issue.source)

    @cached_property
    def _events_by_article(self) -> dict[str, tuple[Event, ...]]:
        return _grouped(self.events, lambda e: e.article.source)

    def neighbours(self, issue: Issue) -> tuple[Issue | None, Issue | None]:
        """(previous = older, next = newer) issue."""
        index = self._positions[issue.slug]
        older = self.issues[index + 1] if index + 1 < len(self.issues) else None
        newer = self.issues[index - 1] if index > 0 else None
        return older, newer

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {issue.slug: i for i, issue in enumerate(self.issues)}


def make_site(content: Content, config: SiteConfig, today: dt.date, drafts: bool = False, memo: Memo | None = None) -> Site:
    """``memo`` (serve): the events, reviews and topics are made again only when the outline
    changes; those of an equal outline hold earlier Article objects, whose Markdown differs
    at most, and the pages see no model: only the views made from them.

    Raises SiteErrors where a published text links to an issue left out as a draft."""
    def shown(item: Issue | Briefing | Catalogue | Report) -> bool:
        return drafts or (not item.meta.draft and is_due(item.meta.date, today))

    everything: list[Issue | Briefing | Catalogue | Report] = [*content.issues, *content.briefings, *content.catalogues, *content.reports]
    published = [i for i in content.issues if shown(i)]
    briefings = tuple(sorted((b for b in content.briefings if shown(b)), key=lambda b: (b.meta.date, b.slug), reverse=True))
    catalogues = tuple(sorted((c for c in content.catalogues if shown(c)), key=lambda c: (c.meta.date, c.slug), reverse=True))
    reports = tuple(sorted((r for r in content.reports if shown(r)), key=lambda r: (r.meta.date, r.slug), reverse=True))
    skipped = tuple(sorted(i.source for i in everything if i.meta.draft and not drafts))
    scheduled = tuple(sorted((i.source, i.meta.date) for i in everything if not drafts and not i.meta.draft and not is_due(i.meta.date, today)))
    issues = tuple(sorted(published, key=lambda i: (i.meta.date, i.meta.number), reverse=True))
    key = digest(content.outline, config.model_dump_json(), today.isoformat(), str(drafts))
    events, reviews, topics = memoised(memo, ("site", key), lambda: _gathered(issues, config, today, briefings, catalogues, reports))
    draft_slugs = frozenset(i.slug for i in content.issues) - {i.slug for i in issues}
    hidden = _hidden(draft_slugs, {b.source for b in content.briefings} - {b.source for b in briefings},
                     {c.slug for c in content.catalogues} - {c.slug for c in catalogues},
                     {r.slug for r in content.reports} - {r.slug for r in reports})
    files = tuple(f for f in content.files if not hidden(f))
    if draft_slugs or len(briefings + catalogues + reports) < len(content.briefings + content.catalogues + content.reports):
        _check_draft_links(content.rendering, hidden, dict(scheduled))
    return Site(
        config=config,
        today=today,
        issues=issues,
        pages=tuple(sorted(content.pages, key=lambda p: p.meta.title.lower())),
        files=files,
        drafts_skipped=skipped,
        scheduled=scheduled,
        events=events,
        topics=topics,
        reviews=reviews,
        briefings=briefings,
        catalogues=catalogues,
        key=key,
        rendering=content.rendering,
        reports=reports,
    )


def _hidden(issues: frozenset[str], briefings: set[str], catalogues: set[str], reports: set[str]) -> Callable[[str], str]:
    """The kind of draft this build leaves out ("issue", "briefing", "catalogue", "report") a
    source file belongs to, or ""."""
    def hidden(source: str) -> str:
        if issue_of(source) in issues:
            return "issue"
        if source in briefings:
            return "briefing"
        parts = source.split("/")
        if len(parts) > 3 and parts[0] == "content" and parts[1] in ("catalogues", "reports"):
            folder = {"catalogues": catalogues, "reports": reports}[parts[1]]
            return parts[1][:-1] if parts[2] in folder else ""
        return ""
    return hidden


def _check_draft_links(rendering: Rendering, hidden: Callable[[str], str], scheduled: dict[str, dt.date]) -> None:
    """A link from a published text to a draft, or to a text dated after the build date, that
    this build leaves out would lead nowhere. ``scheduled``: the index.md (or briefing) of each
    publication held back until its date."""
    errors = []
    for source, result in rendering.each():
        if hidden(source):
            continue
        for link in result.links:
            ref = link.ref or classify(source, link.href)
            draft = hidden(ref.path) if ref.kind == "file" else ""
            day = next((d for held, d in scheduled.items() if ref.path == held or ref.path.startswith(held.rsplit("/", 1)[0] + "/")
                        and held.endswith("/index.md")), None) if draft else None
            if day is not None:
                errors.append(SourceError(source, link.line or None, "", f"links to {ref.path}, which is in {'an' if draft == 'issue' else 'a'} {draft} dated "
                                          f"{day.isoformat()} and is not published until then; remove the link, or date this text on or after it"))
            elif draft:
                errors.append(SourceError(source, link.line or None, "", f"links to {ref.path}, which is in a draft {draft} and is not published; build with --drafts or remove the link"))
    if errors:
        raise SiteErrors(sorted(set(errors), key=lambda e: (e.path, e.line or 0, e.message)))


def _gathered(issues: tuple[Issue, ...], config: SiteConfig, today: dt.date, briefings: tuple[Briefing, ...] = (),
              catalogues: tuple[Catalogue, ...] = (), reports: tuple[Report, ...] = ()
              ) -> tuple[tuple[Event, ...], tuple[CaseReview, ...], tuple[Topic, ...]]:
    """Every publication's training events, the issues' case reviews, and the topics with theirs."""
    announced = [Event(event, issue, article) for issue in issues for article in issue.articles for event in article.meta.training]
    announced += [Event(event, catalogue, course) for catalogue in catalogues for course in catalogue.courses for event in course.meta.training]
    announced += [Event(event, briefing, briefing) for briefing in briefings for event in briefing.meta.training]
    announced += [Event(event, report, report) for report in reports for event in report.meta.training]
    announced += [Event(event, report, chapter) for report in reports for chapter in report.chapters for event in chapter.meta.training]
    events = _numbered(sorted(announced, key=lambda e: e.key))
    reviews = tuple(CaseReview(review, issue, article, number) for issue in issues for article in issue.articles
                    for number, review in enumerate(article.meta.reviews, 1))
    upcoming, past = _upcoming(_calendar(events), today), _past(_calendar(events), today)
    topics = tuple(
        Topic(key, label, tuple((i, a) for i in issues for a in i.articles if key in a.meta.topics),
              upcoming=tuple(e for e in upcoming if key in e.topics),
              past=tuple(e for e in past if key in e.topics),
              reviews=tuple(r for r in reviews if key in r.topics),
              briefings=tuple(b for b in briefings if key in b.meta.topics),
              courses=tuple((c, course) for c in catalogues for course in c.courses if key in course.meta.topics))
        for key, label in sorted(config.topics.items(), key=lambda kv: kv[1].lower())
    )
    return events, reviews, topics


def _grouped(events: tuple[Event, ...], source: Callable[[Event], str]) -> dict[str, tuple[Event, ...]]:
    """Events by the source file of their issue or article, in the order of ``events``."""
    grouped: dict[str, list[Event]] = {}
    for e in events:
        grouped.setdefault(source(e), []).append(e)
    return {key: tuple(value) for key, value in grouped.items()}


_FIRST = {Issue: 0, Catalogue: 1, Briefing: 2}   # of publications of one day, which counts as first


def _calendar(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """A course that several publications give (the same title, day and start: a newsletter
    announces it, a catalogue lists it) is one event of the calendar: the one published
    first (a newsletter before a catalogue of the same day), so its UID, already in
    readers' calendars, never changes when a later publication lists it again."""
    first: dict[tuple, Event] = {}
    for e in events:
        same = (e.event.title, e.event.date, e.event.start)
        known = first.get(same)
        if known is None or (e.issue.meta.date, _FIRST[type(e.issue)]) < (known.issue.meta.date, _FIRST[type(known.issue)]):
            first[same] = e
    kept = {id(e) for e in first.values()}
    return tuple(e for e in events if id(e) in kept)


def _upcoming(events: tuple[Event, ...], today: dt.date) -> tuple[Event, ...]:
    return tuple(e for e in events if e.event.date >= today)


def _past(events: tuple[Event, ...], today: dt.date) -> tuple[Event, ...]:
    return tuple(reversed([e for e in events if e.event.date < today]))


def _numbered(events: list[Event]) -> tuple[Event, ...]:
    """Number the sessions that share an issue, a day and a title, in the order of ``events``
    (by start time, then as written): the earliest keeps the plain name."""
    seen: Counter[tuple] = Counter()
    numbered = []
    for e in events:
        same = (e.home, e.event.date, slugify(e.event.title))
        seen[same] += 1
        numbered.append(replace(e, number=seen[same]))
    return tuple(numbered)
