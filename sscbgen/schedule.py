"""Scheduled publishing: the one rule for anything with a publication date (an issue, and
any other dated publication). It is published by a build on or after its date, and left
out, like a draft, before; ``check`` and ``build`` say when it will appear.

The build date is ``--today``, else ``SOURCE_DATE_EPOCH``, else the day of the build, so a
daily scheduled build (see docs/publishing.md) publishes it on its day without a commit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sscbgen.errors import SourceError
from sscbgen.formats import uk_date

if TYPE_CHECKING:
    from sscbgen.site import Site


def is_due(date: dt.date, today: dt.date) -> bool:
    """Whether a publication dated ``date`` is published by a build dated ``today``."""
    return date <= today


def scheduled_notice(source: str, date: dt.date, today: dt.date, line: int | None = None, kind: str = "issue") -> SourceError:
    """What ``check`` and ``build`` say of a publication held back until its date."""
    return SourceError(source, line, "date", f"this {kind} is dated {date.isoformat()}, after the build date {today.isoformat()}: "
                                             f"it is not published until a build on or after {uk_date(date)} "
                                             "(build with --drafts to preview it)")


def scheduled(site: Site) -> tuple[SourceError, ...]:
    """A note for each publication held back until its date."""
    return tuple(scheduled_notice(source, day, site.today) for source, day in site.scheduled)
