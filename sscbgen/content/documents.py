"""Every Markdown text of the site rendered once, with its links already made web addresses.

The load stage checks links, pictures and markers on what this found, and the pages
show its HTML: one parse per text per build. Results are memoised on their inputs (the
text, its file, the base path, the HTML setting, sscbgen's code), so serve and a
build with a cache render only texts that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from sscbgen.content import markdown
from sscbgen.content.addresses import resolver


@dataclass(frozen=True)
class Document:
    """One text to render: a file's body (``inline`` False) or an inline field of its front matter."""

    source: str
    text: str
    first_line: int
    base: str
    allow_html: bool
    inline: bool = False

    def render(self) -> markdown.Rendered:
        """Its rendering, the HTML marked safe (the pages show it as it is)."""
        resolve = resolver(self.source, self.base)
        if self.inline:
            made = markdown.render_field(self.text, resolve=resolve, allow_html=self.allow_html)
        else:
            made = markdown.render(self.text, self.first_line, resolve=resolve, picture=resolve, allow_html=self.allow_html)
        return replace(made, html=Markup(made.html))


@dataclass(frozen=True)
class Rendering:
    """The rendered texts: bodies by source file, inline fields by (source file, text)."""

    bodies: dict[str, markdown.Rendered] = field(default_factory=dict)
    fields: dict[tuple[str, str], markdown.Rendered] = field(default_factory=dict)

    def body(self, source: str) -> markdown.Rendered:
        return self.bodies[source]

    def field(self, source: str, text: str) -> markdown.Rendered:
        return self.fields[(source, text)]

    def field_html(self, source: str, text: str) -> Markup:
        html = self.fields[(source, text)].html
        return html if isinstance(html, Markup) else Markup(html)


# (documents) -> their renderings, in order: in this process, or spread over worker processes.
Renderer = Callable[[list[Document]], list[markdown.Rendered]]


def render_document(document: Document) -> markdown.Rendered:
    return document.render()


def render_each(documents: list[Document]) -> list[markdown.Rendered]:
    return [document.render() for document in documents]


def render_documents(documents: Iterable[Document], renderer: Renderer = render_each) -> Rendering:
    documents = list(dict.fromkeys(documents))   # an inline text repeated in a file is rendered once
    results = renderer(documents)
    rendering = Rendering()
    for document, result in zip(documents, results, strict=True):
        if document.inline:
            rendering.fields[(document.source, document.text)] = result
        else:
            rendering.bodies[document.source] = result
    return rendering
