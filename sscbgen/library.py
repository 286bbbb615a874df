"""Pure: the case-review library. Every review of every issue on one page, and one page for
each filter (a type, a scope, a year or a topic), so filtering works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import get_args

from sscbgen.content.models import Review
from sscbgen.formats import label
from sscbgen.site import CaseReview, Site

KINDS: tuple[str, ...] = get_args(get_args(Review.model_fields["kind"].annotation)[0])
SCOPES: tuple[str, ...] = get_args(get_args(Review.model_fields["scope"].annotation)[0])


LIBRARY = "reviews/"   # the page with every review; its filters are below it


@dataclass(frozen=True)
class Choice:
    """One filter a reader can choose, with the reviews it keeps."""

    facet: str      # "type", "scope", "year" or "topic"; "" for every review
    value: str      # the address part: "serious-case-review", "local", "2015", "neglect"
    label: str      # what readers see: "Serious case review", "Local", "2015", "Neglect"
    reviews: tuple[CaseReview, ...]

    @property
    def path(self) -> str:
        return f"{LIBRARY}{self.facet}/{self.value}/" if self.facet else LIBRARY


@dataclass(frozen=True)
class Facet:
    name: str       # "Type", "Scope", "Year", "Topic"
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Group:
    """The reviews of one type, under their own heading."""

    heading: str    # "Serious case reviews"
    reviews: tuple[CaseReview, ...]


@dataclass(frozen=True)
class LibraryPage:
    """One page of the library: the chosen filter, every filter, the reviews grouped by type."""

    chosen: Choice
    every: Choice
    facets: tuple[Facet, ...]

    @property
    def groups(self) -> tuple[Group, ...]:
        reviews = self.chosen.reviews
        groups = [Group(label(kind) + "s", tuple(r for r in reviews if r.review.kind == kind)) for kind in KINDS]
        groups.append(Group("Other reviews", tuple(r for r in reviews if r.review.kind is None)))
        return tuple(g for g in groups if g.reviews)


def library(site: Site) -> tuple[LibraryPage, ...]:
    """Every page of the library: all reviews first, then each filter that keeps some reviews
    but not all of them."""
    reviews = site.reviews
    every = Choice("", "", "All case reviews", reviews)

    def facet(name: str, values: list[tuple[str, str]], of: Callable[[CaseReview], Iterable[str]]) -> Facet:
        """``of``: the values of the facet a review has (each review is asked once)."""
        having: dict[str, list[CaseReview]] = {}
        for review in reviews:
            for value in of(review):
                having.setdefault(value, []).append(review)
        choices = (Choice(name.lower(), value, text, tuple(having.get(value, ()))) for value, text in values)
        # A choice that keeps every review (or none) filters nothing: it is left out, and a
        # facet with no choice left is not shown.
        return Facet(name, tuple(c for c in choices if 0 < len(c.reviews) < len(reviews)))

    years = sorted({r.year for r in reviews}, reverse=True)
    facets = (
        facet("Type", [(kind, label(kind)) for kind in KINDS], lambda r: (r.review.kind or "",)),
        facet("Scope", [(scope, label(scope)) for scope in SCOPES], lambda r: (r.review.scope or "",)),
        facet("Year", [(str(year), str(year)) for year in years], lambda r: (str(r.year),)),
        facet("Topic", [(t.key, t.label) for t in site.topics], lambda r: dict.fromkeys(r.topics)),
    )
    choices = [every] + [choice for f in facets for choice in f.choices]
    return tuple(LibraryPage(choice, every, facets) for choice in choices)
