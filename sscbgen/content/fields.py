"""Field types a writer fills in, each checked with a message in the writer's words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_QUOTES = "“”‘’\"'"
_WEB = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("sscb", message)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: object) -> str:
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise _fail("contains an invisible control character; type the text again without it")
        return value.strip()
    raise _fail("expected text")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = _DATE.match(text)
    if not match:
        raise _fail("expected a date like 2015-06-08")
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise _fail("this date does not exist on the calendar") from None


def _time(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(_text(value).strip(_QUOTES))
    if not match:
        raise _fail("expected a 24-hour time like 09:30 or 13:30")
    hour, minute = map(int, match.groups())
    if hour > 23 or minute > 59:
        raise _fail("this time does not exist; use 00:00 to 23:59")
    return dt.time(hour, minute)


def _http_url(value: object) -> str:
    text = _text(value)
    if not _WEB.match(text):
        raise _fail("expected a web address starting with http:// or https://")
    return text


def _contact_link(value: object) -> str:
    text = _text(value)
    if _WEB.match(text):
        return text
    if re.match(r"^tel:\+?[0-9 ()-]{3,}$", text) or re.match(r"^mailto:[^\s@]+@[^\s@]+$", text):
        return text
    raise _fail("expected a web address (https://...), an email link (mailto:...) or a telephone link (tel:...)")


def _places(value: object) -> str | int:
    text = _text(value).lower()
    if text in ("available", "full"):
        return text
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    raise _fail('expected "available", "full" or a number of places left')


def _key(value: object) -> str:
    text = _text(value)
    if not _KEY.match(text):
        raise _fail("expected a short key of lower-case letters, digits and hyphens, like child-sexual-exploitation")
    return text


def _required_text(value: object) -> str:
    text = _text(value)
    if not text:
        raise _fail("this field must not be empty")
    return text


def _whole_number(value: object) -> int:
    if isinstance(value, int):
        return value
    text = _text(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        raise _fail("expected a whole number from 1")
    return int(text)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    raise _fail("expected true or false")


@dataclass(frozen=True, order=True)
class Published:
    """A month, or a day, of publication: ``2015-03`` or ``2015-03-12``."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


def _published(value: object) -> Published:
    match = _MONTH.match(_text(value))
    if not match:
        raise _fail("expected a month like 2015-03 or a date like 2015-03-12")
    year, month, day = int(match[1]), int(match[2]), match[3]
    try:
        dt.date(year, month, int(day) if day else 1)
    except ValueError:
        raise _fail("this date does not exist on the calendar") from None
    return Published(year, month, int(day) if day else None)


Date = Annotated[dt.date, BeforeValidator(_date)]
Time = Annotated[dt.time, BeforeValidator(_time)]
HttpUrl = Annotated[str, BeforeValidator(_http_url)]
ContactLink = Annotated[str, BeforeValidator(_contact_link)]
Places = Annotated[Literal["available", "full"] | int, BeforeValidator(_places)]
Key = Annotated[str, BeforeValidator(_key)]
Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Month = Annotated[Published, BeforeValidator(_published)]


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a UTC time; None where unset.

    Raises ValueError with a plain message where it is set but is not a usable time.
    """
    import os

    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    try:
        if not (text.isascii() and text.isdigit()):
            raise ValueError
        return dt.datetime.fromtimestamp(int(text), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970 (a time before the year 10000), found {text!r}") from None
