"""What screen reader users meet: alt text and link text that say nothing, headings that
skip a level, tables without a header row."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from sscbgen.content.markdown import DECORATIVE, Rendered
from sscbgen.errors import SourceError
from sscbgen.quality.texts import Parsed, Text

EMPTY_ALT = frozenset({"image", "picture", "photo", "photograph", "img", "graphic", "pic", "logo", "chart",
                       "diagram", "screenshot", "untitled", "figure", "icon", "banner"})
EMPTY_LINK = frozenset({"click here", "here", "link", "this link", "click", "read more", "more", "this", "click this link",
                        "go here", "follow this link", "this page", "click here to book", "website", "page"})
_BARE = re.compile(r"(?<![\w@/])((?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)])", re.IGNORECASE)


def alt_text(text: Text, rendered: Rendered) -> Iterator[SourceError]:
    for picture in rendered.pictures:
        alt = picture.alt.strip().lower()
        name = posixpath.basename(picture.src.split("?")[0]).lower()
        stem = posixpath.splitext(name)[0]
        if alt == DECORATIVE or not alt:
            continue   # no alt text at all is an error the build reports
        if alt in EMPTY_ALT or alt in (name, stem, stem.replace("-", " ").replace("_", " ")) or re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt):
            yield SourceError(text.source, picture.line, "", f"the alt text \"{picture.alt}\" of {picture.src} says nothing to someone who "
                              "cannot see it: describe what the picture shows, or write \"decorative\" [alt_text]")


def link_text(text: Text, parsed: Parsed) -> Iterator[SourceError]:
    for link in parsed.links:
        words = link.words.strip().strip(".:!").lower()
        if link.autolink:
            yield SourceError(text.source, link.line, "", f"the address {link.href} is the link's only text, and a screen reader spells it out: "
                              f"write [words saying where it leads]({link.href}) [link_text]")
        elif words in EMPTY_LINK:
            yield SourceError(text.source, link.line, "", f"the link text \"{link.words}\" says nothing out of context (screen readers list "
                              f"links on their own): say where it leads, like [the Neglect courses]({link.href}) [link_text]")
    for span in parsed.words:
        for match in _BARE.finditer(span.text):
            yield SourceError(text.source, span.line, "", f"a bare address in the text, {match[1]}: make it a link with words saying "
                              f"where it leads, like [the board's website](https://{match[1].split('://')[-1]}) [link_text]")


def heading_levels(text: Text, parsed: Parsed) -> Iterator[SourceError]:
    """The page's title is its level 1 heading; a body's sections start at ## and go down
    one level at a time."""
    previous = 1
    for level, line in parsed.levels:
        if level == 1:
            yield SourceError(text.source, line, "", "a level 1 heading (#) in the text: the page's title is its only one; "
                              "start sections with ## [heading_levels]")
        elif level > previous + 1:
            after = "#" * previous if previous > 1 else "the page's title"
            yield SourceError(text.source, line, "", f"this heading skips a level: {'#' * level} after {after}; "
                              f"use {'#' * (previous + 1)}, so screen reader users can follow the outline [heading_levels]")
        previous = max(level, 1)


def table_headers(text: Text, parsed: Parsed) -> Iterator[SourceError]:
    for table in parsed.tables:
        if not any(table.header):
            yield SourceError(text.source, table.line, "", "this table has no header row (its first row is empty): put the "
                              "columns' names in the first row, so each cell can be read with its column [table_headers]")
