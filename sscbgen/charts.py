"""Charts drawn as SVG at build time: bar, stacked bar and line, from a chart's data.

Our own small module rather than matplotlib: the SVG is a string built from the data
alone (same data, same bytes: no dates, no random ids, coordinates rounded), it carries
its text alternative as ``<title>`` and ``<desc>`` (which WeasyPrint takes as the PDF
figure's alternative text), its text is real text in the site's font, and no library of
60 MB is loaded into each worker to draw a few rectangles.

Accessibility: every series has its own colour, each with at least 3:1 contrast against
white (WCAG 1.4.11), and its own pattern (bars) or marker and dash (lines), so colour is
never the only way to tell series apart; bars carry their values as direct labels; the
numbers are also a table beside the chart (see the templates).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

# (colour, pattern) a series: the colours pass 3:1 against white; the first is the
# print CSS's --brand.
PALETTE = ("#1d4f91", "#a8430a", "#2d6a34", "#6f2c91", "#4d4d4d", "#006778")
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
TEXT = "#111111"
GRID = "#8a8a8a"
FONT = "Atkinson Hyperlegible, Arial, sans-serif"
WIDTH = 640
SIZE = 13            # the text's size, in the SVG's units
CHAR = 0.56          # an average character's width, in em, for laying out labels
PERCENT = ("%", "per cent", "percent", "percentage")


@dataclass(frozen=True)
class ChartData:
    """What a chart is drawn from (the checked chart, with its figure number)."""

    id: str
    title: str
    description: str
    kind: str                                   # bar | stacked-bar | line
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | int, ...]], ...]
    unit: str | None = None
    palette: tuple[str, ...] = ()   # the series' colours (each 3:1 against white); default PALETTE

    @property
    def colours(self) -> tuple[str, ...]:
        return tuple(self.palette[i] if i < len(self.palette) else PALETTE[i] for i in range(len(PALETTE)))


def number(value: float | int, unit: str | None = None) -> str:
    """``1234`` -> ``1,234``; ``12.50`` -> ``12.5``; with ``%`` where the unit is per cent."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return text + ("%" if unit and unit.strip().lower() in PERCENT else "")


def svg(chart: ChartData, alt: str | None = None) -> str:
    """The chart as an SVG element to put inside HTML. ``alt``: the ``<title>`` (default:
    the chart's title); the PDF takes it as the figure's alternative text."""
    ids = f"chart-{chart.id}"
    if chart.kind == "line":
        body, height = _line(chart, ids)
    else:
        body, height = _bars(chart, ids, stacked=chart.kind == "stacked-bar")
    legend, legend_height = _legend(chart, ids)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {WIDTH} {height + legend_height}" '
            f'width="{WIDTH}" height="{height + legend_height}" role="img" aria-labelledby="{ids}-title" aria-describedby="{ids}-desc" '
            f'font-family="{FONT}" font-size="{SIZE}">\n'
            f'<title id="{ids}-title">{escape(alt or chart.title)}</title>\n'
            f'<desc id="{ids}-desc">{escape(chart.description)}</desc>\n')
    defs = _patterns(chart, ids) if chart.kind != "line" else ""
    return head + defs + legend + f'<g transform="translate(0 {legend_height})">\n' + body + "</g>\n</svg>"


# --- parts --------------------------------------------------------------------------


def _f(value: float) -> str:
    """A coordinate, rounded, the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _width(text: str, size: float = SIZE) -> float:
    return len(text) * size * CHAR


def _wrap(text: str, chars: int) -> list[str]:
    """Words in lines of at most ``chars`` characters (a long word has a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _scale(top: float) -> tuple[float, float]:
    """(the axis's end, its step): a round step giving at most 5 intervals."""
    if top <= 0:
        return 1.0, 0.25
    magnitude = 10 ** math.floor(math.log10(top))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if top / step <= 5:
            return math.ceil(top / step - 1e-9) * step, step
    return top, top  # pragma: no cover - the factors above always fit


def _tick(value: float, unit: str | None) -> str:
    return number(int(value) if float(value).is_integer() else round(value, 6), unit)


def _patterns(chart: ChartData, ids: str) -> str:
    """A fill for each series: its colour, and a pattern of white lines or dots (none for the first)."""
    out = ["<defs>\n"]
    for i, _ in enumerate(chart.series):
        colour, pattern = chart.colours[i], PATTERNS[i]
        marks = {
            "solid": "",
            "diagonal": '<path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" stroke="#ffffff" stroke-width="1.6"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
            "cross": '<path d="M0 4 H8 M4 0 V8" stroke="#ffffff" stroke-width="1.4"/>',
            "horizontal": '<path d="M0 4 H8" stroke="#ffffff" stroke-width="1.8"/>',
            "vertical": '<path d="M4 0 V8" stroke="#ffffff" stroke-width="1.8"/>',
        }[pattern]
        out.append(f'<pattern id="{ids}-fill-{i}" patternUnits="userSpaceOnUse" width="8" height="8">'
                   f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>\n')
    out.append("</defs>\n")
    return "".join(out)


def _legend(chart: ChartData, ids: str) -> tuple[str, int]:
    """The series' names with their swatch (bars) or line and marker (lines), in rows."""
    if len(chart.series) < 2:
        return "", 0
    x, y, row = 0.0, 0, 24
    items = []
    for i, (name, _) in enumerate(chart.series):
        width = 30 + _width(name) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + row
        if chart.kind == "line":
            key = (f'<line x1="{_f(x)}" y1="{y + 9}" x2="{_f(x + 24)}" y2="{y + 9}" stroke="{chart.colours[i]}" stroke-width="2.5"'
                   + (f' stroke-dasharray="{DASHES[i]}"' if DASHES[i] else "") + "/>" + _marker(chart.colours[i], i, x + 12, y + 9))
        else:
            key = f'<rect x="{_f(x)}" y="{y + 1}" width="22" height="16" fill="url(#{ids}-fill-{i})" stroke="{chart.colours[i]}"/>'
        items.append(f'<g class="chart-key">{key}<text x="{_f(x + 30)}" y="{y + 14}" fill="{TEXT}">{escape(name)}</text></g>\n')
        x += width
    return '<g class="chart-legend">\n' + "".join(items) + "</g>\n", y + row + 10


def _bars(chart: ChartData, ids: str, stacked: bool) -> tuple[str, int]:
    """Horizontal bars, a row a category (long names fit on the left); grouped or stacked."""
    count = len(chart.series)
    longest = max((len(c) for c in chart.categories), default=1)
    chars = min(longest, 28)
    labels = [_wrap(c, chars) for c in chart.categories]
    left = min(_width("x" * chars), WIDTH * 0.4) + 12
    right = 64
    plot = WIDTH - left - right
    bar = 22 if stacked else max(12, 26 - 3 * count)
    gap = 14
    heights = [max(len(lines) * (SIZE + 3), bar if stacked else bar * count) for lines in labels]
    totals = [sum(values[j] for _, values in chart.series) for j in range(len(chart.categories))]
    top = max(totals if stacked else [v for _, values in chart.series for v in values], default=0)
    end, step = _scale(top)
    scale = plot / end
    axis_y = sum(heights) + gap * len(heights)
    out = ['<g class="chart-grid">\n']
    ticks = int(round(end / step))
    for t in range(ticks + 1):
        value = t * step
        x = left + value * scale
        out.append(f'<line x1="{_f(x)}" y1="0" x2="{_f(x)}" y2="{_f(axis_y)}" stroke="{GRID}" stroke-width="{1 if t else 1.5}"'
                   + ("" if not t else ' stroke-dasharray="2 3"') + "/>\n")
        out.append(f'<text x="{_f(x)}" y="{_f(axis_y + SIZE + 6)}" text-anchor="middle" fill="{TEXT}">{_tick(value, chart.unit)}</text>\n')
    out.append("</g>\n")
    y = gap / 2
    for j, lines in enumerate(labels):
        row = heights[j]
        block = bar if stacked else bar * count
        top_y = y + (row - block) / 2
        text_y = y + row / 2 - (len(lines) - 1) * (SIZE + 3) / 2 + SIZE * 0.35
        spans = "".join(f'<tspan x="{_f(left - 8)}" y="{_f(text_y + k * (SIZE + 3))}">{escape(line)}</tspan>' for k, line in enumerate(lines))
        out.append(f'<text class="chart-category" text-anchor="end" fill="{TEXT}">{spans}</text>\n')
        x = left
        for i, (_, values) in enumerate(chart.series):
            value = values[j]
            width = value * scale
            bar_y = top_y if stacked else top_y + i * bar
            out.append(f'<rect x="{_f(x)}" y="{_f(bar_y)}" width="{_f(width)}" height="{_f(bar - (0 if stacked else 2))}" '
                       f'fill="url(#{ids}-fill-{i})" stroke="#ffffff" stroke-width="1"/>\n')
            label = number(value, chart.unit)
            if stacked:
                if width >= _width(label, SIZE - 2) + 10:
                    middle = x + width / 2
                    half = _width(label, SIZE - 2) / 2 + 3
                    out.append(f'<rect x="{_f(middle - half)}" y="{_f(bar_y + 3)}" width="{_f(2 * half)}" height="{_f(bar - 6)}" fill="#ffffff" rx="2"/>'
                               f'<text x="{_f(middle)}" y="{_f(bar_y + bar / 2 + 4)}" text-anchor="middle" font-size="{SIZE - 2}" fill="{TEXT}">{label}</text>\n')
                x += width
            else:
                out.append(f'<text x="{_f(x + width + 4)}" y="{_f(bar_y + (bar - 2) / 2 + 4.5)}" fill="{TEXT}">{label}</text>\n')
        if stacked:
            out.append(f'<text x="{_f(x + 4)}" y="{_f(top_y + bar / 2 + 4.5)}" font-weight="700" fill="{TEXT}">{number(totals[j], chart.unit)}</text>\n')
        y += row + gap
    return "".join(out), int(math.ceil(axis_y + SIZE + 14))


def _marker(colour: str, i: int, x: float, y: float) -> str:
    shape = MARKERS[i]
    if shape == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{_f(x)} {_f(y - 5.5)} L{_f(x + 5)} {_f(y + 4)} L{_f(x - 5)} {_f(y + 4)} Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{_f(x)} {_f(y - 5.5)} L{_f(x + 5.5)} {_f(y)} L{_f(x)} {_f(y + 5.5)} L{_f(x - 5.5)} {_f(y)} Z" fill="{colour}"/>'
    if shape == "cross":
        return f'<path d="M{_f(x - 4.5)} {_f(y - 4.5)} L{_f(x + 4.5)} {_f(y + 4.5)} M{_f(x - 4.5)} {_f(y + 4.5)} L{_f(x + 4.5)} {_f(y - 4.5)}" stroke="{colour}" stroke-width="2.5"/>'
    return f'<rect x="{_f(x - 1.5)}" y="{_f(y - 6)}" width="3" height="12" fill="{colour}"/>'


def _line(chart: ChartData, ids: str) -> tuple[str, int]:
    """Categories along the bottom, values up the side; each series a line with its own
    dash and marker, its name written at its end."""
    values = [v for _, vs in chart.series for v in vs]
    end, step = _scale(max(values, default=0))
    left = max(_width(_tick(end, chart.unit)), 24) + 12
    names = max((_width(name) for name, _ in chart.series), default=0)
    right = min(names + 16, WIDTH * 0.3)
    plot_w = WIDTH - left - right
    plot_h = 260
    count = len(chart.categories)
    spacing = plot_w / max(count - 1, 1) if count > 1 else 0
    chars = max(6, int((plot_w / max(count, 1)) / (SIZE * CHAR)))
    labels = [_wrap(c, chars) for c in chart.categories]
    top = 12
    scale = plot_h / end

    def at(j: int, value: float) -> tuple[float, float]:
        x = left + (j * spacing if count > 1 else plot_w / 2)
        return x, top + plot_h - value * scale

    out = ['<g class="chart-grid">\n']
    for t in range(int(round(end / step)) + 1):
        value = t * step
        y = top + plot_h - value * scale
        out.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + plot_w)}" y2="{_f(y)}" stroke="{GRID}" stroke-width="{1 if t else 1.5}"'
                   + ("" if not t else ' stroke-dasharray="2 3"') + "/>\n")
        out.append(f'<text x="{_f(left - 6)}" y="{_f(y + 4.5)}" text-anchor="end" fill="{TEXT}">{_tick(value, chart.unit)}</text>\n')
    for j, lines in enumerate(labels):
        x, _ = at(j, 0)
        spans = "".join(f'<tspan x="{_f(x)}" y="{_f(top + plot_h + SIZE + 8 + k * (SIZE + 3))}">{escape(line)}</tspan>' for k, line in enumerate(lines))
        out.append(f'<text class="chart-category" text-anchor="middle" fill="{TEXT}">{spans}</text>\n')
    out.append("</g>\n")
    ends: list[float] = []
    for i, (name, vs) in enumerate(chart.series):
        points = " ".join(f"{_f(x)},{_f(y)}" for x, y in (at(j, v) for j, v in enumerate(vs)))
        out.append(f'<polyline points="{points}" fill="none" stroke="{chart.colours[i]}" stroke-width="2.5"'
                   + (f' stroke-dasharray="{DASHES[i]}"' if DASHES[i] else "") + "/>\n")
        out.append("".join(_marker(chart.colours[i], i, *at(j, v)) for j, v in enumerate(vs)) + "\n")
        x, y = at(len(vs) - 1, vs[-1]) if vs else (left, top + plot_h)
        y = max(y + 4.5, top + 4.5)
        while any(abs(y - other) < SIZE + 2 for other in ends):   # names of lines that end together, one under another
            y += SIZE + 2
        ends.append(y)
        out.append(f'<text x="{_f(x + 9)}" y="{_f(y)}" fill="{TEXT}">{escape(name)}</text>\n')
    lines_below = max((len(lines) for lines in labels), default=1)
    return "".join(out), int(math.ceil(top + plot_h + 12 + lines_below * (SIZE + 3) + 6))
