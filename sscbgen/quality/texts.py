"""The texts the quality gate reads: every published Markdown body, parsed into the parts
the rules look at (paragraphs, headings, tables, links, pictures), with file lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from sscbgen.site import Site


@dataclass(frozen=True)
class Text:
    """One Markdown body: ``kind`` is "article", "editorial", "page", "briefing",
    "introduction" (a catalogue's), "course", "foreword" (a report's) or "chapter"."""

    source: str
    kind: str
    body: str
    first_line: int


@dataclass(frozen=True)
class Paragraph:
    text: str       # its words, links and code as plain text
    line: int
    quoted: bool = False   # in a block quote: someone else's words, not the writer's to shorten


@dataclass(frozen=True)
class LinkText:
    href: str
    words: str
    autolink: bool
    line: int


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Parsed:
    paragraphs: tuple[Paragraph, ...]    # paragraphs of running text (also in lists and quotes)
    headings: tuple[Paragraph, ...]      # heading texts
    levels: tuple[tuple[int, int], ...]  # (heading level, line)
    links: tuple[LinkText, ...]
    tables: tuple[Table, ...]
    words: tuple[Paragraph, ...]         # every text span with its line, for abbreviations and bare addresses


def published_texts(site: Site) -> Iterator[Text]:
    """Every body the build publishes: issues' editorials and articles, pages, briefings,
    catalogues' introductions and courses, and reports' forewords and chapters."""
    for issue in site.issues:
        if issue.editorial.text.strip():
            yield Text(issue.source, "editorial", issue.editorial.text, issue.editorial.first_line)
        for article in issue.articles:
            yield Text(article.source, "article", article.body.text, article.body.first_line)
    for page in site.pages:
        yield Text(page.source, "page", page.body.text, page.body.first_line)
    for briefing in site.briefings:
        yield Text(briefing.source, "briefing", briefing.body.text, briefing.body.first_line)
    for catalogue in site.catalogues:
        if catalogue.introduction.text.strip():
            yield Text(catalogue.source, "introduction", catalogue.introduction.text, catalogue.introduction.first_line)
        for course in catalogue.courses:
            yield Text(course.source, "course", course.body.text, course.body.first_line)
    for report in site.reports:
        if report.foreword.text.strip():
            yield Text(report.source, "foreword", report.foreword.text, report.foreword.first_line)
        for chapter in report.chapters:
            yield Text(chapter.source, "chapter", chapter.body.text, chapter.body.first_line)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable("code").use(footnote_plugin)


def parse(text: Text) -> Parsed:
    tokens = _parser().parse(text.body)
    paragraphs: list[Paragraph] = []
    headings: list[Paragraph] = []
    levels: list[tuple[int, int]] = []
    links: list[LinkText] = []
    tables: list[Table] = []
    words: list[Paragraph] = []
    header: list[str] | None = None
    table_line = 0
    quotes = 0
    for i, token in enumerate(tokens):
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        line = (token.map[0] if token.map else 0) + text.first_line
        if token.type == "heading_open":
            levels.append((int(token.tag[1]), line))
        elif token.type == "table_open":
            header, table_line = [], line
        elif token.type == "thead_close" and header is not None:
            tables.append(Table(tuple(header), table_line))
            header = None
        elif token.type == "inline":
            before = tokens[i - 1].type if i else ""
            if before == "th_open" and header is not None:
                header.append(token.content.strip())
            plain = _inline(token, line, links, words)
            if before == "paragraph_open":
                paragraphs.append(Paragraph(plain, line, quotes > 0))
            elif before == "heading_open":
                headings.append(Paragraph(plain, line))
    return Parsed(tuple(paragraphs), tuple(headings), tuple(levels), tuple(links), tuple(tables), tuple(words))


def _inline(token: Token, line: int, links: list[LinkText], words: list[Paragraph]) -> str:
    """An inline token's plain text; its links and text spans (with their lines) added to the lists."""
    plain: list[str] = []
    opened: list[tuple[Token, int, int]] = []   # (link_open, where its words start in plain, its line)
    at = line
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            plain.append(" ")
            at += 1
        elif child.type == "text":
            plain.append(child.content)
            if not opened:
                words.append(Paragraph(child.content, at))
        elif child.type == "code_inline":
            plain.append(child.content)
        elif child.type == "image":
            plain.append(child.content)
        elif child.type == "link_open":
            opened.append((child, len(plain), at))
        elif child.type == "link_close" and opened:
            link, start, where = opened.pop()
            links.append(LinkText(str(link.attrs.get("href", "")), "".join(plain[start:]).strip(), link.markup == "autolink", where))
            if link.markup != "autolink":
                words.append(Paragraph("".join(plain[start:]), where))
    return "".join(plain)
