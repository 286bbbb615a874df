"""Typed, frozen models of the board's other publications: 7-minute briefings
(``content/briefings/<slug>.md``) and training catalogues (``content/catalogues/<slug>/``),
and the checks of their rules that need more than one field."""

from __future__ import annotations

import re

from sscbgen.content.fields import Date, Flag, Key, RequiredText, Text
from sscbgen.content.markdown import Heading
from sscbgen.content.models import Audit, Body, Model, Review, TrainingEvent

SECTIONS = 7            # a 7-minute briefing's numbered parts
NUMBERS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


class BriefingMeta(Model):
    """Front matter of ``content/briefings/<slug>.md``."""

    title: RequiredText
    date: Date
    summary: Text | None = None
    topics: tuple[Key, ...] = ()
    draft: Flag = False
    training: tuple[TrainingEvent, ...] = ()
    audits: tuple[Audit, ...] = ()
    reviews: tuple[Review, ...] = ()


class Briefing(Model):
    slug: str
    source: str
    meta: BriefingMeta
    body: Body


class CatalogueMeta(Model):
    """Front matter of ``content/catalogues/<slug>/index.md``."""

    title: RequiredText
    date: Date
    period: Text | None = None
    summary: Text | None = None
    draft: Flag = False


class CourseMeta(Model):
    """Front matter of a course: any other ``.md`` file in a catalogue's folder."""

    title: RequiredText
    summary: Text | None = None
    topics: tuple[Key, ...] = ()
    audience: Text | None = None
    level: Text | None = None
    duration: Text | None = None
    provider: Text | None = None
    cost: Text | None = None
    outcomes: tuple[RequiredText, ...] = ()
    training: tuple[TrainingEvent, ...] = ()
    audits: tuple[Audit, ...] = ()
    reviews: tuple[Review, ...] = ()


class Course(Model):
    slug: str
    order: int
    source: str
    meta: CourseMeta
    body: Body


class Catalogue(Model):
    slug: str
    source: str
    meta: CatalogueMeta
    introduction: Body
    courses: tuple[Course, ...]


def section_problem(headings: tuple[Heading, ...], body_line: int) -> tuple[int, str] | None:
    """(line, message) where a briefing's body does not have exactly seven ``## `` sections."""
    sections = [h for h in headings if h.level == 2]
    count = len(sections)
    if count == SECTIONS:
        return None
    names = "; ".join(f'"{h.text}"' for h in sections)
    found = f" (found: {names})" if sections else ""
    if count < SECTIONS:
        line = sections[-1].line if sections else body_line
        missing = SECTIONS - count
        return line, (f"has {_number(count)} of seven sections{found}: a 7-minute briefing has exactly seven parts, "
                      f"each starting with a '## ' heading line; add {_number(missing)} more")
    extra = sections[SECTIONS]
    return extra.line, (f"has {_number(count)} sections, more than seven{found}: a 7-minute briefing has exactly seven parts; "
                        f"join or remove {_number(count - SECTIONS)}, starting from \"{extra.text}\"")


def _number(count: int) -> str:
    return NUMBERS[count] if 0 <= count < len(NUMBERS) else str(count)


_H2 = re.compile(r"<h2\b[^>]*>")


def split_sections(html: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """A briefing's rendered body -> (its lead, its sections as (id, heading HTML, body HTML)).
    The headings are the ``<h2>`` of the rendering (load.py has checked there are seven)."""
    starts = [m for m in _H2.finditer(html)]
    if not starts:
        return html, ()
    lead = html[:starts[0].start()]
    sections = []
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(html)
        chunk = html[start.start():end]
        close = chunk.index("</h2>")
        ident = re.search(r'\bid="([^"]*)"', start.group(0))
        sections.append((ident.group(1) if ident else f"part-{i + 1}", chunk[start.end() - start.start():close], chunk[close + 5:]))
    return lead, tuple(sections)
