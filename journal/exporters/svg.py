"""A summary `Chart` as an inline SVG: slips and saves side by side for each label.

The picture is drawn on a fixed viewBox, so it scales to the page and prints sharp. Slips
are a dark muted red and saves a light muted green with a darker outline: they differ in
lightness as well as hue, so a greyscale print still tells them apart, and the legend
names both. Each bar carries its count above it, and the chart's `<title>` and `<desc>`
say in words what the bars show, for screen readers and for anyone who cannot see colour.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from html import escape

from journal.exporters.summary import Chart
from journal.sentences import plural

WIDTH = 640
HEIGHT = 270
LEFT = 46  # room for the tick numbers and the rotated axis title
RIGHT = 10
TOP = 48  # room for the legend and the counts above the tallest bar
BOTTOM = 50  # room for the labels and the axis title under them

SLIP_FILL = "#a3423a"
SAVE_FILL = "#93c4a0"
SAVE_EDGE = "#3f7a52"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """Coordinates with at most one decimal: short, and stable for tests."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_top(highest: int) -> tuple[int, int]:
    """The axis top and tick step: a round step giving at most five ticks above zero."""
    if highest <= 0:
        return 1, 1
    for step in _steps():
        if math.ceil(highest / step) <= 5:
            return step * math.ceil(highest / step), step
    raise AssertionError("unreachable")  # pragma: no cover


def _steps() -> Iterator[int]:
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            yield factor * magnitude
        magnitude *= 10


def axis_title(chart: Chart) -> str:
    """What the labels run over, from the chart's title: '… by week of the quarter'."""
    _, found, rest = chart.title.rpartition(" by ")
    return rest[:1].upper() + rest[1:] if found and rest else ""


def describe(chart: Chart) -> str:
    """The chart in words: every bar's counts, and which bars are the crunch."""
    parts = [
        f"{label}: {plural(slips, 'slip')}, {plural(saves, 'save')}"
        for label, slips, saves in zip(chart.labels, chart.slips, chart.saves, strict=True)
    ]
    text = "; ".join(parts) + "." if parts else "No bars."
    start = chart.highlight_from
    if start is not None and start < len(chart.labels):
        first, last = chart.labels[start], chart.labels[-1]
        span = first if first == last else f"{first} to {last}"
        text += f" Marked as the quarter-end crunch: {span}."
    return text


def chart_svg(chart: Chart, ident: str, *, scale_to: int = 0) -> str:
    """The chart as one `<svg>` element; `ident` keeps its ids unique within the page.
    `scale_to`: the axis reaches at least this count (small multiples share one scale)."""
    count = len(chart.labels)
    top, step = nice_top(max((*chart.slips, *chart.saves, scale_to), default=0))
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    plot_height = plot_bottom - plot_top
    group = (plot_right - plot_left) / max(count, 1)
    bar = min(24.0, group * 0.36)
    gap = min(2.0, group * 0.04)
    count_size = 11.5 if bar >= 14 else 9.5
    show_counts = bar >= 7
    # Show every label when they fit; otherwise every n-th, so none overlaps.
    longest = max((len(label) for label in chart.labels), default=1)
    every = max(1, math.ceil((longest * 7 + 6) / group))

    def y_of(value: int) -> float:
        return plot_bottom - plot_height * value / top

    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    lines = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-labelledby="{title_id} {desc_id}"'
        f' preserveAspectRatio="xMidYMid meet" font-size="12.5">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(chart))}</desc>',
    ]
    start = chart.highlight_from
    if start is not None and start < count:
        band_left = plot_left + group * start + 1
        band_right = plot_right - 1
        lines.append(
            f'<g class="crunch"><rect x="{_num(band_left)}" y="{plot_top - 16}"'
            f' width="{_num(band_right - band_left)}" height="{plot_height + 16}"'
            ' fill="currentColor" fill-opacity="0.06" stroke="currentColor"'
            ' stroke-opacity="0.45" stroke-dasharray="4 3"/>'
            f'<text x="{_num(band_right - 4)}" y="{plot_top - 5}" text-anchor="end"'
            ' font-size="11.5" font-style="italic" fill="currentColor">crunch</text></g>'
        )
    lines.append('<g class="axis" fill="currentColor">')
    for value in range(0, top + 1, step):
        level = _num(y_of(value))
        opacity = "0.55" if value == 0 else "0.14"
        lines.append(
            f'<line x1="{plot_left}" x2="{plot_right}" y1="{level}" y2="{level}"'
            f' stroke="currentColor" stroke-opacity="{opacity}"/>'
            f'<text x="{plot_left - 6}" y="{level}" dy="0.35em" text-anchor="end"'
            f' font-size="11.5">{value}</text>'
        )
    middle = (plot_top + plot_bottom) / 2
    lines.append(
        f'<text transform="translate(13 {_num(middle)}) rotate(-90)" text-anchor="middle"'
        ' font-size="12">entries</text>'
    )
    below = axis_title(chart)
    if below:
        lines.append(
            f'<text x="{_num((plot_left + plot_right) / 2)}" y="{HEIGHT - 8}"'
            f' text-anchor="middle" font-size="12">{escape(below)}</text>'
        )
    lines.append("</g>")
    lines.append('<g class="bars">')
    for index, label in enumerate(chart.labels):
        centre = plot_left + group * (index + 0.5)
        for kind, value, x in (
            ("slip", chart.slips[index], centre - gap / 2 - bar),
            ("save", chart.saves[index], centre + gap / 2),
        ):
            y = y_of(value)
            fill = SLIP_FILL if kind == "slip" else SAVE_FILL
            edge = f' stroke="{SAVE_EDGE}" stroke-width="1"' if kind == "save" and value else ""
            lines.append(
                f'<rect class="bar {kind}" data-label="{_attr(label)}" data-count="{value}"'
                f' x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}"'
                f' height="{_num(plot_bottom - y)}" fill="{fill}"{edge}>'
                f"<title>{escape(label)}: {plural(value, kind)}</title></rect>"
            )
            if show_counts:
                lines.append(
                    f'<text class="count" x="{_num(x + bar / 2)}" y="{_num(y - 4)}"'
                    f' text-anchor="middle" font-size="{count_size}"'
                    f' fill="currentColor">{value}</text>'
                )
        if index % every == 0:
            lines.append(
                f'<text class="label" x="{_num(centre)}" y="{plot_bottom + 17}"'
                f' text-anchor="middle" fill="currentColor">{escape(label)}</text>'
            )
    lines.append("</g>")
    lines.append(_legend())
    lines.append("</svg>")
    return "".join(lines)


def _legend() -> str:
    return (
        f'<g class="legend" font-size="12.5" fill="currentColor"'
        f' transform="translate({LEFT} 10)">'
        f'<rect class="swatch slip" width="12" height="12" fill="{SLIP_FILL}"/>'
        '<text x="17" y="6" dy="0.35em">slips</text>'
        f'<rect x="62" width="12" height="12" fill="{SAVE_FILL}" stroke="{SAVE_EDGE}"/>'
        '<text x="79" y="6" dy="0.35em">saves</text>'
        "</g>"
    )
