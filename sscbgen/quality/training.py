"""Training: prose that still calls past training forthcoming, and upcoming events a
reader cannot book."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from sscbgen.content.frontmatter import FrontMatter
from sscbgen.content.models import Article
from sscbgen.errors import SourceError
from sscbgen.formats import uk_date
from sscbgen.quality.texts import Parsed

_FORTHCOMING = re.compile(r"\bforthcoming\b|\bupcoming\b|\bcoming up\b", re.IGNORECASE)
_ROUTE = re.compile(r"\]\(|https?://|mailto:|tel:|@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b", re.IGNORECASE)


def past_forthcoming(article: Article, parsed: Parsed, front: FrontMatter, today: dt.date) -> Iterator[SourceError]:
    """An article of the newest issue that calls its training forthcoming, when every date
    of it is past at the build date."""
    events = article.meta.training
    if not events or max(e.date for e in events) >= today:
        return
    last = uk_date(max(e.date for e in events))
    spans = [(p.line, p.text) for p in parsed.paragraphs + parsed.headings]
    if article.meta.summary:
        spans.insert(0, (front.line_of(("summary",)), article.meta.summary))
    for line, text in sorted(spans):
        found = _FORTHCOMING.search(text)
        if found:
            yield SourceError(article.source, line, "", f"calls training \"{found[0]}\", but all its dates are past at the build date "
                              f"{today.isoformat()} (the last was {last}): reword it, or publish the new dates [past_forthcoming]")
            return


def booking_route(article: Article, front: FrontMatter, today: dt.date, site_wide: str | None = None) -> Iterator[SourceError]:
    """An upcoming event (with places, or none said) needs a way to book: ``booking:``, or a
    link, email address or telephone number in its notes; or ``site_wide``, the site's one
    booking address for every course without its own."""
    if site_wide:
        return
    for i, event in enumerate(article.meta.training):
        if event.date < today or event.places == "full" or event.places == 0 or event.booking:
            continue
        if event.notes and _ROUTE.search(event.notes):
            continue
        yield SourceError(article.source, front.line_of(("training", i)), f"training[{i}]",
                          f"\"{event.title}\" on {uk_date(event.date)} has no way to book: add booking: with the booking page's "
                          "address, or say how to book in notes: [booking_route]")
