"""Errors that carry their source: the file, line and field a writer has to look at."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceError:
    """One mistake in the site, in the writer's words.

    Rendered as ``path:line field: message``, for example
    ``content/issues/2015-05/07-learning.md:12 training[2].date: expected a date like
    2015-06-08, found "8th June"``.
    """

    path: str
    line: int | None
    field: str
    message: str

    @property
    def where(self) -> str:
        """``path:line``, or the path alone where there is no line."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.where} {self.field}: {self.message}" if self.field else f"{self.where}: {self.message}"


class SiteErrors(Exception):
    """Every error found in one run; raised once, at the end of a stage."""

    def __init__(self, errors: list[SourceError] | tuple[SourceError, ...]):
        self.errors = tuple(sorted(set(errors), key=_sort_key))
        super().__init__("\n".join(str(e) for e in self.errors))


def _sort_key(error: SourceError) -> tuple:
    return (error.path, error.line or 0, error.field, error.message)


def display_path(path: Path, root: Path) -> str:
    """A path as the writer knows it: relative to the site folder where possible."""
    text, folder = str(path), str(root).rstrip("/") + "/"
    if text.startswith(folder) and ".." not in text:   # the quick way, for every file of a build
        return text[len(folder):]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def found(value: object) -> str:
    """How a wrong value is quoted back to the writer."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f'"{text}"'
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'


def closest(word: str, choices) -> str | None:
    """The choice a mistyped word most likely meant, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None
