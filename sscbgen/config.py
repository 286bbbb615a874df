"""config.yaml -> a typed, frozen SiteConfig."""

from __future__ import annotations

import functools
import re
import zoneinfo
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from sscbgen.content import markdown
from sscbgen.content.fields import ContactLink, Flag, HttpUrl, Key, RequiredText, Text
from sscbgen.content.frontmatter import FrontMatter, normalise, parse_yaml
from sscbgen.content.load import Rules
from sscbgen.content.models import Model
from sscbgen.content.refs import classify
from sscbgen.content.validate import parse_model
from sscbgen.errors import SiteErrors, SourceError, closest
from sscbgen.look import Look
from sscbgen.quality.settings import Glossary, QualityConfig


class Board(Model):
    name: RequiredText
    short_name: RequiredText
    website: HttpUrl | None = None
    address: Text | None = None


class ContactItem(Model):
    label: RequiredText
    text: RequiredText
    href: ContactLink | None = None


class Contact(Model):
    heading: RequiredText = "Worried about a child?"
    intro: Text | None = None
    items: tuple[ContactItem, ...] = ()

    @field_validator("intro")
    @classmethod
    def _web_links_only(cls, value: str | None) -> str | None:
        for link in markdown.render(value or "").links:
            ref = classify("config.yaml", link.href)
            if ref.kind != "external":
                own = ref.kind == "bad" and "outside the site" not in ref.problem  # e.g. javascript:, www.
                problem = ref.problem if own else "links here must be web, email or telephone addresses"
                raise PydanticCustomError("sscb", problem.split(", found")[0] + ', found "{href}"', {"href": link.href})
        return value


class QuickExit(Model):
    enabled: Flag = False
    url: HttpUrl = "https://www.bbc.co.uk/weather"


class PrintConfig(Model):
    """The printed newsletter (PDF) of each issue."""

    paper: Literal["A4", "Letter"] = "A4"
    columns: Literal[1, 2] = 2
    enabled: Flag = True

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, value: object) -> object:
        return int(value) if isinstance(value, str) and value.strip() in ("1", "2") else value


class SiteConfig(Model):
    title: RequiredText
    language: Text = "en-GB"
    base_url: Text = "/"
    board: Board
    contact: Contact | None = None
    quick_exit: QuickExit = QuickExit()
    look: Look = Look()                # the board's colours and logo, for every edition
    how_to_book: HttpUrl | None = None  # where a course without its own booking link is booked
    topics: dict[Key, RequiredText] = {}
    print: PrintConfig = PrintConfig()
    allow_html: Flag = False   # true: raw HTML in Markdown is kept, cleaned to a safe subset
    timezone: Text = "Europe/London"   # the training times' zone, in the calendar files
    glossary: Glossary = {}            # the board's abbreviations: LSCB: Local Safeguarding Children Board
    quality: QualityConfig = QualityConfig()   # the rules of the writers' quality gate (sscbgen check)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zones = _zones()
        if value not in zones:
            close = closest(value, zones)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise PydanticCustomError("sscb", "expected a time zone name like Europe/London" + hint)
        return value

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str) -> str:
        if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", value):
            raise PydanticCustomError("sscb", "expected a language tag like en-GB")
        return value

    def __hash__(self) -> int:
        """Settings can be hashed (the pages' jobs hold them), though ``topics`` is a dict;
        worked out once for each (unchangeable) settings object."""
        known = _HASHES.get(id(self))
        if known is None or known[0] is not self:
            known = _HASHES[id(self)] = (self, hash((type(self), self.model_dump_json())))
        return known[1]

    @property
    def rules(self) -> Rules:
        """What the content is checked and rendered against."""
        return Rules(frozenset(self.topics), self.allow_html, self.base_path, self.abbreviations)

    @property
    def abbreviations(self) -> tuple[tuple[str, str], ...]:
        """The glossary, with the board's short name for its name where the glossary lacks it."""
        terms = {self.board.short_name: self.board.name} if re.fullmatch(r"[A-Z][A-Z0-9&]+", self.board.short_name) else {}
        return tuple(sorted({**terms, **self.glossary}.items()))

    @property
    def base_path(self) -> str:
        """The path part of base_url: ``/newsletter/`` for ``https://example.org/newsletter/``.
        Pages link with it, so a build works wherever it is served."""
        return re.sub(r"^https?://[^/]+", "", self.base_url)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return normalise_base_url(value)


@functools.cache
def _zones() -> frozenset[str]:
    """The names of the time zone database (read once: it walks a folder)."""
    return frozenset(zoneinfo.available_timezones())


_HASHES: dict[int, tuple[SiteConfig, int]] = {}   # by id, with the object, so an id is never reused while kept


def normalise_base_url(value: str) -> str:
    """``/``, ``/sscb/`` or ``https://example.org/sscb/``: always ends with one slash."""
    value = value.strip()
    if not re.match(r"^(https?://[^\s/]+)?/?[^\s?#:]*$", value) or not value or value.startswith("//") or "\\" in value:
        raise PydanticCustomError("sscb", "expected a path like /newsletter/ or an address like https://example.org/")
    if not re.match(r"^https?://", value) and not value.startswith("/"):
        value = "/" + value
    return value.rstrip("/") + "/"


def load_config(path: Path, root: Path, base_url: str | None = None) -> SiteConfig:
    """Read and check config.yaml; ``base_url`` (from --base-url) wins over the file."""
    where = path.name if path.parent == root else path.as_posix()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SiteErrors([SourceError(where, None, "", "there is no config.yaml here; run sscbgen in the site folder or pass --config")]) from None
    except OSError as exc:
        raise SiteErrors([SourceError(where, None, "", f"cannot be read ({exc.strerror})")]) from None
    try:
        text = normalise(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SiteErrors([SourceError(where, None, "", "is not UTF-8 text; save it as UTF-8")]) from None
    data, lines = parse_yaml(text, where)
    if not isinstance(data, dict):
        raise SiteErrors([SourceError(where, 1, "", "expected fields written as 'name: value', one per line")])
    if base_url is not None:
        data = {**data, "base_url": base_url}
    front = FrontMatter(data=data, lines=lines, body="", body_line=0)
    config = parse_model(SiteConfig, front, where)
    logo = config.look.logo
    if logo is not None and not (root / logo).is_file():
        raise SiteErrors([SourceError(where, front.line_of(("look", "logo")), "look.logo", f"there is no picture {logo}; put the logo in static/")])
    return config
