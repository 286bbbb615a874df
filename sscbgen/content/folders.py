"""What loading a publication's folder shares (an issue, a report, a catalogue): names that
are web addresses, the folder's index.md, and its parts (articles, chapters, courses) in
order, each at an address of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sscbgen.content.files import index_file
from sscbgen.content.models import Body
from sscbgen.errors import display_path

if TYPE_CHECKING:
    from sscbgen.content.load import _Collector, _Document

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")   # a name that is part of a web address
ASSET_FOLDER = "images"


class Part(Protocol):
    @property
    def slug(self) -> str: ...
    @property
    def order(self) -> int: ...
    @property
    def source(self) -> str: ...


P = TypeVar("P", bound=Part)


def body(doc: _Document) -> Body:
    return Body(text=doc.front.body, source=doc.source, first_line=doc.front.body_line)


def index_of(folder: Path, found: _Collector, missing: str) -> tuple[_Document | None, Any]:
    """The folder's index.md, read and checked; where there is none, ``missing`` is said of the folder."""
    index = index_file(folder)
    if not index.is_file():
        found.add(display_path(folder, found.root), None, "", missing)
        return None, None
    return found.document(index)


def in_order(parts: Sequence[P], found: _Collector) -> tuple[P, ...]:
    """The parts by their number and name; one whose address another already gives is an error."""
    slugs: dict[str, str] = {}
    kept = []
    for part in parts:
        if part.slug in slugs:
            found.add(part.source, None, "", f"gives the same web address …/{part.slug}/ as {slugs[part.slug]}; rename one of them")
            continue
        slugs[part.slug] = part.source
        kept.append(part)
    return tuple(sorted(kept, key=lambda p: (p.order, p.slug)))
