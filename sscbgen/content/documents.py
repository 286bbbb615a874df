"""Every Markdown text of the site rendered once, with its links already made web addresses.

The load stage checks links, pictures and markers on what this found, and the pages
show its HTML: one parse per text per build. Results are memoised on their inputs (the
text, its file, the base path, the HTML setting, sscbgen's code), so serve and a
build with a cache render only texts that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from sscbgen.content import markdown
from sscbgen.content.addresses import resolver
from sscbgen.content.refs import classify
from sscbgen.memo import hashed_once


@hashed_once   # (under serve an unchanged file's is the last build's: looked up by its kept hash)
@dataclass(frozen=True)
class Document:
    """One file's texts to render: its body and the inline Markdown fields of its front matter."""

    source: str
    body: str
    first_line: int                # the file line the body starts on
    fields: tuple[str, ...]        # each inline field's text, once
    base: str
    allow_html: bool
    glossary: tuple[tuple[str, str], ...] = ()   # (abbreviation, meaning): first use in the body marked <abbr>

    def render(self) -> tuple[markdown.Rendered, tuple[markdown.Rendered, ...]]:
        """The body's rendering and each field's, their HTML marked safe (pages show it as it is)."""
        resolve = resolver(self.source, self.base)
        body = markdown.render(self.body, self.first_line, resolve=resolve, picture=resolve, allow_html=self.allow_html,
                               glossary=self.glossary)
        fields = (markdown.render_field(text, resolve=resolve, allow_html=self.allow_html) for text in self.fields)
        return self._finished(body), tuple(self._finished(made) for made in fields)

    def _finished(self, made: markdown.Rendered) -> markdown.Rendered:
        """Its HTML marked safe (pages show it as it is), and where each link leads, which
        the load and site stages check (worked out here, in the job the build keeps)."""
        return replace(made, html=Markup(made.html), links=tuple(replace(link, ref=classify(self.source, link.href)) for link in made.links))


@dataclass(frozen=True)
class Rendering:
    """The rendered texts: each file's body, and its inline fields by their text."""

    texts: dict[str, Rendered] = field(default_factory=dict)            # each file's (body, fields), as its job made them
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)     # each file's fields' texts, in that order
    _fields: dict[str, dict[str, markdown.Rendered]] = field(default_factory=dict, repr=False, compare=False)   # made when asked

    def body(self, source: str) -> markdown.Rendered:
        return self.texts[source][0]

    def field_html(self, source: str, text: str) -> Markup:
        fields = self._fields.get(source)
        if fields is None:   # (a file's when first asked: a save under serve asks for a few files' only)
            fields = self._fields[source] = dict(zip(self.names[source], self.texts[source][1], strict=True))
        html = fields[text].html
        return html if isinstance(html, Markup) else Markup(html)

    def each(self) -> Iterator[tuple[str, markdown.Rendered]]:
        """Every text's rendering, with its file: bodies, then inline fields."""
        yield from ((source, body) for source, (body, _) in self.texts.items())
        yield from ((source, made) for source, (_, fields) in self.texts.items() for made in fields)


@dataclass(frozen=True)
class Within:
    """The texts a group of pages may show, which its key covers (see plan.py): the bodies
    and fields of ``sources`` only, or (``sources`` None) every file's fields and no body.
    Reading another is an error (a test fails), never a page kept stale."""

    rendering: Rendering
    sources: frozenset[str] | None

    def body(self, source: str) -> markdown.Rendered:
        if self.sources is None or source not in self.sources:
            raise KeyError(f"{source}: its body is not among the texts this group of pages is kept by")
        return self.rendering.body(source)

    def field_html(self, source: str, text: str) -> Markup:
        if self.sources is not None and source not in self.sources:
            raise KeyError(f"{source}: its fields are not among the texts this group of pages is kept by")
        return self.rendering.field_html(source, text)


Rendered = tuple[markdown.Rendered, tuple[markdown.Rendered, ...]]
# (documents) -> their renderings, in order: in this process, or spread over worker processes.
Renderer = Callable[[list[Document]], list[Rendered]]


def render_document(document: Document) -> Rendered:
    return document.render()


def render_each(documents: list[Document]) -> list[Rendered]:
    return [document.render() for document in documents]


def render_documents(documents: Iterable[Document], renderer: Renderer = render_each) -> Rendering:
    documents = list(documents)
    rendering = Rendering()
    for document, made in zip(documents, renderer(documents), strict=True):
        rendering.texts[document.source] = made
        rendering.names[document.source] = document.fields
    return rendering
