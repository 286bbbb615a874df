"""The board's look, from one setting (``look:`` in config.yaml): its colours and logo, for
the site, the printed newsletter and the email edition alike.

Each colour is checked against what is written on it, so a board cannot pick one that
fails WCAG 2.2 AA (4.5:1 for text)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, field_validator
from pydantic_core import PydanticCustomError

from sscbgen.content.fields import Text
from sscbgen.content.models import Model

_HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = "#ffffff"
TEXT = "#0b0c0c"     # the body text colour of every edition
PANEL = "#f3f2f1"    # the background of boxes on the web and in the email
AA = 4.5


def _colour(value: object) -> str:
    if not isinstance(value, str) or not _HEX.match(value.strip()):
        raise PydanticCustomError("sscb", "expected a colour written like #00545f (a # and six hexadecimal digits)")
    value = value.strip().lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value


Colour = Annotated[str, BeforeValidator(_colour)]


def luminance(colour: str) -> float:
    """The relative luminance of a ``#rrggbb`` colour (WCAG 2.2)."""
    def channel(part: str) -> float:
        c = int(part, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0.1 is a pale tint (a box's background)."""
    parts = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in parts)


def _readable(colour: str, against: tuple[tuple[str, str], ...]) -> str:
    for other, what in against:
        ratio = contrast(colour, other)
        if ratio < AA:
            raise PydanticCustomError("sscb", "a colour that is too light or too dark to read: {what} has a contrast of {ratio}:1, "
                                      "and at least 4.5:1 is needed (WCAG 2.2 AA)", {"what": what, "ratio": f"{ratio:.1f}"})
    return colour


class Look(Model):
    """``look:`` in config.yaml. Every edition takes its colours and logo from here."""

    brand: Colour = "#1d4f91"        # masthead, headings in print, rules, the top of cards
    brand_dark: Colour = "#0b2e5c"   # the masthead's lower edge
    accent: Colour = "#f0d000"       # the highlight of a focused link, search matches
    link: Colour = "#1a4e8a"         # links
    logo: Text | None = None         # a picture in static/ (e.g. static/logo.svg), shown with the board's name

    @field_validator("brand")
    @classmethod
    def _brand(cls, value: str) -> str:
        return _readable(value, ((WHITE, "white text on it"),))

    @field_validator("link")
    @classmethod
    def _link(cls, value: str) -> str:
        return _readable(value, ((WHITE, "it on white"), (PANEL, "it on the pale grey of boxes")))

    @field_validator("accent")
    @classmethod
    def _accent(cls, value: str) -> str:
        return _readable(value, ((TEXT, "black text on it"),))

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("static/") or ".." in value.split("/")):
            raise PydanticCustomError("sscb", "expected a picture in the static/ folder, like static/logo.svg")
        return value

    @property
    def panel(self) -> str:
        """A pale tint of the brand colour: boxes in print."""
        return tint(self.brand, 0.09)

    @property
    def logo_path(self) -> str | None:
        """The logo's path in the build (static/ is copied to the site's root)."""
        return self.logo.removeprefix("static/") if self.logo else None
