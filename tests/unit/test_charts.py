"""The chart drawing module: text alternative, determinism, colours and patterns."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from sscbgen import charts
from sscbgen.charts import PALETTE, ChartData, number, svg

SVG = "{http://www.w3.org/2000/svg}"


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def chart(kind: str, series: int = 3) -> ChartData:
    return ChartData("plans", "Plans & <categories>", 'Neglect was "most" common.', kind,
                     ("Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"),
                     tuple((f"31 March {2010 + i}", (210 + i, 98, 45.5, 12, 20)) for i in range(series)), "children")


@pytest.mark.parametrize("kind", ["bar", "stacked-bar", "line"])
def test_title_and_description_are_the_text_alternative(kind: str) -> None:
    drawn = svg(chart(kind))
    root = ET.fromstring(drawn)   # well-formed XML, with its text escaped
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Plans & <categories>"
    assert desc is not None and desc.text == 'Neglect was "most" common.'
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    assert "<script" not in drawn and "foreignObject" not in drawn
    assert ET.fromstring(svg(chart(kind), alt="Figure 1: x")).find(f"{SVG}title").text == "Figure 1: x"   # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["bar", "stacked-bar", "line"])
def test_same_data_same_bytes(kind: str) -> None:
    assert svg(chart(kind)) == svg(chart(kind))
    assert not re.search(r"\d\.\d{2,}", svg(chart(kind)))   # coordinates rounded: no float noise between machines


def test_every_colour_has_3_to_1_contrast_against_white_and_text_4_5() -> None:
    for colour in PALETTE:
        assert contrast(colour, "#ffffff") >= 3, colour
    assert contrast(charts.TEXT, "#ffffff") >= 4.5
    assert contrast(charts.GRID, "#ffffff") >= 3


def test_series_differ_by_more_than_colour() -> None:
    bars = svg(chart("bar", 6))
    fills = re.findall(r'<pattern id="chart-plans-fill-(\d)"[^>]*>(.*?)</pattern>', bars)
    marks = [re.sub(r'fill="#[0-9a-f]{6}"', "", inner) for _, inner in fills]
    assert len(fills) == 6 and len(set(marks)) == 6       # six different patterns, colour aside
    line = svg(chart("line", 6))
    dashes = re.findall(r'<polyline [^>]*?(?:stroke-dasharray="([^"]*)")?/>', line)
    assert len(set(dashes)) == 6
    assert all(f">31 March {2010 + i}</text>" in line for i in range(6))   # each line named at its end (and in the legend)


def test_bars_carry_their_values_and_the_numbers_format() -> None:
    bars = svg(chart("bar", 1))
    for value in ("210", "98", "45.5", "12", "20"):   # a label at the end of each bar
        assert re.search(rf'<text x="[\d.]+" y="[\d.]+" fill="#111111">{re.escape(value)}</text>', bars), value
    assert number(1234) == "1,234" and number(12.5) == "12.5" and number(93, "per cent") == "93%"


def test_long_category_names_wrap_on_several_lines() -> None:
    data = ChartData("x", "t", "d", "bar", ("A category with a very long name indeed, longer than the space", "B"), (("S", (1, 2)),))
    assert svg(data).count("<tspan") == 3 + 1   # three lines for the long name, one for "B"


def test_a_board_colour_replaces_the_first_series_colour() -> None:
    data = chart("bar", 2)
    teal = svg(ChartData(data.id, data.title, data.description, data.kind, data.categories, data.series, data.unit, ("#00545f",)))
    assert '<rect width="8" height="8" fill="#00545f"/>' in teal and PALETTE[0] not in teal
    assert PALETTE[1] in teal   # the other series keep theirs
