"""The one Markdown renderer: text -> HTML, with its headings, links and pictures.

CommonMark with tables, footnotes and heading anchors; raw HTML is shown as text.
Two additions of ours, both written in plain Markdown:

* a block quote whose last paragraph starts with an em dash is a quotation with a
  cited source (``<figure>`` with ``<blockquote>`` and ``<figcaption><cite>``);
* a paragraph holding only ``[[training]]``, ``[[audits]]`` or ``[[reviews]]`` marks
  where that structured block goes. It renders as a placeholder that
  :func:`split_blocks` cuts the HTML at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from sscbgen.content import sanitize
from sscbgen.content.refs import Ref

MARKER = re.compile(r"^\[\[([A-Za-z][\w-]*)\]\]$")
_PLACEHOLDER = re.compile("\x00([a-z]+)\x00")
DASHES = ("—", "–", "--")
DECORATIVE = "decorative"
TEMPLATE_IDS = frozenset({
    "main-content", "contact-heading", "forthcoming-heading", "issue-forthcoming-heading",
    "contents-heading", "upcoming", "past",
})


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    line: int


@dataclass(frozen=True)
class Link:
    href: str
    line: int
    ref: Ref | None = None   # where it leads (refs.classify), where the text's file is known (documents.py)


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    line: int


@dataclass(frozen=True)
class Marker:
    name: str
    line: int
    alone: bool = True   # False: written inside a paragraph, so it stays text


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    pictures: tuple[Picture, ...]
    markers: tuple[Marker, ...]


Resolve = Callable[[str, int], "str | None"]   # (address, file line) -> address; None: plain words


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """``Neglect courses (2015)`` -> ``neglect-courses-2015`` (kept: each event's name asks
    for its title's several times a build).

    Anchors never take an id the templates use (``main-content``, ``block-…``, ...).
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    slug = re.sub(r"[\s_-]+", "-", text) or "section"
    if slug in TEMPLATE_IDS or slug.startswith(("block-", "fn")):
        slug = f"{slug}-section"
    return slug


@lru_cache(maxsize=2)
def _parser(allow_html: bool = False) -> MarkdownIt:
    # "code" (an indented block) is off: writers indent paragraphs by accident; ``` still makes code.
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table").disable("code")
    md.use(footnote_plugin)
    md.core.ruler.push("sscb_anchors", _anchors)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # our own checks in load.py name the bad link and its line
    md.core.ruler.push("sscb_quotations", _quotations)
    md.core.ruler.push("sscb_markers", _markers)
    md.add_render_rule("sscb_marker", lambda self, tokens, idx, options, env: f"\x00{tokens[idx].info}\x00")
    md.add_render_rule("sscb_quote_open", lambda *a: '<figure class="quotation">\n<blockquote>\n')
    md.add_render_rule("sscb_quote_close", lambda *a: "</blockquote>\n")
    md.add_render_rule("sscb_cite_open", lambda *a: "<figcaption>— <cite>")
    md.add_render_rule("sscb_cite_close", lambda *a: "</cite></figcaption>\n</figure>\n")
    return md


def render(
    text: str,
    first_line: int = 1,
    resolve: Resolve | None = None,
    picture: Resolve | None = None,
    ids: str = "",
    heading_shift: int = 0,
    allow_html: bool = False,
    glossary: tuple[tuple[str, str], ...] = (),
) -> Rendered:
    """Render Markdown. ``resolve`` rewrites link addresses, ``picture`` picture addresses.

    ``first_line`` is the file line the text starts on, so reported lines are file lines.
    ``ids`` prefixes every anchor (headings, footnotes), for documents that join several
    bodies; ``heading_shift`` moves headings down (1: ``##`` becomes ``<h3>``).
    ``allow_html``: raw HTML is kept, cleaned to the safe subset (else it shows as text).
    ``glossary``: (abbreviation, what it stands for); its first use in the text is marked
    ``<abbr title="...">``.
    """
    md = _parser(allow_html)
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + heading_shift)}"
            if ids and token.type == "heading_open":
                token.attrs["id"] = ids + str(token.attrs["id"])
    headings: list[Heading] = []
    links: list[Link] = []
    pictures: list[Picture] = []
    markers: list[Marker] = []
    offset = first_line
    for i, token in enumerate(tokens):
        line = (token.map[0] if token.map else 0) + offset
        if token.type == "heading_open":
            headings.append(Heading(int(token.tag[1]), str(token.attrs["id"]), tokens[i + 1].content, line))
        elif token.type == "sscb_marker":
            markers.append(Marker(token.info, line))
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            for number, text in enumerate(token.content.split("\n")):
                stuck = MARKER.match(text.strip())
                if stuck:
                    markers.append(Marker(stuck[1], line + number, alone=False))
        if token.type != "inline" or not token.children:
            continue
        unlinked = 0
        for child in _walk(token.children):
            if child.type == "link_close" and unlinked:
                child.type, unlinked = "text", unlinked - 1  # renders as nothing: the words stay
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if child.markup == "autolink":
                    child.attrs["class"] = "url"  # its text is its address
                links.append(Link(href, line))
                target = resolve(href, line) if resolve is not None else href
                if target is None:
                    child.type, child.content, unlinked = "text", "", unlinked + 1
                else:
                    child.attrs["href"] = target
            elif child.type == "image":
                alt = child.content.strip()
                src = str(child.attrs.get("src", ""))
                pictures.append(Picture(src, alt, line))
                if alt.lower() == DECORATIVE:
                    child.children = []  # the renderer takes alt text from the children
                if picture is not None:
                    child.attrs["src"] = picture(src, line)
    if glossary:
        mark_abbreviations(tokens, glossary)
    html = md.renderer.render(tokens, md.options, {"docId": ids.rstrip("-")} if ids else {})
    if allow_html:  # cleaned between the block placeholders, so raw HTML cannot make one
        pieces = _PLACEHOLDER.split(html)  # odd places hold block names
        html = "".join(f"\x00{piece}\x00" if i % 2 else sanitize.clean(piece) for i, piece in enumerate(pieces))
    return Rendered(html, tuple(headings), tuple(links), tuple(pictures), tuple(markers))


def abbreviation_pattern(terms) -> re.Pattern[str]:
    """A whole word that is one of ``terms`` (longest first, so SCR is not found inside SCRs)."""
    return re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w/-])")


def mark_abbreviations(tokens: list[Token], glossary: tuple[tuple[str, str], ...]) -> None:
    """Wrap the first use of each glossary term in the text (not in code or a link's address)
    in ``<abbr title="...">``."""
    meanings = dict(glossary)
    pattern = abbreviation_pattern(meanings)
    seen: set[str] = set()
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type != "text" or not pattern.search(child.content):
                children.append(child)
                continue
            rest, at = child.content, 0
            for match in pattern.finditer(child.content):
                if match[1] in seen:
                    continue
                seen.add(match[1])
                children.append(_text_token(rest[at:match.start()]))
                abbr = Token("html_inline", "", 0)
                abbr.content = f'<abbr title="{escapeHtml(meanings[match[1]])}">{escapeHtml(match[1])}</abbr>'
                children.append(abbr)
                at = match.end()
            children.append(_text_token(rest[at:]))
        token.children = children


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_inline(text: str, resolve: Resolve | None = None, allow_html: bool = False) -> str:
    """A one-line field (notes, findings, lessons) as inline HTML, without a ``<p>``."""
    return render_field(text, resolve, allow_html).html


def render_field(text: str, resolve: Resolve | None = None, allow_html: bool = False) -> Rendered:
    """:func:`render_inline`, with the links it found (their line is 0: a field has none of its own)."""
    rendered = render(text, first_line=0, resolve=resolve, allow_html=allow_html)
    html = _PLACEHOLDER.sub(lambda m: f"[[{m[1]}]]", rendered.html.strip())  # a marker only works in a body
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Rendered(html, rendered.headings, rendered.links, rendered.pictures, rendered.markers)


def render_text(text: str) -> str:
    """A one-line field as plain text, for files that are not HTML (a calendar's description).

    A link keeps its words, followed by its address in brackets when that is a web, email or
    telephone address; a link to another file of the site keeps only its words.
    """
    words: list[str] = []
    addresses: list[str] = []
    for token in _parser().parseInline(text):
        for child in _walk(token.children or []):
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "link_open":
                addresses.append(str(child.attrs.get("href", "")))
            elif child.type == "link_close":
                href = addresses.pop()
                if re.match(r"^(https?|mailto|tel):", href, re.IGNORECASE) and child.markup != "autolink":
                    words.append(f" ({href})")
    return "".join(words).strip()


def split_blocks(html: str) -> list[tuple[str, str]]:
    """Cut rendered HTML at block markers: ``[("html", "..."), ("block", "training"), ...]``."""
    parts: list[tuple[str, str]] = []
    for i, piece in enumerate(_PLACEHOLDER.split(html)):
        if i % 2:
            parts.append(("block", piece))
        elif piece.strip():
            parts.append(("html", piece))
    return parts


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _quotations(state) -> None:
    tokens = state.tokens
    for open_index, token in enumerate(tokens):
        if token.type != "blockquote_open":
            continue
        close_index = next(j for j in range(open_index + 1, len(tokens))
                           if tokens[j].type == "blockquote_close" and tokens[j].level == token.level)
        last = close_index - 3
        if last <= open_index or tokens[last].type != "paragraph_open" or tokens[last].level != token.level + 1:
            continue
        inline = tokens[last + 1]
        dash = next((d for d in DASHES if inline.content.startswith(d)), None)
        if dash is None or not inline.children or inline.children[0].type != "text":
            continue
        inline.children[0].content = inline.children[0].content[len(dash):].lstrip()
        token.type = "sscb_quote_open"
        tokens[close_index].type = "sscb_quote_close"
        tokens[last].type = "sscb_cite_open"
        tokens[last + 2].type = "sscb_cite_close"
        tokens[last:close_index + 1] = [tokens[close_index], tokens[last], inline, tokens[last + 2]]


def _anchors(state) -> None:
    """An id for every heading from its text, made unique by a counter (linear time, so
    ten thousand headings of one name cost no more than ten thousand of different names)."""
    taken: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        base = slugify("".join(child.content for child in state.tokens[index + 1].children or []))
        slug = base
        while slug in taken:
            taken[base] += 1
            slug = f"{base}-{taken[base]}"
        taken[slug] = 0
        taken.setdefault(base, 0)
        token.attrs["id"] = slug


def _markers(state) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and token.level == 0 and i + 2 < len(tokens):
            match = MARKER.match(tokens[i + 1].content.strip())
            if match:
                marker = Token("sscb_marker", "", 0)
                marker.info = match[1]
                marker.map = token.map
                tokens[i:i + 3] = [marker]
        i += 1
