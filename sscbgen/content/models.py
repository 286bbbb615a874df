"""Typed, frozen models of what the writers write. Unknown fields are errors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from sscbgen.content.fields import Date, Flag, HttpUrl, Key, Month, Places, RequiredText, Text, Time, WholeNumber

BLOCKS = ("training", "audits", "reviews")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class TrainingEvent(Model):
    title: RequiredText
    date: Date
    start: Time | None = None
    end: Time | None = None
    venue: Text | None = None
    audience: Text | None = None
    provider: Text | None = None
    places: Places | None = None
    booking: HttpUrl | None = None
    notes: Text | None = None
    topics: tuple[Key, ...] | None = None   # None: the article's topics

    @model_validator(mode="after")
    def _times_in_order(self) -> TrainingEvent:
        if self.end is not None and self.start is None:
            raise PydanticCustomError("sscb_end", "an end time needs a start time too")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise PydanticCustomError("sscb_end", "the end time must be after the start time: found start {start}, end {end}",
                                      {"start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M")})
        return self

    @property
    def has_places(self) -> bool:
        return self.places == "available" or (isinstance(self.places, int) and self.places > 0)


class Audit(Model):
    title: RequiredText
    kind: Literal["multi-agency", "section-11", "section-175", "other"] | None = None
    date: Date | None = None
    findings: tuple[RequiredText, ...] = ()
    recommendations: tuple[RequiredText, ...] = ()
    actions: tuple[RequiredText, ...] = ()
    status: Literal["planned", "in-progress", "complete"] | None = None


class Review(Model):
    title: RequiredText
    board: RequiredText
    kind: Literal["serious-case-review", "management-review", "learning-review", "thematic-briefing"] | None = None
    scope: Literal["local", "national"] | None = None
    published: Month | None = None
    summary: Text | None = None
    lessons: tuple[RequiredText, ...] = ()
    recommendations: tuple[RequiredText, ...] = ()
    link: HttpUrl | None = None
    topics: tuple[Key, ...] | None = None   # None: the article's topics


class IssueMeta(Model):
    """Front matter of ``content/issues/<slug>/index.md``."""

    title: RequiredText
    number: WholeNumber
    date: Date
    period: Text | None = None
    summary: Text | None = None
    draft: Flag = False


class ArticleMeta(Model):
    """Front matter of an article: any other ``.md`` file in an issue's folder."""

    title: RequiredText
    byline: Text | None = None
    summary: Text | None = None
    topics: tuple[Key, ...] = ()
    training: tuple[TrainingEvent, ...] = ()
    audits: tuple[Audit, ...] = ()
    reviews: tuple[Review, ...] = ()


class PageMeta(Model):
    """Front matter of a stand-alone page in ``content/pages/``."""

    title: RequiredText
    summary: Text | None = None


class Body(Model):
    """Markdown text and where it starts in its file, for error lines."""

    text: str
    source: str
    first_line: int


class Article(Model):
    slug: str
    order: int
    source: str
    meta: ArticleMeta
    body: Body


class Issue(Model):
    slug: str
    source: str
    meta: IssueMeta
    editorial: Body
    articles: tuple[Article, ...]


class Page(Model):
    slug: str
    source: str
    meta: PageMeta
    body: Body
