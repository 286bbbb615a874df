"""Pure: checked content -> the Site: what is published, in what order, at which address."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from sscbgen.cache import digest
from sscbgen.config import SiteConfig
from sscbgen.content.addresses import issue_of
from sscbgen.content.documents import Rendering
from sscbgen.content.load import Content
from sscbgen.content.markdown import slugify
from sscbgen.content.models import Article, Issue, Page, Review, TrainingEvent
from sscbgen.content.refs import classify
from sscbgen.content.reports import Report
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.memo import Memo, memoised


@dataclass(frozen=True)
class Event:
    """A training event with the issue and article it was announced in."""

    event: TrainingEvent
    issue: Issue
    article: Article
    number: int = 1   # 2, 3, ...: a later session, by start time, of the same title on the same day in the issue

    @property
    def key(self) -> tuple:
        e = self.event
        return (e.date, e.start or dt.time(0), e.title, self.issue.slug, self.article.slug)

    @property
    def name(self) -> str:
        """What stays the same while the event does: its day and title, ``2015-06-08-neglect-half-day``,
        and ``-2`` for a second session that day. Unique within its issue."""
        return f"{self.event.date.isoformat()}-{slugify(self.event.title)}" + (f"-{self.number}" if self.number > 1 else "")

    @property
    def ics_path(self) -> str:
        """Its own "Add to calendar" file."""
        return f"training/{self.issue.slug}/{self.name}.ics"


# An event as a job carries it: (its article's source, the event, its number that day).
EventData = tuple[str, TrainingEvent, int]


def event_data(events: tuple[Event, ...]) -> tuple[EventData, ...]:
    """Events as a job carries them: without their issue and article (the job has the issue)."""
    return tuple((e.article.source, e.event, e.number) for e in events)


def issue_events(issue: Issue, data: tuple[EventData, ...]) -> tuple[Event, ...]:
    """The events of ``data``, made again with their issue and article."""
    articles = {a.source: a for a in issue.articles}
    return tuple(Event(event, issue, articles[source], number) for source, event, number in data)


@dataclass(frozen=True)
class CaseReview:
    """A case review with the issue and article it was summarised in."""

    review: Review
    issue: Issue
    article: Article
    number: int   # its place among the article's reviews, from 1

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


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: dt.date
    issues: tuple[Issue, ...]            # newest first
    pages: tuple[Page, ...]              # by title
    files: tuple[str, ...]               # pictures and static files, paths from the site folder
    drafts_skipped: tuple[str, ...]      # the skipped drafts' index.md paths
    events: tuple[Event, ...] = field(default=())
    topics: tuple[Topic, ...] = field(default=())
    reviews: tuple[CaseReview, ...] = field(default=())   # newest issue first, then as written
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
    def upcoming(self) -> tuple[Event, ...]:
        return _upcoming(self.events, self.today)

    @cached_property
    def past(self) -> tuple[Event, ...]:
        return _past(self.events, self.today)

    def issue_events(self, issue: Issue) -> tuple[Event, ...]:
        return self._events_by_issue.get(issue.source, ())

    def article_events(self, article: Article) -> tuple[Event, ...]:
        """An article's training, in date order (as the calendar lists it)."""
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
    published = [i for i in content.issues if drafts or not i.meta.draft]
    skipped = tuple(sorted([i.source for i in content.issues if i.meta.draft and not drafts]
                           + [r.source for r in content.reports if r.meta.draft and not drafts]))
    reports = tuple(sorted((r for r in content.reports if drafts or not r.meta.draft), key=lambda r: (r.meta.date, r.slug), reverse=True))
    issues = tuple(sorted(published, key=lambda i: (i.meta.date, i.meta.number), reverse=True))
    key = digest(content.outline, config.model_dump_json(), today.isoformat(), str(drafts))
    events, reviews, topics = memoised(memo, ("site", key), lambda: _gathered(issues, config, today))
    draft_slugs = frozenset(i.slug for i in content.issues) - {i.slug for i in issues}
    draft_reports = {f"content/reports/{r.slug}/" for r in content.reports} - {f"content/reports/{r.slug}/" for r in reports}
    files = tuple(f for f in content.files if issue_of(f) not in draft_slugs and not f.startswith(tuple(draft_reports)))
    if draft_slugs or draft_reports:
        _check_draft_links(content.rendering, draft_slugs, tuple(sorted(draft_reports)))
    return Site(
        config=config,
        today=today,
        issues=issues,
        pages=tuple(sorted(content.pages, key=lambda p: p.meta.title.lower())),
        files=files,
        drafts_skipped=skipped,
        events=events,
        topics=topics,
        reviews=reviews,
        key=key,
        rendering=content.rendering,
        reports=reports,
    )


def _check_draft_links(rendering: Rendering, drafts: frozenset[str], draft_reports: tuple[str, ...] = ()) -> None:
    """A link from a published text to an issue (or a report: its folder in ``draft_reports``)
    that this build leaves out would lead nowhere."""
    texts = [(source, result) for source, result in rendering.bodies.items()]
    texts += [(source, result) for (source, _), result in rendering.fields.items()]
    errors = []
    for source, result in texts:
        if issue_of(source) in drafts or source.startswith(draft_reports or ("\0",)):
            continue
        for link in result.links:
            ref = classify(source, link.href)
            if ref.kind == "file" and issue_of(ref.path) in drafts:
                errors.append(SourceError(source, link.line or None, "", f"links to {ref.path}, which is in a draft issue and is not published; build with --drafts or remove the link"))
            elif ref.kind == "file" and draft_reports and ref.path.startswith(draft_reports):
                errors.append(SourceError(source, link.line or None, "", f"links to {ref.path}, which is in a draft report and is not published; build with --drafts or remove the link"))
    if errors:
        raise SiteErrors(sorted(set(errors), key=lambda e: (e.path, e.line or 0, e.message)))


def _gathered(issues: tuple[Issue, ...], config: SiteConfig, today: dt.date) -> tuple[tuple[Event, ...], tuple[CaseReview, ...], tuple[Topic, ...]]:
    """Every issue's training events, case reviews, and the topics with theirs."""
    events = _numbered(sorted(
        (Event(event, issue, article) for issue in issues for article in issue.articles for event in article.meta.training),
        key=lambda e: e.key,
    ))
    reviews = tuple(CaseReview(review, issue, article, number) for issue in issues for article in issue.articles
                    for number, review in enumerate(article.meta.reviews, 1))
    upcoming, past = _upcoming(events, today), _past(events, today)
    topics = tuple(
        Topic(key, label, tuple((i, a) for i in issues for a in i.articles if key in a.meta.topics),
              upcoming=tuple(e for e in upcoming if key in e.article.meta.topics),
              past=tuple(e for e in past if key in e.article.meta.topics),
              reviews=tuple(r for r in reviews if key in r.article.meta.topics))
        for key, label in sorted(config.topics.items(), key=lambda kv: kv[1].lower())
    )
    return events, reviews, topics


def _grouped(events: tuple[Event, ...], source: Callable[[Event], str]) -> dict[str, tuple[Event, ...]]:
    """Events by the source file of their issue or article, in the order of ``events``."""
    grouped: dict[str, list[Event]] = {}
    for e in events:
        grouped.setdefault(source(e), []).append(e)
    return {key: tuple(value) for key, value in grouped.items()}


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
        same = (e.issue.slug, e.event.date, slugify(e.event.title))
        seen[same] += 1
        numbered.append(replace(e, number=seen[same]))
    return tuple(numbered)
