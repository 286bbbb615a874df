"""Pure: the briefings library. Every briefing on one page, grouped by topic, and one page for
each topic and each year (grouped by the other), so filtering works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from sscbgen.content.addresses import BRIEFINGS
from sscbgen.content.publications import Briefing
from sscbgen.site import Site


@dataclass(frozen=True)
class Shelf:
    """One filter a reader can choose, with the briefings it keeps."""

    facet: str      # "topic" or "year"; "" for every briefing
    value: str      # the address part: "neglect", "2015"
    label: str      # "Neglect", "2015"
    briefings: tuple[Briefing, ...]

    @property
    def path(self) -> str:
        return f"{BRIEFINGS}{self.facet}/{self.value}/" if self.facet else BRIEFINGS


@dataclass(frozen=True)
class ShelfGroup:
    heading: str
    briefings: tuple[Briefing, ...]


@dataclass(frozen=True)
class BriefingShelf:
    """One page of the library: the chosen filter, every filter, and the briefings grouped:
    by topic, or by year on a topic's page."""

    chosen: Shelf
    every: Shelf
    facets: tuple[tuple[str, tuple[Shelf, ...]], ...]   # ("Topic", shelves), ("Year", shelves)
    topics: tuple[tuple[str, str], ...]                  # the site's (key, label), in order

    @property
    def groups(self) -> tuple[ShelfGroup, ...]:
        briefings = self.chosen.briefings
        if self.chosen.facet == "topic":
            years = sorted({b.meta.date.year for b in briefings}, reverse=True)
            return tuple(ShelfGroup(str(year), tuple(b for b in briefings if b.meta.date.year == year)) for year in years)
        groups = [ShelfGroup(label, tuple(b for b in briefings if key in b.meta.topics)) for key, label in self.topics]
        groups.append(ShelfGroup("Other briefings", tuple(b for b in briefings if not b.meta.topics)))
        return tuple(g for g in groups if g.briefings)


def briefing_library(site: Site) -> tuple[BriefingShelf, ...]:
    """Every page of the library: all briefings first, then each topic and year that has any."""
    briefings = site.briefings   # newest first
    every = Shelf("", "", "All briefings", briefings)
    topics = tuple((t.key, t.label) for t in site.topics)
    by_topic = tuple(s for s in (Shelf("topic", key, label, tuple(b for b in briefings if key in b.meta.topics)) for key, label in topics)
                     if s.briefings)
    years = sorted({b.meta.date.year for b in briefings}, reverse=True)
    by_year = tuple(Shelf("year", str(year), str(year), tuple(b for b in briefings if b.meta.date.year == year)) for year in years)
    facets = (("Topic", by_topic), ("Year", by_year))
    return tuple(BriefingShelf(shelf, every, facets, topics) for shelf in (every, *by_topic, *by_year))
