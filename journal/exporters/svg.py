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
from datetime import timedelta
from html import escape

from journal.exporters.summary_parts import Chart, YearGrid, year_text
from journal.sentences import plural
from journal.services.analytics.figures import DayCount

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


# --- the year at a glance ----------------------------------------------------------------------

CELL = 11  # a day's square, with its gap
GRID_LEFT = 34  # room for the weekday labels
GRID_TOP = 30  # room for the quarter labels
EMPTY_FILL = "#e6e4df"
# Four steps each, light to dark, by the day's severity-weighted count (1, 2-3, 4-6, 7+):
# they differ in lightness too, so a greyscale print still orders them.
SLIP_STEPS = ("#f1c9c4", "#dc8b82", "#b9544a", "#86291f")
SAVE_STEPS = ("#d3ebd9", "#a5d3b1", "#62a877", "#2f6b43")
WEEKDAY_LETTERS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def _step(weight: int) -> int:
    return 0 if weight <= 1 else 1 if weight <= 3 else 2 if weight <= 6 else 3


def _day_words(count: DayCount) -> str:
    parts = []
    if count.slips:
        parts.append(f"{plural(count.slips, 'slip')} (weight {count.weighted_slips})")
    if count.saves:
        parts.append(f"{plural(count.saves, 'save')} (weight {count.weighted_saves})")
    if count.clean:
        parts.append("checked in clean")
    return f"{count.day.isoformat()}: {', '.join(parts) or 'nothing recorded'}"


def year_svg_parts(year: YearGrid, ident: str) -> Iterator[str]:
    """A cell a day, a column a week: red for a day whose slips outweigh its saves, green
    for the other way, each darker with more weight; a dot for a clean check-in. Quarter
    starts are solid lines (fiscal quarters dashed), and a band under the grid marks each
    quarter's closing three weeks."""
    columns = year.column(year.end) + 1
    width = GRID_LEFT + columns * CELL + 10
    grid_bottom = GRID_TOP + 7 * CELL
    height = grid_bottom + 52
    by_day = {count.day: count for count in year.days}
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    lines = [
        f'<svg class="chart year" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{title_id} {desc_id}" font-size="10">',
        f'<title id="{title_id}">The year at a glance, {year.start.isoformat()} to'
        f" {year.end.isoformat()}</title>",
        f'<desc id="{desc_id}">{escape(year_text(year))}</desc>',
    ]
    for row, letters in enumerate(WEEKDAY_LETTERS):
        if letters:
            name = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[(row + year.week_start) % 7]
            y = GRID_TOP + row * CELL + 8.5
            lines.append(f'<text x="{GRID_LEFT - 4}" y="{_num(y)}" text-anchor="end"'
                         f' fill="currentColor">{name}</text>')  # fmt: skip
    day = year.start
    while day <= year.end:
        x = GRID_LEFT + year.column(day) * CELL
        y = GRID_TOP + year.row(day) * CELL
        count = by_day.get(day)
        square = f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}"'
        if count is None:
            lines.append(f'{square} fill="{EMPTY_FILL}"/>')
            day += timedelta(days=1)
            continue
        fill = EMPTY_FILL
        if count.weighted_slips or count.weighted_saves:
            if count.weighted_slips >= count.weighted_saves:
                fill = SLIP_STEPS[_step(count.weighted_slips)]
            else:
                fill = SAVE_STEPS[_step(count.weighted_saves)]
        lines.append(f'{square} fill="{fill}"><title>{escape(_day_words(count))}</title></rect>')
        if count.clean:
            lines.append(
                f'<circle cx="{_num(x + (CELL - 2) / 2)}" cy="{_num(y + (CELL - 2) / 2)}"'
                f' r="2" fill="{SAVE_EDGE}"/>'
            )
        day += timedelta(days=1)
    for marks, dash, above in ((year.quarter_starts, "", True), (year.fiscal_starts, "3 2", False)):
        for first, label in marks:
            x = GRID_LEFT + year.column(first) * CELL - 1
            if year.row(first) != 0:
                x += CELL  # a quarter that starts mid-week: the line after its first week
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            lines.append(
                f'<line x1="{x}" y1="{GRID_TOP - 4}" x2="{x}" y2="{grid_bottom + 2}"'
                f' stroke="currentColor" stroke-width="1"{dashed}/>'
            )
            label_y = GRID_TOP - 8 if above else grid_bottom + 30
            lines.append(
                f'<text x="{x + 2}" y="{label_y}" fill="currentColor">{escape(label)}</text>'
            )
    for first, last in year.crunch:
        x1 = GRID_LEFT + year.column(first) * CELL
        x2 = GRID_LEFT + (year.column(last) + 1) * CELL - 2
        lines.append(
            f'<rect x="{x1}" y="{grid_bottom + 6}" width="{max(x2 - x1, 2)}" height="5"'
            f' fill="{SLIP_FILL}" opacity="0.55"><title>closing weeks {first.isoformat()} to'
            f" {last.isoformat()}</title></rect>"
        )
    legend_y = height - 6
    lines.append(
        f'<text x="{GRID_LEFT}" y="{legend_y}" fill="currentColor">slips outweigh saves</text>'
    )
    for index, fill in enumerate(SLIP_STEPS):
        lines.append(
            f'<rect x="{GRID_LEFT + 112 + index * CELL}" y="{legend_y - 8}" width="9"'
            f' height="9" fill="{fill}"/>'
        )
    lines.append(
        f'<text x="{GRID_LEFT + 170}" y="{legend_y}" fill="currentColor">saves outweigh</text>'
    )
    for index, fill in enumerate(SAVE_STEPS):
        lines.append(
            f'<rect x="{GRID_LEFT + 256 + index * CELL}" y="{legend_y - 8}" width="9"'
            f' height="9" fill="{fill}"/>'
        )
    lines.append(
        f'<circle cx="{GRID_LEFT + 316}" cy="{legend_y - 3.5}" r="2" fill="{SAVE_EDGE}"/>'
        f'<text x="{GRID_LEFT + 322}" y="{legend_y}" fill="currentColor">clean check-in</text>'
        f'<rect x="{GRID_LEFT + 406}" y="{legend_y - 6}" width="18" height="5"'
        f' fill="{SLIP_FILL}" opacity="0.55"/>'
        f'<text x="{GRID_LEFT + 428}" y="{legend_y}" fill="currentColor">closing weeks</text>'
    )
    lines.append("</svg>")
    # A few dozen lines at a time: the page is written as a stream, never as one string.
    for start in range(0, len(lines), 60):
        yield "\n".join(lines[start : start + 60]) + "\n"
