"""The coach's screens: the clients side by side, and one client's figures.

The cohort screen is a sortable table of clients with the group's figures and the skipped
files below it; Enter opens a client on the same panels the client sees on the patterns
screen, filled from their bundle (`[` / `]` step through its quarters). A bundle holds
figures only: nothing leads to entries.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from journal.cohort_text import COLUMN_KEYS, COLUMNS, group_lines, sorted_rows, trend_text
from journal.periods import Calendar
from journal.sentences import outcome_text, plural, rate_text, span_text
from journal.services.analytics.figures import Patterns
from journal.services.cohort import ClientBundle, ClientRow, Cohort
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.tui.widgets.pattern_charts import FigurePicked, Palette
from journal.tui.widgets.pattern_panels import (
    SLIPS_AND_SAVES,
    ChartPanel,
    HeadlinePanel,
    ListPanel,
    Panel,
    show_figure_panels,
)
from journal.tui.widgets.pattern_rows import (
    Line,
)
from journal.tui.widgets.review.due import due_text

NOT_SHARED = "(the plan was not shared)"
FIGURES_ONLY = "A bundle holds figures only: the entries behind them stay with the client."


def _line(label: str, counts: str = "") -> Line:
    return Line(label, None, Text(counts), "", None)


class CohortScreen(Screen[None]):
    """Every client in the folder, sortable; the group's figures; what was skipped."""

    CSS_PATH = ["patterns.tcss", "cohort.tcss"]

    BINDINGS = [
        Binding("s", "sort_next", "Sort", tooltip="Sort by the next column"),
        Binding("r", "reverse", "Reverse", tooltip="Reverse the order"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, cohort: Cohort) -> None:
        super().__init__(id="cohort")
        self.cohort = cohort
        self.sort_key = "client"
        self.reverse = False
        self.rows: list[ClientRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="cohort-title")
        with VerticalScroll(id="cohort-body"):
            yield DataTable(id="clients", cursor_type="row", zebra_stripes=True)
            yield Static(id="cohort-note", classes="note")
            with Panel("group", "The group"):
                yield Static(id="group")
            yield ListPanel("group-triggers", f"Most common triggers · {SLIPS_AND_SAVES}")
            with Panel("skipped", "Skipped files"):
                yield Static(id="skipped")
        yield FittedFooter()

    def on_mount(self) -> None:
        table = self.query_one("#clients", DataTable)
        for column in COLUMNS:
            table.add_column(column.title, key=column.key)
        self._fill()
        self._title()
        self._group()
        table.focus()

    def _title(self) -> None:
        found = self.cohort
        title = Text.assemble((" Coach · clients side by side ", "bold reverse"), " ")
        title.append(f"{plural(len(found.rows), 'client')} in {Path(found.folder).name}/")
        if found.quarter is not None:
            title.append(f" · {found.quarter.label}")
        if found.skipped:
            title.append(f" · {len(found.skipped)} skipped", style="bold")
        self.query_one("#cohort-title", Static).update(title)

    def _fill(self) -> None:
        table = self.query_one("#clients", DataTable)
        table.clear()
        self.rows = sorted_rows(self.cohort.rows, self.sort_key, reverse=self.reverse)
        for row in self.rows:
            table.add_row(
                *(
                    Text(column.cell(row), justify="right" if column.numeric else "left")
                    for column in COLUMNS
                ),
                key=str(self.cohort.rows.index(row)),
            )
        title = next(c.title for c in COLUMNS if c.key == self.sort_key)
        order = "descending" if self.reverse else "ascending"
        note = (
            f"Sorted by {title}, {order} (s: next column, r: reverse, Enter: the client)."
            " Vs before: slips against the quarter before. Crunch: slips in the last three"
            " weeks before the close. Kept: commitments for the quarter judged kept."
            " Follow-ups: open."
        )
        if any(row.figures.running for row in self.rows):
            note += " * a running quarter, counted so far."
        if not self.rows:
            note = "No bundle here yet: clients write one with journal export --format coach."
        self.query_one("#cohort-note", Static).update(note)

    def _group(self) -> None:
        found = self.cohort
        palette = Palette.of(self)
        self.query_one("#group", Static).update(
            Text("\n".join(group_lines(found, with_triggers=False)))
        )
        clients = len(found.in_group)
        lines = []
        for trigger in found.triggers:
            if not trigger.clients:
                continue
            counts = Text.assemble(
                f"{trigger.clients} of {clients} clients · ",
                (f"{trigger.slips}", palette.slip),
                " / ",
                (f"{trigger.saves}", palette.save),
                f" · save rate {rate_text(trigger.save_rate, form='short')}",
            )
            if not trigger.shared:
                counts.append(" · too few clients for a pattern", style="dim")
            lines.append(Line(trigger.name, None, counts, "", None))
        self._list("group-triggers").show_lines(lines, "No slips this quarter.")
        skipped = Text()
        for item in found.skipped:
            skipped.append(item.file, style="bold").append(f": {item.reason}\n")
        if not found.skipped:
            skipped.append("Nothing skipped: every file was read.", style="dim")
        skipped.rstrip()
        self.query_one("#skipped", Static).update(skipped)

    def _list(self, list_id: str) -> ListPanel:
        return self.query_one(f"#{list_id}-panel", ListPanel)

    def _sort(self, key: str, reverse: bool) -> None:
        self.sort_key, self.reverse = key, reverse
        table = self.query_one("#clients", DataTable)
        current = str(self.cohort.rows.index(self.rows[table.cursor_row])) if self.rows else None
        self._fill()
        if current is not None:
            table.move_cursor(row=table.get_row_index(current))

    def action_sort_next(self) -> None:
        index = COLUMN_KEYS.index(self.sort_key)
        self._sort(COLUMN_KEYS[(index + 1) % len(COLUMN_KEYS)], False)

    def action_reverse(self) -> None:
        self._sort(self.sort_key, not self.reverse)

    @on(DataTable.HeaderSelected, "#clients")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self._sort(key, not self.reverse if key == self.sort_key else False)

    @on(DataTable.RowSelected, "#clients")
    def _open(self, event: DataTable.RowSelected) -> None:
        row = self.cohort.rows[int(str(event.row_key.value))]
        self.app.push_screen(ClientScreen(row))


class ClientScreen(Screen[None]):
    """One client's figures on the patterns screen's panels, read from their bundle."""

    CSS_PATH = ["patterns.tcss", "cohort.tcss"]

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Earlier", tooltip="The quarter before"),
        Binding("right_square_bracket", "step(1)", "Later", tooltip="The quarter after"),
        Binding("escape", "close", "Back", tooltip="Back to the clients"),
    ]

    def __init__(self, row: ClientRow) -> None:
        super().__init__(id="client")
        self.row = row
        self.bundle: ClientBundle = row.bundle
        self.index = len(self.bundle.quarters) - 1
        self.calendar = Calendar(self.bundle.fiscal_start_month)

    def compose(self) -> ComposeResult:
        yield Static(id="patterns-title")
        with VerticalScroll(id="figures"):
            yield HeadlinePanel()
            yield ListPanel("client-summary", "For the coach")
            yield ChartPanel(
                "series", f"Per quarter, in the bundle · {SLIPS_AND_SAVES}", lists_entries=False
            )
            yield ListPanel("triggers", f"Top triggers · {SLIPS_AND_SAVES}")
            yield ListPanel("save-rates", "Save rate per trigger")
            yield ChartPanel(
                "weeks",
                f"Week of quarter · {SLIPS_AND_SAVES}",
                with_crunch=True,
                lists_entries=False,
            )
            yield ChartPanel("weekdays", f"Weekday · {SLIPS_AND_SAVES}", lists_entries=False)
            yield ListPanel("control", "Was it mine to control? (slips)")
            yield ListPanel("recovery", "Recovery (slips)")
            yield ListPanel("coverage", "Days journaled")
            yield ListPanel("commitments", "Commitments")
            with Panel("due", "Commitments for this quarter, as the review judged them"):
                yield Static(id="due")
            yield ListPanel("reflection", "The review, in the client's words")
        yield FittedFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#headline", DataTable).focus()

    def _figures(self) -> Patterns:
        found = self.bundle.patterns(self.index)
        commitments = tuple(replace(c, plan=c.plan or NOT_SHARED) for c in found.commitments)
        return replace(found, commitments=commitments)

    def _show(self) -> None:
        figures = self._figures()
        today, calendar, palette = figures.observed_end, self.calendar, Palette.of(self)
        period = figures.period
        title = Text.assemble(
            (f" {self.bundle.client} · {period.label} ", "bold reverse"),
            " ",
            span_text(period.start, period.end),
        )
        if figures.running:
            title.append(f" · still running: counted up to {figures.observed_end}", style="bold")
        title.append(f" · from {self.bundle.file}", style="dim")
        self.query_one("#patterns-title", Static).update(title)
        show_figure_panels(self, figures, today=today, calendar=calendar, palette=palette)
        self._list("client-summary").show_lines(self._summary(figures), "")
        self.query_one("#due", Static).update(self._due(figures))
        self._list("reflection").show_lines(self._reflection(period.label), "")

    def _summary(self, figures: Patterns) -> list[Line]:
        row = ClientRow(self.bundle)
        lines = [_line("Against the quarter before", trend_text(row))]
        due = [c for c in figures.commitments if c.quarter == figures.period.label]
        judged = [c for c in due if c.outcome is not None]
        if due:
            kept = sum(c.outcome == "kept" for c in judged)
            lines.append(
                _line("Commitments for the quarter", f"{kept} of {len(judged)} judged kept"
                      f" ({len(due) - len(judged)} not judged)")
            )  # fmt: skip
        bundle = self.bundle
        lines.append(
            _line(
                "Follow-ups",
                f"{bundle.follow_ups_open} open ({bundle.follow_ups_due} due),"
                f" {bundle.follow_ups_closed} closed",
            )
        )
        return lines

    def _due(self, figures: Patterns) -> Text:
        """The review's own words for each commitment made for the quarter, and its
        judgement."""
        due = [c for c in figures.commitments if c.quarter == figures.period.label]
        if not due:
            return Text(f"No commitment was made for {figures.period.label}.", style="dim")
        text = Text()
        for number, commitment in enumerate(due):
            if number:
                text.append("\n\n")
            text.append_text(due_text(commitment))
            judged = commitment.outcome
            text.append("\nJudged: ", style="bold")
            text.append(outcome_text(judged) if judged else "not yet")
        return text

    def _reflection(self, label: str) -> list[Line]:
        review = self.bundle.review
        if review is None or review.quarter != label:
            return [_line("Not shared (the client can add it: --with-reflection).")]
        return [
            _line(name, text)
            for name, text in (
                ("Reflection", review.reflection),
                ("Start", review.start),
                ("Stop", review.stop),
                ("Continue", review.carry_on),
            )
            if text.strip()
        ] or [_line("The review has no words yet.")]

    def _list(self, list_id: str) -> ListPanel:
        return self.query_one(f"#{list_id}-panel", ListPanel)

    def _chart(self, chart_id: str) -> ChartPanel:
        return self.query_one(f"#{chart_id}-panel", ChartPanel)

    def action_step(self, direction: int) -> None:
        index = self.index + direction
        if not 0 <= index < len(self.bundle.quarters):
            edge = "first" if direction < 0 else "last"
            self.notify(
                f"That is the {edge} quarter in {self.bundle.client}'s bundle.",
                timeout=3,
                markup=False,
            )
            return
        self.index = index
        self._show()

    def action_close(self) -> None:
        self.dismiss()

    @on(FigurePicked)
    def _picked(self, event: FigurePicked) -> None:
        event.stop()
        self.notify(FIGURES_ONLY, timeout=4, markup=False)
