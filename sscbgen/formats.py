"""How dates, times and places are written for readers in the UK."""

from __future__ import annotations

import datetime as dt

from sscbgen.content.fields import Published


def uk_date(value: dt.date, weekday: bool = False) -> str:
    """``7 May 2015``, or ``Thursday 7 May 2015``."""
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def clock(value: dt.time) -> str:
    """``9:30am``, ``12:30pm``, ``4pm``."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def time_range(start: dt.time | None, end: dt.time | None) -> str:
    """``9:30am to 4:30pm``; ``from 9:30am``; empty when no time is given."""
    if start and end:
        return f"{clock(start)} to {clock(end)}"
    return f"from {clock(start)}" if start else ""


def places(value: str | int | None) -> str:
    if value is None:
        return ""
    if value == "available":
        return "Places available"
    if value == "full":
        return "Full"
    if value == 0:
        return "Full"
    return f"{value} place left" if value == 1 else f"{value} places left"


def published(value: Published) -> str:
    """``March 2015`` or ``12 March 2015``."""
    month = dt.date(value.year, value.month, value.day or 1)
    return uk_date(month) if value.day else f"{month:%B %Y}"


LABELS = {
    "multi-agency": "Multi-agency audit",
    "section-11": "Section 11 audit",
    "section-175": "Section 175 audit",
    "other": "Audit",
    "planned": "Planned",
    "in-progress": "In progress",
    "complete": "Complete",
    "serious-case-review": "Serious case review",
    "management-review": "Management review",
    "learning-review": "Learning review",
    "thematic-briefing": "Thematic briefing",
    "local": "Local",
    "national": "National",
}


def label(value: str | None) -> str:
    return LABELS.get(value or "", value or "")


def counted(count: int, noun: str) -> str:
    """A count in words: ``1 review``, ``4 reviews``, ``0 training events``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def css_string(value: str) -> str:
    """Text made safe to stand between double quotes in CSS."""
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in value)  # a newline ends a CSS string


def file_size(size: int) -> str:
    """``412 KB``, ``1.2 MB``: how a download's size is shown."""
    kilobytes = size / 1024
    return f"{max(1, round(kilobytes))} KB" if kilobytes < 1000 else f"{kilobytes / 1024:.1f} MB"
