"""Reports (``content/reports/<slug>/``): their models, and the checks a report's
chapters and charts need beyond their fields.

A report is an ``index.md`` (title, date, period, summary, draft; its body is the
foreword) and chapters, the other ``.md`` files of the folder, numbered like
articles, with an article's fields and ``charts``: figures drawn from data.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sscbgen.content.fields import Date, Flag, Key, RequiredText, Text
from sscbgen.content.models import ArticleMeta, Audit, Body, Model, Review, TrainingEvent
from sscbgen.errors import SourceError

CHART_KINDS = ("bar", "stacked-bar", "line")
MAX_SERIES = 6
CHARTS_MARKER = "charts"
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _number(value: object) -> float | int:
    """A chart value: ``42`` or ``12.5`` (YAML gives the text as written)."""
    if isinstance(value, bool):
        raise PydanticCustomError("sscb", "expected a number like 42 or 12.5")
    if isinstance(value, int | float):
        return value if value >= 0 else _number(str(value))
    if value is None:
        raise PydanticCustomError("sscb", "expected a number like 42 or 12.5; a value is missing here (write 0 if it is nought)")
    text = str(value).strip()
    if text.endswith("%") and _NUMBER.match(text[:-1].strip()):
        raise PydanticCustomError("sscb", "expected a number without the % sign (write 93, and unit: per cent)")
    if "," in text and _NUMBER.match(text.replace(",", "")):
        raise PydanticCustomError("sscb", "expected a number without commas, like 1234")
    if not _NUMBER.match(text):
        raise PydanticCustomError("sscb", "expected a number like 42 or 12.5")
    if text.startswith("-"):
        raise PydanticCustomError("sscb", "expected a number of 0 or more (a chart's bars and lines start from 0)")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above only lets numbers through
        raise PydanticCustomError("sscb", "expected a number like 42 or 12.5") from None
    return int(number) if number == number.to_integral_value() and "." not in text else float(number)


Number = Annotated[float | int, BeforeValidator(_number)]


class Series(Model):
    name: RequiredText
    values: tuple[Number, ...]


class Chart(Model):
    id: Key
    title: RequiredText
    kind: Literal["bar", "stacked-bar", "line"]
    description: Text | None = None      # required: checked by check_charts, with its own message
    categories: tuple[RequiredText, ...]
    series: tuple[Series, ...]
    unit: Text | None = None
    source: Text | None = None


class ReportMeta(Model):
    """Front matter of ``content/reports/<slug>/index.md``."""

    title: RequiredText
    date: Date
    period: Text | None = None
    summary: Text | None = None
    draft: Flag = False
    topics: tuple[Key, ...] = ()
    training: tuple[TrainingEvent, ...] = ()
    audits: tuple[Audit, ...] = ()
    reviews: tuple[Review, ...] = ()


class ChapterMeta(ArticleMeta):
    """Front matter of a chapter: any other ``.md`` file in a report's folder; an article's
    fields, and charts."""

    charts: tuple[Chart, ...] = ()


class Chapter(Model):
    slug: str
    order: int
    source: str
    meta: ChapterMeta
    body: Body


class Report(Model):
    slug: str
    source: str
    meta: ReportMeta
    foreword: Body
    chapters: tuple[Chapter, ...]

    def figures(self) -> tuple[tuple[Chapter, Chart, int], ...]:
        """Every chart of the report with its figure number, 1, 2, ... in reading order."""
        found = [(chapter, chart) for chapter in self.chapters for chart in chapter.meta.charts]
        return tuple((chapter, chart, number) for number, (chapter, chart) in enumerate(found, 1))


def check_charts(source: str, data: dict[str, Any], line_of) -> list[SourceError]:
    """The rules a chapter's charts keep beyond their fields' types: a description; 1 to 6
    series; as many values in each series as there are categories; categories named once.

    ``data``: the front matter as written; ``line_of``: a field's path -> its line."""
    errors: list[SourceError] = []
    if not isinstance(data, dict):
        return errors
    charts = data.get("charts")
    if not isinstance(charts, list):
        return errors
    for i, chart in enumerate(charts):
        if not isinstance(chart, dict):
            continue
        where = ("charts", i)
        name = f'"{chart["id"]}"' if isinstance(chart.get("id"), str) else f"number {i + 1}"
        description = chart.get("description")
        if description is None or (isinstance(description, str) and not description.strip()):
            errors.append(SourceError(source, line_of(where + ("description",)), f"charts[{i}].description",
                                      f"the chart {name} needs a description: say in words what it shows; it is what a reader "
                                      "who cannot see the chart reads (and the PDF's alternative text)"))
        categories = chart.get("categories")
        count = len(categories) if isinstance(categories, list) else None
        if isinstance(categories, list):
            seen: dict[str, int] = {}
            for j, category in enumerate(categories):
                if isinstance(category, str) and category.strip() in seen:
                    errors.append(SourceError(source, line_of(where + ("categories", j)), f"charts[{i}].categories[{j}]",
                                              f'the category "{category.strip()}" is given twice (first as categories[{seen[category.strip()]}]); name each category once'))
                elif isinstance(category, str):
                    seen[category.strip()] = j
            if not categories:
                errors.append(SourceError(source, line_of(where + ("categories",)), f"charts[{i}].categories",
                                          "expected at least one category, found an empty list"))
        series = chart.get("series")
        if not isinstance(series, list):
            continue
        if not 1 <= len(series) <= MAX_SERIES:
            errors.append(SourceError(source, line_of(where + ("series",)), f"charts[{i}].series",
                                      f"expected 1 to {MAX_SERIES} series, found {len(series)}"))
        for k, one in enumerate(series):
            values = one.get("values") if isinstance(one, dict) else None
            if not count or not isinstance(values, list) or len(values) == count:   # no categories: said above
                continue
            label = f'"{one["name"]}"' if isinstance(one.get("name"), str) else f"number {k + 1}"
            errors.append(SourceError(
                source, line_of(where + ("series", k, "values")), f"charts[{i}].series[{k}].values",
                f"the series {label} has {_count(len(values), 'value')} but the chart has {_count(count, 'category', 'categories')} "
                f"({', '.join(str(c) for c in categories)}); give one value for each category, in the same order"))  # type: ignore[union-attr]
    return errors


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def check_ids(report_source: str, chapters: list[tuple[str, dict[str, Any], Any]]) -> list[SourceError]:
    """Chart ids are unique in a report: ``chapters`` is (source, front matter data, line_of) in order."""
    errors: list[SourceError] = []
    first: dict[str, tuple[str, int]] = {}
    for source, data, line_of in chapters:
        charts = data.get("charts") if isinstance(data, dict) else None
        if not isinstance(charts, list):
            continue
        for i, chart in enumerate(charts):
            chart_id = chart.get("id") if isinstance(chart, dict) else None
            if not isinstance(chart_id, str):
                continue
            line = line_of(("charts", i, "id"))
            if chart_id in first:
                where, at = first[chart_id]
                place = "this chapter" if where == source else where
                errors.append(SourceError(source, line, f"charts[{i}].id",
                                          f'the chart id "{chart_id}" is already used in {place} (line {at}); a chart id must be unique in the report'))
            else:
                first[chart_id] = (source, line)
    return errors
