"""The patterns screen's panels: each shows one kind of figure and leads to its entries.

A panel is a bordered box of the screen's grid. The headline panel is handed the period's
`Patterns` and draws its table; the chart and list panels are handed bars and rows built by
`journal.tui.widgets.pattern_rows`. Choosing a row, a bar or a number posts `FigurePicked`,
which the screen answers with the entries behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Static

from journal.periods import Calendar
from journal.sentences import (
    change_cell,
    compared_label,
    headline_note,
    plural,
    rate_change,
    rate_text,
    signed,
    span_text,
)
from journal.services.analytics.figures import Change, Headline, Patterns
from journal.services.entries import EntryFilter
from journal.tui.widgets.pattern_charts import (
    ChartBar,
    ColumnChart,
    CursorMoved,
    FigureList,
    FigurePicked,
    FigureRow,
    Palette,
    figure_row,
)
from journal.tui.widgets.pattern_rows import (
    NO_SLIPS,
    NO_TRIGGERS,
    Line,
    commitment_rows,
    coverage_lines,
    crunch_rows,
    entries_between,
    recovery_lines,
    save_rate_lines,
    series_bars,
    share_lines,
    trigger_lines,
    week_bars,
    weekday_bars,
)

SLIPS_AND_SAVES = "[$error]■ slips[/] [$success]■ saves[/]"  # a border title's key


class Panel(Vertical):
    """A bordered box of the grid, named in its border."""

    def __init__(self, panel_id: str, title: str) -> None:
        super().__init__(id=f"{panel_id}-panel", classes="panel")
        self.border_title = title


# --- slips and saves against the periods before ---------------------------------------------


class HeadlinePanel(Panel):
    """The period's slips, weighted slips, saves and save rate beside the previous period
    and the same period a year earlier; every number lists its entries."""

    def __init__(self) -> None:
        super().__init__("headline", "Slips and saves")
        self._cells: dict[tuple[int, int], tuple[str, EntryFilter]] = {}

    def compose(self) -> ComposeResult:
        # The row labels stay put when End or PgDn moves the cursor to the last column.
        yield DataTable(
            id="headline",
            cursor_type="cell",
            show_cursor=True,
            zebra_stripes=False,
            fixed_columns=1,
        )
        yield Static(id="headline-note", classes="note")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("", "slips", "weighted", "saves", "save rate")

    def show(self, figures: Patterns, *, today: date, calendar: Calendar) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_coordinate
        table.clear()
        self._cells = {}
        current = figures.headline

        def period_row(headline: Headline, label: str) -> None:
            row = table.row_count
            end = headline.period.observed_end(today)
            base = entries_between(headline.period, end, calendar)
            where = f"{headline.period.label}, {span_text(headline.period.start, end)}"
            slips = (f"Slips in {where}", replace(base, kind="slip"))
            saves = (f"Saves in {where}", replace(base, kind="save"))
            everything = (f"Slips and saves in {where}", base)
            for column, picked in enumerate((everything, slips, slips, saves, everything)):
                self._cells[(row, column)] = picked
            table.add_row(
                label,
                str(headline.slips),
                str(headline.weighted_slips),
                str(headline.saves),
                rate_text(headline.save_rate, form="short"),
            )

        def change_row(change: Change) -> None:
            row = table.row_count
            for column in range(5):
                self._cells[(row, column)] = self._cells[(row - 1, column)]
            table.add_row(
                Text("  change", style="dim"),
                change_cell(change.slips, change.slips_percent),
                change_cell(change.weighted_slips, change.weighted_percent),
                signed(change.saves),
                rate_change(current.save_rate, change.against.save_rate),
            )

        period_row(
            current,
            f"{current.period.label} so far" if figures.running else current.period.label,
        )
        for change in (figures.previous, figures.year_earlier):
            period_row(change.against, compared_label(change.against.period, form="screen"))
            change_row(change)
        if keep.row < table.row_count:
            table.cursor_coordinate = keep
        self.query_one("#headline-note", Static).update(headline_note(figures))

    @on(DataTable.CellSelected)
    def _picked(self, event: DataTable.CellSelected) -> None:
        event.stop()
        picked = self._cells.get((event.coordinate.row, event.coordinate.column))
        if picked is not None:
            self.post_message(FigurePicked(*picked))


# --- charts -----------------------------------------------------------------------------------


class ChartPanel(Panel):
    """A column chart with a caption naming the bar under the cursor."""

    def __init__(
        self, chart_id: str, title: str, *, with_crunch: bool = False, lists_entries: bool = True
    ) -> None:
        super().__init__(chart_id, title)
        self.chart_id = chart_id
        self.with_crunch = with_crunch
        # A coach's view of a client's bundle has figures only: no entries to list.
        self.lists_entries = lists_entries

    def compose(self) -> ComposeResult:
        yield ColumnChart(id=self.chart_id)
        yield Static(id=f"{self.chart_id}-caption", classes="caption")
        if self.with_crunch:
            yield FigureList(id="crunch")

    def show(self, bars: Sequence[ChartBar], *, cursor: int | None = None) -> None:
        self.query_one(ColumnChart).show(bars, cursor=cursor)

    def show_crunch(self, rows: Sequence[FigureRow]) -> None:
        self.query_one("#crunch", FigureList).show(rows)

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        bar = event.bar
        if bar is None:
            return
        text = Text.assemble(
            (bar.title, "bold"),
            ": ",
            plural(bar.slips, "slip"),
            ", ",
            plural(bar.saves, "save"),
        )
        text.append(
            "   ←/→ move · Enter lists them" if self.lists_entries else "   ←/→ move", style="dim"
        )
        self.query_one(f"#{self.chart_id}-caption", Static).update(text)


# --- lists --------------------------------------------------------------------------------------


class ListPanel(Panel):
    """A list of figures, one a row, with labels and counts lined up across rows."""

    def __init__(self, list_id: str, title: str) -> None:
        super().__init__(list_id, title)
        self.list_id = list_id

    def compose(self) -> ComposeResult:
        yield FigureList(id=self.list_id)

    def show_rows(self, rows: Sequence[FigureRow]) -> None:
        self.query_one(FigureList).show(rows)

    def show_lines(self, lines: Sequence[Line], when_empty: str) -> None:
        figure_list = self.query_one(FigureList)
        if not lines:
            figure_list.show([FigureRow(Text(when_empty, style="dim"), "", None)])
            return
        label_width = self._label_width(line.label for line in lines)
        counts_width = max(line.counts.cell_len for line in lines)
        # In a list with bars, a row without one keeps its counts in the counts column.
        no_bar: Text | None = Text("") if any(line.bar for line in lines) else None
        figure_list.show(
            [
                FigureRow(
                    figure_row(
                        line.label,
                        line.bar or no_bar,
                        line.counts,
                        label_width=label_width,
                        counts_width=counts_width,
                    ),
                    line.title,
                    line.entries,
                )
                for line in lines
            ]
        )

    def _label_width(self, labels: Iterable[str]) -> int:
        """Labels take up to a third of the screen's width, and no more than the longest
        needs."""
        longest = max((len(str(label)) for label in labels), default=10)
        limit = max(16, self.screen.size.width // 3)
        return max(8, min(longest, limit))


def show_figure_panels(
    root: Widget, figures: Patterns, *, today: date, calendar: Calendar, palette: Palette
) -> None:
    """Fill the panels the person's patterns screen and the coach's view of a client share."""

    def listed(list_id: str) -> ListPanel:
        return root.query_one(f"#{list_id}-panel", ListPanel)

    def chart(chart_id: str) -> ChartPanel:
        return root.query_one(f"#{chart_id}-panel", ChartPanel)

    root.query_one(HeadlinePanel).show(figures, today=today, calendar=calendar)
    bars, cursor = series_bars(figures, today=today, calendar=calendar)
    chart("series").show(bars, cursor=cursor)
    listed("triggers").show_lines(trigger_lines(figures, palette), NO_TRIGGERS)
    listed("save-rates").show_lines(save_rate_lines(figures, palette), NO_TRIGGERS)
    chart("weeks").show(week_bars(figures, calendar=calendar))
    chart("weeks").show_crunch(crunch_rows(figures, palette))
    chart("weekdays").show(weekday_bars(figures))
    slipped = figures.headline.slips > 0
    control = share_lines(figures.control, "Slips that were ", figures.period, palette)
    listed("control").show_lines(control if slipped else [], NO_SLIPS)
    recovery = recovery_lines(figures, palette)
    listed("recovery").show_lines(recovery if slipped else [], NO_SLIPS)
    listed("coverage").show_lines(coverage_lines(figures, calendar=calendar), "")
    listed("commitments").show_rows(commitment_rows(figures, palette))
