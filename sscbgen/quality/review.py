"""The quality gate run on a Site: every rule switched on in config.yaml's ``quality:``, on
every published text. Warnings (a writer should look), and notes (the readability figures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sscbgen.content.frontmatter import FrontMatter, dotted, split
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.quality import addresses, prose, structure, training
from sscbgen.quality.texts import Text, parse, published_texts
from sscbgen.site import Site

_WEB = re.compile(r"https?://[^\s)\]\"'<>]+", re.IGNORECASE)

READ_ALONE = ("article", "briefing", "course", "chapter")   # the texts a reader reads on their own: each gets a readability figure


@dataclass(frozen=True)
class Review:
    warnings: tuple[SourceError, ...]
    notices: tuple[SourceError, ...]


def review(site: Site, root: Path, links: bool = False) -> Review:
    """Every rule of the gate on ``site`` (its files read from ``root`` for their front
    matter's lines); ``links``: also ask every external address over the network."""
    rules = site.config.quality
    warnings: list[SourceError] = []
    notices: list[SourceError] = []
    found: list[addresses.Address] = []
    articles = {a.source: a for issue in site.issues for a in issue.articles}
    newest = {a.source for a in site.issues[0].articles} if site.issues else set()
    for text in published_texts(site):
        parsed = parse(text)
        rendered = site.rendering.body(text.source)
        front = _front(root, text)
        found += [addresses.Address(text.source, link.line, "", link.href) for link in rendered.links]
        found += list(_field_addresses(text.source, front))
        if rules.abbreviations:
            warnings += prose.abbreviations(text, parsed, site.config.abbreviations)
        if rules.alt_text:
            warnings += structure.alt_text(text, rendered)
        if rules.link_text:
            warnings += structure.link_text(text, parsed)
        if rules.heading_levels:
            warnings += structure.heading_levels(text, parsed)
        if rules.table_headers:
            warnings += structure.table_headers(text, parsed)
        if rules.long_sentences:
            warnings += prose.long_sentences(text, parsed, rules.sentence_words)
        if rules.long_paragraphs:
            warnings += prose.long_paragraphs(text, parsed, rules.paragraph_sentences)
        if rules.readability and text.kind in READ_ALONE:
            note = prose.readability_note(text, parsed)
            notices += [note] if note else []
        article = articles.get(text.source)
        if article is not None and front is not None:
            if rules.booking_route:
                # (config.yaml's how_to_book, where the site has that setting, books every course)
                warnings += training.booking_route(article, front, site.today, getattr(site.config, "how_to_book", None))
            if rules.past_forthcoming and text.source in newest:
                warnings += training.past_forthcoming(article, parsed, front, site.today)
    if rules.insecure_links:
        warnings += addresses.insecure_links(found)
    if rules.old_addresses:
        warnings += addresses.old_addresses(found, rules.old_addresses)
    if links:
        warnings += addresses.broken_links(found)
    key = lambda e: (e.path, e.line or 0, e.field, e.message)  # noqa: E731
    return Review(tuple(sorted(set(warnings), key=key)), tuple(sorted(set(notices), key=key)))


def _front(root: Path, text: Text) -> FrontMatter | None:
    """The file's front matter again, for the lines of its fields (the build has checked it)."""
    try:
        return split((root / text.source).read_text(encoding="utf-8"), text.source)
    except (OSError, UnicodeDecodeError, SiteErrors):
        return None


def _field_addresses(source: str, front: FrontMatter | None) -> Iterator[addresses.Address]:
    """Every web address written in the front matter (booking, link, notes...), with its line and field."""
    if front is None:
        return

    def walk(value: Any, path: tuple) -> Iterator[addresses.Address]:
        if isinstance(value, dict):
            for name, inner in value.items():
                yield from walk(inner, (*path, name))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                yield from walk(inner, (*path, i))
        elif isinstance(value, str):
            for match in _WEB.finditer(value):
                yield addresses.Address(source, front.line_of(path), dotted(path), match[0])

    yield from walk(front.data, ())
