"""What keeps winning over customers: a period's figures, each leading to the entries behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Static

from journal.errors import JournalError
from journal.periods import Period, parse_period, period_hint
from journal.sentences import (
    change_cell,
    compared_label,
    crunch_text,
    day_text,
    followed_text,
    headline_note,
    plural,
    rate_change,
    rate_text,
    short_day,
    signed,
    span_text,
    trend_text,
    week_span,
    window_text,
)
from journal.services.analytics.figures import (
    CRUNCH_DAYS,
    MIN_CASES,
    Change,
    Headline,
    Patterns,
    Share,
)
from journal.services.entries import EntryFilter
from journal.tui.screens.base import JournalAppScreen
from journal.tui.screens.entries_behind import EntriesBehindScreen
from journal.tui.widgets.pattern_charts import (
    ChartBar,
    ColumnChart,
    CursorMoved,
    FigureList,
    FigurePicked,
    FigureRow,
    Palette,
    SplitBar,
    figure_row,
)

# --- the screen -------------------------------------------------------------------------------


class PatternsScreen(JournalAppScreen):
    """A period's slips and saves, what triggered them, when they fell and what came after."""

    CSS_PATH = "patterns.tcss"

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
        self._headline_cells: dict[tuple[int, int], tuple[str, EntryFilter]] = {}
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
            with Vertical(id="headline-panel", classes="panel") as panel:
                panel.border_title = "Slips and saves"
                yield DataTable(
                    id="headline", cursor_type="cell", show_cursor=True, zebra_stripes=False
                )
                yield Static(id="headline-note", classes="note")
            with Vertical(id="series-panel", classes="panel") as panel:
                panel.border_title = (
                    "Per quarter, last eight · [$error]■ slips[/] [$success]■ saves[/]"
                )
                yield ColumnChart(id="series")
                yield Static(id="series-caption", classes="caption")
            with Vertical(id="triggers-panel", classes="panel") as panel:
                panel.border_title = "Top triggers · [$error]■ slips[/] [$success]■ saves[/]"
                yield FigureList(id="triggers")
            with Vertical(id="save-rates-panel", classes="panel") as panel:
                panel.border_title = "Save rate per trigger"
                yield FigureList(id="save-rates")
            with Vertical(id="weeks-panel", classes="panel") as panel:
                panel.border_title = "Week of quarter · [$error]■ slips[/] [$success]■ saves[/]"
                yield ColumnChart(id="weeks")
                yield Static(id="weeks-caption", classes="caption")
                yield FigureList(id="crunch")
            with Vertical(id="weekdays-panel", classes="panel") as panel:
                panel.border_title = "Weekday · [$error]■ slips[/] [$success]■ saves[/]"
                yield ColumnChart(id="weekdays")
                yield Static(id="weekdays-caption", classes="caption")
            with Vertical(id="pairs-panel", classes="panel") as panel:
                panel.border_title = "Triggers that come together"
                yield FigureList(id="pairs")
            with Vertical(id="customers-panel", classes="panel") as panel:
                panel.border_title = (
                    "Customers that keep coming back · [$error]■ slips[/] [$success]■ saves[/]"
                )
                yield FigureList(id="customers")
            with Vertical(id="control-panel", classes="panel") as panel:
                panel.border_title = "Was it mine to control? (slips)"
                yield FigureList(id="control")
            with Vertical(id="recovery-panel", classes="panel") as panel:
                panel.border_title = "Recovery (slips)"
                yield FigureList(id="recovery")
            with Vertical(id="coverage-panel", classes="panel") as panel:
                panel.border_title = "Days journaled"
                yield FigureList(id="coverage")
            with Vertical(id="commitments-panel", classes="panel") as panel:
                panel.border_title = "Commitments"
                yield FigureList(id="commitments")
        yield Footer()

    def on_mount(self) -> None:
        app = self.journal_app
        self.period = Period.of_quarter(app.quarter)
        self.query_one("#period-input", Input).placeholder = (
            period_hint(app.settings.fiscal_year_start_month) + "; Enter shows it"
        )
        table = self.query_one("#headline", DataTable)
        table.add_columns("", "slips", "weighted", "saves", "save rate")
        self._show_title()
        self.query_one("#headline", DataTable).focus()
        # The first figures are counted here rather than in a worker (tens of milliseconds at
        # 100,000 entries), so the first frame is laid out once, with them in it.
        self._show(app.journal.patterns(self.period, today=app.today, calendar=app.calendar))

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
            app.call_from_thread(self.notify, str(error), severity="error")
            return
        app.call_from_thread(self._show, figures)

    def _show(self, figures: Patterns) -> None:
        if figures.period != self.period:
            return  # a later step asked for another period
        self.figures = figures
        self._show_title()
        self._show_headline(figures)
        self._show_series(figures)
        self._show_triggers(figures)
        self._show_weeks(figures)
        self._show_weekdays(figures)
        self._show_lists(figures)

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

    @on(DataTable.CellSelected, "#headline")
    def _headline_picked(self, event: DataTable.CellSelected) -> None:
        event.stop()
        picked = self._headline_cells.get((event.coordinate.row, event.coordinate.column))
        if picked is not None:
            self.app.push_screen(EntriesBehindScreen(*picked))

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        caption_id = f"#{event.chart.id}-caption"
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
        text.append("   ←/→ move · Enter lists them", style="dim")
        self.query_one(caption_id, Static).update(text)

    # --- the figures --------------------------------------------------------------------------

    def _base(self, period: Period, end: date) -> EntryFilter:
        calendar = self.journal_app.calendar
        return EntryFilter(
            date_from=period.start,
            date_to=end,
            fiscal_start_month=calendar.fiscal_start_month,
            week_start=calendar.week_start,
        )

    def _show_headline(self, figures: Patterns) -> None:
        table = self.query_one("#headline", DataTable)
        keep = table.cursor_coordinate
        table.clear()
        self._headline_cells = {}
        today = self.journal_app.today
        current = figures.headline

        def period_row(headline: Headline, label: str) -> None:
            row = table.row_count
            end = headline.period.observed_end(today)
            base = self._base(headline.period, end)
            where = f"{headline.period.label}, {span_text(headline.period.start, end)}"
            slips = (f"Slips in {where}", replace(base, kind="slip"))
            saves = (f"Saves in {where}", replace(base, kind="save"))
            everything = (f"Slips and saves in {where}", base)
            for column, picked in enumerate((everything, slips, slips, saves, everything)):
                self._headline_cells[(row, column)] = picked
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
                self._headline_cells[(row, column)] = self._headline_cells[(row - 1, column)]
            table.add_row(
                Text("  change", style="dim"),
                change_cell(change.slips, change.slips_percent),
                change_cell(change.weighted_slips, change.weighted_percent),
                signed(change.saves),
                rate_change(current.save_rate, change.against.save_rate),
            )

        running = figures.running
        period_row(
            current,
            f"{current.period.label} so far" if running else current.period.label,
        )
        for change in (figures.previous, figures.year_earlier):
            period_row(change.against, compared_label(change.against.period, form="screen"))
            change_row(change)
        if keep.row < table.row_count:
            table.cursor_coordinate = keep
        self.query_one("#headline-note", Static).update(headline_note(figures))

    def _show_series(self, figures: Patterns) -> None:
        today = self.journal_app.today
        bars = []
        for point in figures.series:
            quarter = point.quarter
            end = min(quarter.end, today)
            so_far = " so far" if end < quarter.end else ""
            bars.append(
                ChartBar(
                    label=quarter.short_label,
                    title=f"{quarter.label}{so_far}",
                    slips=point.slips,
                    saves=point.saves,
                    entries=self._base(Period.of_quarter(quarter), end),
                )
            )
        cursor = next(
            (
                i
                for i, point in enumerate(figures.series)
                if point.quarter == figures.period.quarter
            ),
            None,
        )
        last = len(bars) - 1
        self.query_one("#series", ColumnChart).show(bars, cursor=last if cursor is None else cursor)

    def _show_triggers(self, figures: Patterns) -> None:
        palette = Palette.of(self)
        where = self._in(figures.period)
        seen = [figure for figure in figures.triggers if figure.slips or figure.saves]
        scale = max((figure.slips + figure.saves for figure in seen), default=1)
        self._fill(
            "#triggers",
            [
                Line(
                    figure.name + (" (retired)" if figure.retired else ""),
                    SplitBar(figure.slips, figure.saves, scale, palette.slip, palette.save),
                    self._slips_saves(figure.slips, figure.saves, palette).append(
                        f" · weighted {figure.weighted_slips}", style="dim"
                    ),
                    f"{figure.name}{where}",
                    figure.entries,
                )
                for figure in seen
            ],
            "No triggers tagged in this period.",
        )
        # Handled best first; those with too few cases last, with their counts only.
        rated = sorted(
            seen,
            key=lambda f: (not f.save_rate.enough, -(f.save_rate.value or 0.0), -f.slips),
        )
        self._fill(
            "#save-rates",
            [
                Line(
                    figure.name,
                    SplitBar(
                        figure.saves,
                        figure.slips,
                        figure.save_rate.whole,
                        palette.save,
                        palette.slip,
                    )
                    if figure.save_rate.enough
                    else None,
                    Text(
                        rate_text(figure.save_rate),
                        style="" if figure.save_rate.enough else "dim",
                    ),
                    f"{figure.name}{where}: save rate {rate_text(figure.save_rate)}",
                    figure.entries,
                )
                for figure in rated
            ],
            "No triggers tagged in this period.",
        )

    def _slips_saves(self, slips: int, saves: int, palette: Palette) -> Text:
        return Text.assemble(
            (plural(slips, "slip"), palette.slip), " · ", (plural(saves, "save"), palette.save)
        )

    def _fill(self, list_id: str, lines: list[Line], when_empty: str) -> None:
        """Show `lines` in a figure list with labels and counts lined up across rows."""
        figure_list = self.query_one(list_id, FigureList)
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

    def _show_weeks(self, figures: Patterns) -> None:
        period = figures.period
        crunch_week: int | None = None
        if period.quarter is not None:
            crunch_week = period.quarter.week_of_quarter(
                period.quarter.closing_from(CRUNCH_DAYS), self.journal_app.calendar.week_start
            )
        bars = [
            ChartBar(
                label=bucket.label,
                title=f"Week {bucket.key}{self._week_dates(period, bucket.key)}{self._in(period)}",
                slips=bucket.slips,
                saves=bucket.saves,
                entries=bucket.entries,
                marked=crunch_week is not None
                and isinstance(bucket.key, int)
                and bucket.key >= crunch_week,
            )
            for bucket in figures.weeks
        ]
        self.query_one("#weeks", ColumnChart).show(bars)
        crunch = figures.crunch
        palette = Palette.of(self)
        sentence = Text(crunch_text(crunch, period, form="screen"))
        if crunch.bunching:
            sentence.stylize(palette.crunch)
        self.query_one("#crunch", FigureList).show(
            [
                FigureRow(
                    Text.assemble(("Crunch ", f"bold {palette.crunch}"), sentence),
                    f"Slips in the last {CRUNCH_DAYS} days of a quarter{self._in(period)}",
                    crunch.entries,
                )
            ]
        )

    def _show_weekdays(self, figures: Patterns) -> None:
        period = figures.period
        bars = [
            ChartBar(
                label=bucket.label,
                title=f"{bucket.label}{self._in(period)}",
                slips=bucket.slips,
                saves=bucket.saves,
                entries=bucket.entries,
            )
            for bucket in figures.weekdays
        ]
        self.query_one("#weekdays", ColumnChart).show(bars)

    def _show_lists(self, figures: Patterns) -> None:
        palette = Palette.of(self)
        where = self._in(figures.period)
        self._fill(
            "#pairs",
            [
                Line(
                    f"{pair.first_name} + {pair.second_name}",
                    None,
                    Text.assemble(
                        plural(pair.entries_count, "entry", "entries"),
                        " · ",
                        (plural(pair.slips, "slip"), palette.slip),
                    ),
                    f"{pair.first_name} with {pair.second_name}{where}",
                    pair.entries,
                )
                for pair in figures.pairs
            ],
            f"No two triggers came together on {MIN_CASES} or more entries.",
        )
        scale = max((c.slips + c.saves for c in figures.customers), default=1)
        self._fill(
            "#customers",
            [
                Line(
                    figure.customer,
                    SplitBar(figure.slips, figure.saves, scale, palette.slip, palette.save),
                    self._slips_saves(figure.slips, figure.saves, palette).append(
                        f" · last {short_day(figure.last_on)}", style="dim"
                    ),
                    f"{figure.customer}{where}",
                    figure.entries,
                )
                for figure in figures.customers
            ],
            f"No customer came up {MIN_CASES} or more times.",
        )
        no_slips = "No slips in this period."

        def share_lines(shares: Iterable[Share], title: str) -> list[Line]:
            return [
                Line(
                    share.label,
                    SplitBar(share.rate.part, 0, share.rate.whole, palette.slip, palette.save)
                    if share.rate.enough
                    else None,
                    Text(rate_text(share.rate), style="" if share.rate.enough else "dim"),
                    f"{title}{share.label}{where}",
                    share.entries,
                )
                for share in shares
            ]

        shares = share_lines(figures.control, "Slips that were ")
        self._fill("#control", shares if figures.headline.slips else [], no_slips)
        recovery = share_lines(figures.recovery, "Slips with recovery: ")
        recovered = next((s for s in figures.recovery if s.key == "recovered"), None)
        if recovered is not None:
            recovery.append(
                Line(
                    "of those tried",
                    None,
                    Text(f"{rate_text(figures.recovered)} recovered"),
                    f"Slips recovered{where}",
                    recovered.entries,
                )
            )
        self._fill("#recovery", recovery if figures.headline.slips else [], no_slips)
        coverage = figures.coverage
        base = self._base(figures.period, figures.observed_end)
        self._fill(
            "#coverage",
            [
                Line(
                    "journaled",
                    None,
                    Text(f"{rate_text(coverage.journaled)} of the days so far"),
                    f"Every entry{where}",
                    base,
                ),
                Line(
                    "clean",
                    None,
                    Text(
                        f"{rate_text(coverage.clean)} of the days journaled (check-ins)",
                        style="dim",
                    ),
                    "",
                    None,  # check-ins are not entries: nothing to list
                ),
                Line(
                    "with a slip",
                    None,
                    Text(plural(coverage.slip_days, "day")),
                    f"Slips{where}",
                    replace(base, kind="slip"),
                ),
            ],
            "",
        )
        self._show_commitments(figures, self.journal_app.today)

    def _show_commitments(self, figures: Patterns, today: date) -> None:
        palette = Palette.of(self)
        rows = []
        for figure in figures.commitments:
            line = Text.assemble(
                ("If ", "dim"),
                (figure.trigger_name, "bold"),
                (" shows up: ", "dim"),
                figure.plan,
                (f"  ({figure.quarter}, set {day_text(figure.set_on)})", "dim"),
                "\n   slips a week: ",
                window_text(figure.before, form="screen"),
                " before → ",
                window_text(figure.after, form="screen"),
                " after",
            )
            if figure.trend is not None:
                trend_style = (
                    palette.save
                    if figure.trend == "fewer"
                    else (palette.slip if figure.trend == "more" else "")
                )
                line.append(f" ({trend_text(figure.trend, form='screen')})", style=trend_style)
            else:
                line.append(f" ({trend_text(None, form='screen')})", style="dim")
            line.append(f" · {followed_text(figure, form='screen')}")
            rows.append(
                FigureRow(
                    line,
                    f"Entries that answered “if {figure.trigger_name} shows up”",
                    figure.entries,
                )
            )
        self.query_one("#commitments", FigureList).show(
            rows
            or [
                FigureRow(
                    Text(
                        "No commitment ran in this period. Set them in the review (r).", style="dim"
                    ),
                    "",
                    None,
                )
            ]
        )

    # --- helpers ----------------------------------------------------------------------------

    def _week_dates(self, period: Period, week: int | str) -> str:
        """' (12-18 Oct)': the days of a quarter's week, cut to the quarter."""
        if period.quarter is None or not isinstance(week, int):
            return ""
        return week_span(*period.quarter.week_days(week, self.journal_app.calendar.week_start))

    def _in(self, period: Period) -> str:
        return f" in {period.label}"

    def _label_width(self, labels: Iterable[str]) -> int:
        """Labels take up to a third of the width, and no more than the longest needs."""
        longest = max((len(str(label)) for label in labels), default=10)
        limit = max(16, self.size.width // 3)
        return max(8, min(longest, limit))


@dataclass(frozen=True, slots=True)
class Line:
    """A figure list's row before it is laid out: label, bar, counts and what it leads to."""

    label: str
    bar: SplitBar | None
    counts: Text
    title: str
    entries: EntryFilter | None
