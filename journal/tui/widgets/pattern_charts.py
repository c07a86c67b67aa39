"""The patterns screen's figures: lists and charts whose every row or bar leads to its entries.

Charts are drawn with Rich rather than a plotting library: small counts read exactly (an
axis would blur them), each bar carries its counts, and the screen opens without importing
and laying out a plot (about 100 ms at first paint, measured with bench/review.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.events import Blur, Focus
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from journal.services.entries import EntryFilter


class FigurePicked(Message):
    """A figure was chosen: list the entries behind it."""

    def __init__(self, title: str, entries: EntryFilter) -> None:
        self.title = title
        self.entries = entries
        super().__init__()


@dataclass(frozen=True, slots=True)
class Palette:
    """Theme colours as Rich styles, so drawn bars follow the theme."""

    slip: str
    save: str
    crunch: str
    muted: str

    @classmethod
    def of(cls, widget: Widget) -> Palette:
        variables = widget.app.theme_variables

        def hex_of(name: str, fallback: str) -> str:
            try:
                return Color.parse(variables.get(name, fallback)).hex6
            except Exception:  # an odd theme value: fall back rather than fail to draw
                return Color.parse(fallback).hex6

        return cls(
            slip=hex_of("error", "#e05050"),
            save=hex_of("success", "#50c050"),
            crunch=hex_of("warning", "#e0a030"),
            muted=hex_of("foreground-muted", "#888888"),
        )


# --- bars drawn with Rich -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SplitBar:
    """Slips then saves as one horizontal bar, scaled so `scale` fills the width."""

    slips: int
    saves: int
    scale: int
    slip_style: str
    save_style: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        scale = max(self.scale, 1)
        slip_cells = _cells(self.slips, scale, width)
        save_cells = min(_cells(self.saves, scale, width), width - slip_cells)
        yield Segment("█" * slip_cells, Style(color=self.slip_style))
        yield Segment("█" * save_cells, Style(color=self.save_style))
        yield Segment(" " * (width - slip_cells - save_cells))


def _cells(count: int, scale: int, width: int) -> int:
    """Cells for `count` of `scale` across `width`; any count above zero shows at least one."""
    if count <= 0:
        return 0
    return max(1, round(count / scale * width))


def figure_row(
    label: str,
    bar: RenderableType | None,
    counts: Text,
    *,
    label_width: int,
    counts_width: int | None = None,
) -> Table:
    """One row of a figure list: label, a bar taking the spare width, then the counts (given
    the same width on every row of a list, so the bars line up)."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=label_width, no_wrap=True, overflow="ellipsis")
    if bar is None:  # words only: they follow the label
        grid.add_column(ratio=1)
        grid.add_row(Text(label, overflow="ellipsis", no_wrap=True), counts)
        return grid
    grid.add_column(ratio=1, min_width=4)
    grid.add_column(no_wrap=True, width=counts_width, justify="right")
    grid.add_row(Text(label, overflow="ellipsis", no_wrap=True), bar, counts)
    return grid


# --- a keyboard-navigable list of figures ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One selectable line: what it shows, and the entries behind it (None: nothing to list)."""

    prompt: RenderableType
    title: str
    entries: EntryFilter | None


class FigureList(OptionList):
    """Rows of figures; Enter lists the entries behind the highlighted one."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._rows: list[FigureRow] = []
        self._height_at: tuple[int, int] | None = None  # (width, height) of these rows

    def show(self, rows: Sequence[FigureRow]) -> None:
        """Replace the rows, keeping the cursor where it was when the rows allow it."""
        keep = self.highlighted
        self._rows = list(rows)
        self._height_at = None
        self.set_options(Option(row.prompt, disabled=row.entries is None) for row in rows)
        # A list with nothing to open (an empty figure's note) is skipped by Tab.
        self.can_focus = any(row.entries is not None for row in rows)
        if self._rows:
            wanted = min(keep or 0, len(self._rows) - 1)
            choices = [i for i, row in enumerate(self._rows) if row.entries is not None]
            if choices:
                self.highlighted = min(choices, key=lambda i: abs(i - wanted))

    @property
    def rows(self) -> list[FigureRow]:
        return self._rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual measures a list by drawing every row, and the grid asks twice a layout
        # (~20 ms for the patterns screen's lists): the rows only change in show().
        if self._height_at is not None and self._height_at[0] == width:
            return self._height_at[1]
        height = super().get_content_height(container, viewport, width)
        self._height_at = (width, height)
        return height

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._rows[event.option_index]
        if row.entries is not None:
            self.post_message(FigurePicked(row.title, row.entries))


# --- charts with a cursor ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One column of a chart: slips and saves, and the entries behind them."""

    label: str
    title: str
    slips: int
    saves: int
    entries: EntryFilter
    marked: bool = False  # drawn in the warning colour (the end-of-quarter crunch)
    to_come: bool = False  # a week of a running quarter not begun yet: a dot, not a 0


class CursorMoved(Message):
    def __init__(self, chart: Widget, bar: ChartBar | None) -> None:
        self.chart = chart
        self.bar = bar
        super().__init__()


CHART_BINDINGS: list[BindingType] = [
    Binding("left", "move(-1)", "Earlier", show=False, id="chart-left", tooltip="Bar to the left"),
    Binding("right", "move(1)", "Later", show=False, id="chart-right", tooltip="Bar to the right"),
    Binding("home", "move_to(0)", "First", show=False, id="chart-home", tooltip="First bar"),
    Binding("end", "move_to(-1)", "Last", show=False, id="chart-end", tooltip="Last bar"),
    Binding("enter", "pick", "Entries", id="chart-pick", tooltip="List the entries behind it"),
]


class _CursorMixin:
    """The cursor over a chart's bars: arrows move it, Enter lists the bar's entries."""

    bars: list[ChartBar]
    cursor: int

    def _moved(self) -> None:
        raise NotImplementedError

    def action_move(self, step: int) -> None:
        if self.bars:
            self.cursor = max(0, min(len(self.bars) - 1, self.cursor + step))
            self._moved()

    def action_move_to(self, index: int) -> None:
        if self.bars:
            self.cursor = index % len(self.bars)
            self._moved()

    def current(self) -> ChartBar | None:
        return self.bars[self.cursor] if self.bars else None


class ColumnChart(_CursorMixin, Widget, can_focus=True):
    """Stacked columns (slips below, saves above) with each column's counts on top.

    Drawn with Rich: small counts read exactly, which a plot's axis would blur.
    """

    BINDINGS = CHART_BINDINGS
    DEFAULT_CSS = """
    ColumnChart {
        height: 10;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.bars = []
        self.cursor = 0

    def show(self, bars: Sequence[ChartBar], *, cursor: int | None = None) -> None:
        self.bars = list(bars)
        if cursor is not None:
            self.cursor = cursor
        self.cursor = max(0, min(self.cursor, len(self.bars) - 1))
        self._moved()

    def _moved(self) -> None:
        self.refresh()
        self.post_message(CursorMoved(self, self.current()))

    def on_focus(self, _: Focus) -> None:
        self.refresh()

    def on_blur(self, _: Blur) -> None:
        self.refresh()

    def action_pick(self) -> None:
        bar = self.current()
        if bar is not None:
            self.post_message(FigurePicked(bar.title, bar.entries))

    def render(self) -> RenderableType:
        if not self.bars:
            return Text("")
        palette = Palette.of(self)
        width, height = self.size.width, self.size.height
        rows = max(1, height - 2)  # one line of counts above, one of labels below
        slot = max(3, width // len(self.bars))
        bar_width = max(1, min(slot - 1, 6))
        peak = max((bar.slips + bar.saves for bar in self.bars), default=0) or 1
        # Each column's cells from the bottom: None empty, else the style to fill with.
        # Each column's filled cells from the bottom, as the style to fill them with.
        columns: list[list[str]] = []
        for bar in self.bars:
            slip_cells = _cells(bar.slips, peak, rows)
            save_cells = min(_cells(bar.saves, peak, rows), rows - slip_cells)
            columns.append([palette.slip] * slip_cells + [palette.save] * save_cells)
        lines: list[Text] = [Text() for _ in range(rows + 2)]
        for index, bar in enumerate(self.bars):
            filled = columns[index]
            counts = _count_label(bar, palette, room=slot - 1)  # a space between neighbours
            for line_index in range(rows + 1):
                cell = rows - line_index  # 0 is the bottom cell
                if cell < len(filled):
                    piece = Text(("█" * bar_width).center(slot), style=filled[cell])
                elif cell == len(filled) and counts.cell_len:
                    piece = counts.copy()
                    piece.align("center", slot)
                else:
                    piece = Text(" " * slot)
                lines[line_index].append_text(piece)
            label_style = Style(color=palette.crunch) if bar.marked else Style()
            if index == self.cursor and self.has_focus:
                label_style += Style(reverse=True, bold=True)
            label = Text(_fitted_label(bar.label, slot - 1), style=label_style)
            label.align("center", slot)
            lines[rows + 1].append_text(label)
        return Text("\n").join(lines[: rows + 2])


def _count_label(bar: ChartBar, palette: Palette, *, room: int) -> Text:
    """'4+1' over a bar; the slips alone where that does not fit in `room`, nothing where
    not even they do (the bar's height and Enter still tell)."""
    if bar.to_come:
        return Text("·", style="dim")
    if not bar.slips and not bar.saves:
        return Text("0", style="dim")
    text = Text(str(bar.slips), style=Style(color=palette.slip, bold=True))
    if bar.saves and text.cell_len + len(f"+{bar.saves}") <= room:
        text.append(f"+{bar.saves}", style=Style(color=palette.save, bold=True))
    return text if text.cell_len <= room else Text("")


def _fitted_label(label: str, room: int) -> str:
    """A bar's label in `room` cells: 'W10' becomes '10' before anything is cut."""
    if len(label) <= room:
        return label
    short = label.removeprefix("W")
    return short if len(short) <= room else short[:room]
