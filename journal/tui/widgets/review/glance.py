"""Step 1 of the review: the quarter at a glance beside the quarters it is compared with."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label, Static

from journal.periods import Calendar
from journal.sentences import (
    compared_cell,
    compared_heading,
    crunch_text,
    follow_ups_text,
    glance_intro,
    plural,
    rate_text,
    short_span,
)
from journal.services.analytics.figures import CRUNCH_DAYS, MIN_CASES, Headline, Patterns
from journal.services.entries import EntryFilter
from journal.services.reviews import Review
from journal.tui.widgets.pattern_charts import FigurePicked
from journal.tui.widgets.review.step import ReviewStep

TOP_TRIGGERS = 8  # the rest are on the patterns screen
BARS = " ▁▂▃▄▅▆▇█"


def weeks_chart(patterns: Patterns, week_start: int) -> Text:
    """Slips by week of the quarter as a row of bars with the counts under them."""
    weeks = patterns.weeks
    quarter = patterns.period.quarter
    last_seen = len(weeks)
    closing_from = len(weeks) + 1
    if quarter is not None:
        last_seen = quarter.week_of_quarter(patterns.observed_end, week_start)
        closing_from = quarter.week_of_quarter(quarter.closing_from(CRUNCH_DAYS), week_start)
    tallest = max((bucket.slips for bucket in weeks), default=0) or 1
    bars, counts, labels = Text("slips "), Text("      "), Text("week  ", style="dim")
    for bucket in weeks:
        number = int(bucket.key)
        future = number > last_seen
        style = "dim" if future else ("bold" if number >= closing_from else "")
        level = round(bucket.slips / tallest * (len(BARS) - 1))
        bars.append(f"{BARS[level] * 2} ", style=style)
        counts.append(f"{'·' if future else bucket.slips:>2} ", style=style)
        labels.append(f"{number:>2} ", style="dim")
    return Text("\n").join([bars, counts, labels])


class GlanceStep(ReviewStep):
    """Slips, saves and save rate against the previous quarter and a year earlier, the top
    triggers, and when in the quarter the slips fell; every number lists its entries."""

    def __init__(self) -> None:
        super().__init__("glance")
        self.review: Review | None = None
        self.today = date.min
        self.calendar = Calendar()

    async def show(self, review: Review, *, today: date, calendar: Calendar) -> None:
        self.review, self.today, self.calendar = review, today, calendar
        await self.fill(self._widgets(review))
        self._fill_tables(review)

    def _widgets(self, review: Review) -> list[Widget]:
        patterns = review.patterns
        widgets: list[Widget] = [
            Static(glance_intro(review), id="glance-intro", classes="para"),
            Label("Slips and saves", classes="section"),
            DataTable(cursor_type="cell", id="headline-table", classes="figures"),
            Static(
                f"In brackets: how {review.quarter.label} differs from that quarter (a percentage"
                f" only from {MIN_CASES} slips up). Enter on a number lists its entries.",
                classes="hint",
            ),
            Label("Top triggers", classes="section"),
        ]
        if patterns.triggers:
            widgets.append(DataTable(cursor_type="row", id="triggers-table", classes="figures"))
            more = len(patterns.triggers) - TOP_TRIGGERS
            widgets.append(
                Static(
                    "Enter lists a trigger's entries."
                    + (f" {more} more triggers on the patterns screen (p)." if more > 0 else ""),
                    classes="hint",
                )
            )
        else:
            widgets.append(
                Static("No entries carry a trigger in this quarter yet.", classes="para")
            )
        widgets += [
            Label("When in the quarter slips fall", classes="section"),
            Static(weeks_chart(patterns, self.calendar.week_start), id="weeks-chart"),
            Static(
                crunch_text(patterns.crunch, patterns.period, form="review"),
                id="crunch",
                classes="para",
            ),
        ]
        if patterns.crunch.crunch_slips:
            widgets.append(
                Button(
                    f"The {plural(patterns.crunch.crunch_slips, 'slip')} of the closing weeks",
                    id="crunch-entries",
                    compact=True,
                )
            )
        widgets += [
            Label("Follow-ups", classes="section"),
            Static(follow_ups_text(patterns.follow_ups), id="follow-ups", classes="para"),
        ]
        return widgets

    def _fill_tables(self, review: Review) -> None:
        patterns = review.patterns
        days = patterns.observed_days
        headline = patterns.headline
        table = self.query_one("#headline-table", DataTable)
        previous, earlier = patterns.previous, patterns.year_earlier
        table.add_column("", key="what")
        table.add_column(
            f"{review.quarter.label} so far" if review.running else review.quarter.label,
            key="now",
        )
        for key, compared in (("previous", previous), ("earlier", earlier)):
            table.add_column(
                compared_heading(compared.against, running=review.running, days=days), key=key
            )

        def row(name: str, now: int, pick: str, percents: tuple[float | None, ...]) -> None:
            cells: list[str | Text] = [Text(name, style="bold"), Text(str(now), style="bold")]
            for compared, percent in zip((previous, earlier), percents, strict=True):
                then = getattr(compared.against, pick)
                cells.append(compared_cell(now, then, percent=percent))
            table.add_row(*cells, key=pick)

        row("Slips", headline.slips, "slips", (previous.slips_percent, earlier.slips_percent))
        row("Saves", headline.saves, "saves", (None, None))
        row(
            "Severity-weighted",
            headline.weighted_slips,
            "weighted_slips",
            (previous.weighted_percent, earlier.weighted_percent),
        )
        table.add_row(
            Text("Save rate", style="bold"),
            Text(rate_text(headline.save_rate), style="bold"),
            rate_text(previous.against.save_rate),
            rate_text(earlier.against.save_rate),
            key="save_rate",
        )
        table.move_cursor(row=0, column=1)

        if not patterns.triggers:
            return
        triggers = self.query_one("#triggers-table", DataTable)
        triggers.add_columns("Trigger", "Slips", "Saves", "Severity", "Save rate")
        for figure in patterns.triggers[:TOP_TRIGGERS]:
            triggers.add_row(
                figure.name,
                str(figure.slips),
                str(figure.saves),
                str(figure.weighted_slips),
                rate_text(figure.save_rate),
                key=figure.trigger_id,
            )

    # --- the entries behind a number ------------------------------------------------------

    def _headline_filter(self, column: str, row: str) -> tuple[str, EntryFilter]:
        """The entries behind one number of the slips-and-saves table."""
        review = self.review
        assert review is not None
        patterns = review.patterns
        compared: dict[str, Headline] = {
            "previous": patterns.previous.against,
            "earlier": patterns.year_earlier.against,
        }
        headline = compared.get(column, patterns.headline)
        period = headline.period
        end = period.observed_end(self.today)
        kind = {"slips": "slip", "saves": "save", "weighted_slips": "slip"}.get(row)
        flt = EntryFilter(
            date_from=period.start,
            date_to=end,
            kind=kind,
            fiscal_start_month=self.calendar.fiscal_start_month,
            week_start=self.calendar.week_start,
        )
        what = {"slip": "Slips", "save": "Saves"}.get(kind or "", "Slips and saves")
        return f"{what} in {period.label}, {short_span(period.start, end)}", flt

    @on(DataTable.CellSelected, "#headline-table")
    def _headline_chosen(self, event: DataTable.CellSelected) -> None:
        column = str(event.cell_key.column_key.value)
        row = str(event.cell_key.row_key.value)
        self.post_message(FigurePicked(*self._headline_filter(column, row)))

    @on(DataTable.RowSelected, "#triggers-table")
    def _trigger_chosen(self, event: DataTable.RowSelected) -> None:
        review = self.review
        assert review is not None
        trigger_id = str(event.row_key.value)
        figure = next(f for f in review.patterns.triggers if f.trigger_id == trigger_id)
        self.post_message(FigurePicked(f"{figure.name} in {review.quarter.label}", figure.entries))

    @on(Button.Pressed, "#crunch-entries")
    def _crunch_chosen(self) -> None:
        review = self.review
        assert review is not None
        title = f"Slips in the last three weeks of {review.quarter.label}"
        self.post_message(FigurePicked(title, review.patterns.crunch.entries))
