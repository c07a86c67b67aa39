"""What keeps winning over customers: a period's figures, each leading to the entries behind it.

The screen picks the period (stepping, or typed), counts its figures in a worker and hands
them to its panels (`journal.tui.widgets.pattern_panels`); a figure chosen in any panel lists
the entries behind it.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Static

from journal.errors import JournalError
from journal.periods import Period, parse_period, period_hint
from journal.sentences import day_text, plural, span_text
from journal.services.analytics.figures import DayCount, Patterns
from journal.tui.screens.base import JournalAppScreen
from journal.tui.screens.entries_behind import EntriesBehindScreen
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
    NO_CUSTOMERS,
    NO_PAIRS,
    customer_lines,
    pair_lines,
)
from journal.tui.widgets.year_heatmap import YEAR_DAYS, YearHeatmap


class PatternsScreen(JournalAppScreen):
    """A period's slips and saves, what triggered them, when they fell and what came after."""

    CSS_PATH = "patterns.tcss"
    # The headline table has the focus from the start: Textual's choice, the first focusable
    # widget, was the hidden period box, and the footer was built for its keys and rebuilt
    # three times once the table took the focus.
    AUTO_FOCUS = "#headline"
    # Two columns of panels only where each is wide enough for its table and sentences: at
    # 120 columns a panel of 58 cut the save rates and the week labels ran together.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]

    BINDINGS = [
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Earlier",
            id="patterns-earlier",
            tooltip="The period before (the previous quarter)",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Later",
            id="patterns-later",
            tooltip="The period after (the next quarter)",
        ),
        Binding(
            "slash",
            "type_period",
            "Period",
            id="patterns-period",
            tooltip="Type a quarter or a date range",
        ),
        Binding("escape", "close", "Back", id="patterns-close", tooltip="Back to the journal"),
    ]

    def __init__(self) -> None:
        super().__init__(id="patterns")
        self.period: Period | None = None
        self.figures: Patterns | None = None
        self._covered = False  # another screen was opened over this one

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="patterns-title")
        with Vertical(id="period-bar"):
            with Horizontal(id="period-row"):
                yield Label("Period", id="period-label")
                yield Input(id="period-input")
            yield Label("", id="period-problem")
        with VerticalScroll(id="figures"):
            yield HeadlinePanel()
            yield ChartPanel("series", f"Per quarter, last eight · {SLIPS_AND_SAVES}")
            yield ListPanel("triggers", f"Top triggers · {SLIPS_AND_SAVES}")
            yield ListPanel("save-rates", "Save rate per trigger")
            yield ChartPanel("weeks", f"Week of quarter · {SLIPS_AND_SAVES}", with_crunch=True)
            yield ChartPanel("weekdays", f"Weekday · {SLIPS_AND_SAVES}")
            yield ListPanel("pairs", "Triggers that come together")
            yield ListPanel("customers", f"Customers that keep coming back · {SLIPS_AND_SAVES}")
            yield ListPanel("control", "Was it mine to control? (slips)")
            yield ListPanel("recovery", "Recovery (slips)")
            yield ListPanel("coverage", "Days journaled")
            yield ListPanel("commitments", "Commitments")
            with Panel("year", "The year at a glance"):
                yield YearHeatmap(id="year")
        yield FittedFooter()

    def on_mount(self) -> None:
        app = self.journal_app
        self.period = Period.of_quarter(app.quarter)
        self.query_one("#period-input", Input).placeholder = (
            period_hint(app.settings.fiscal_year_start_month) + "; Enter shows it"
        )
        self._show_title()
        # The running quarter counted here (~20 ms at 100,000 entries): the first paint shows
        # its figures, where a worker's answer came after the empty panels had been laid out
        # and painted once, and had to wait for the screen being built to let it run.
        app = self.journal_app
        try:
            figures = app.journal.patterns(self.period, today=app.today, calendar=app.calendar)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self._show(figures)

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        if self._covered:
            self._covered = False
            self.load()  # an entry may have been edited from the entries behind a figure

    # --- counting ---------------------------------------------------------------------------

    def load(self) -> None:
        if self.period is not None:
            self._count(self.period)

    @work(thread=True, exclusive=True, group="patterns")
    def _count(self, period: Period) -> None:
        app = self.journal_app
        try:
            figures = app.journal.patterns(period, today=app.today, calendar=app.calendar)
        except JournalError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._show, figures)

    def _show(self, figures: Patterns) -> None:
        if figures.period != self.period:
            return  # a later step asked for another period
        self.figures = figures
        self._show_title()
        app = self.journal_app
        today, calendar, palette = app.today, app.calendar, Palette.of(self)
        show_figure_panels(self, figures, today=today, calendar=calendar, palette=palette)
        self._list("pairs").show_lines(pair_lines(figures, palette), NO_PAIRS)
        self._list("customers").show_lines(customer_lines(figures, palette), NO_CUSTOMERS)
        # The year is read after this paint, so it never delays the figures.
        self.call_after_refresh(self._read_year, figures.period, figures.observed_end)

    @work(thread=True, exclusive=True, group="patterns-year")
    def _read_year(self, period: Period, end: date) -> None:
        app = self.journal_app
        start = end - timedelta(days=YEAR_DAYS)
        try:
            days = app.journal.day_counts(start, end)
        except JournalError:
            return
        self.app.call_from_thread(self._show_year, period, days, start, end)

    def _show_year(
        self, period: Period, days: tuple[DayCount, ...], start: date, end: date
    ) -> None:
        if period != self.period:
            return
        self.query_one(YearHeatmap).show(
            days, start=start, end=end, calendar=self.journal_app.calendar
        )

    def _list(self, list_id: str) -> ListPanel:
        return self.query_one(f"#{list_id}-panel", ListPanel)

    def _chart(self, chart_id: str) -> ChartPanel:
        return self.query_one(f"#{chart_id}-panel", ChartPanel)

    # --- the period ---------------------------------------------------------------------------

    def _show_title(self) -> None:
        period = self.period
        if period is None:
            return
        today = self.journal_app.today
        title = Text.assemble((f" Patterns · {period.label} ", "bold reverse"), " ")
        if period.quarter is not None:
            title.append(span_text(period.start, period.end))
        else:
            title.append(plural(period.days, "day"))
        if period.start <= today < period.end:
            day = (today - period.start).days + 1
            title.append(
                f" · still running: counted up to {day_text(today)} (day {day} of {period.days})",
                style="bold",
            )
        elif period.start > today:
            title.append(" · not started yet", style="bold")
        if self.figures is None or self.figures.period != period:
            title.append(" · counting…", style="dim")
        self.query_one("#patterns-title", Static).update(title)

    def action_step(self, direction: int) -> None:
        if self.period is None:
            return
        period = self.period.previous() if direction < 0 else self.period.next()
        if period.start > self.journal_app.today:
            self.notify(
                f"{self.period.label} is the latest period; nothing after it has happened yet.",
                timeout=3,
            )
            return
        self._go_to(period)

    def _go_to(self, period: Period) -> None:
        self.period = period
        self._show_title()
        self.load()

    def action_type_period(self) -> None:
        bar = self.query_one("#period-bar")
        bar.add_class("-open")
        field = self.query_one("#period-input", Input)
        if self.period is not None and not field.value:
            field.value = (
                self.period.label
                if self.period.quarter
                else (f"{self.period.start.isoformat()}..{self.period.end.isoformat()}")
            )
            field.select_all()
        field.focus()

    def _close_period_bar(self) -> None:
        self.query_one("#period-bar").remove_class("-open")
        self.query_one("#period-problem", Label).update("")
        self.query_one("#period-input", Input).value = ""
        self.query_one("#headline", DataTable).focus()

    @on(Input.Submitted, "#period-input")
    def _period_typed(self, event: Input.Submitted) -> None:
        app = self.journal_app
        try:
            period = parse_period(
                event.value,
                today=app.today,
                fiscal_start_month=app.settings.fiscal_year_start_month,
                ranges=True,
                started=True,
            )
        except JournalError as error:
            message = str(error)
            self.query_one("#period-problem", Label).update(message[:1].upper() + message[1:])
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        self._close_period_bar()
        self._go_to(period)

    @on(Input.Changed, "#period-input")
    def _period_editing(self) -> None:
        self.query_one("#period-problem", Label).update("")
        self.query_one("#period-input", Input).remove_class("-invalid")

    def action_close(self) -> None:
        if self.query_one("#period-bar").has_class("-open"):
            self._close_period_bar()
            return
        self.dismiss()

    # --- going to the entries -----------------------------------------------------------------

    @on(FigurePicked)
    def _picked(self, event: FigurePicked) -> None:
        event.stop()
        self.app.push_screen(EntriesBehindScreen(event.title, event.entries))
