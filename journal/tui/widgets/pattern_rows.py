"""What the patterns screen's panels show, built from a period's `Patterns`: the bars of its
charts and the rows of its lists, each with the entries it leads to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from rich.text import Text

from journal.periods import Calendar, Period
from journal.sentences import (
    crunch_text,
    day_text,
    followed_text,
    named,
    plural,
    rate_text,
    short_day,
    trend_text,
    week_span,
    window_text,
)
from journal.services.analytics.figures import CRUNCH_DAYS, MIN_CASES, Patterns, Share
from journal.services.entries import EntryFilter
from journal.tui.widgets.pattern_charts import ChartBar, FigureRow, Palette, SplitBar

NO_PAIRS = f"No two triggers came together on {MIN_CASES} or more entries."
NO_CUSTOMERS = f"No customer came up {MIN_CASES} or more times."
NO_TRIGGERS = "No triggers tagged in this period."
NO_SLIPS = "No slips in this period."


@dataclass(frozen=True, slots=True)
class Line:
    """A figure list's row before it is laid out: label, bar, counts and what it leads to."""

    label: str
    bar: SplitBar | None
    counts: Text
    title: str
    entries: EntryFilter | None


def entries_between(period: Period, end: date, calendar: Calendar) -> EntryFilter:
    """Every entry of `period` up to `end`, with the calendar its weeks are counted in."""
    return EntryFilter(
        date_from=period.start,
        date_to=end,
        fiscal_start_month=calendar.fiscal_start_month,
        week_start=calendar.week_start,
    )


def _in(period: Period) -> str:
    return f" in {period.label}"


# --- charts -----------------------------------------------------------------------------------


def series_bars(
    figures: Patterns, *, today: date, calendar: Calendar
) -> tuple[list[ChartBar], int]:
    """The last eight quarters, and the bar of the period shown (else the latest)."""
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
                entries=entries_between(Period.of_quarter(quarter), end, calendar),
            )
        )
    cursor = next(
        (i for i, point in enumerate(figures.series) if point.quarter == figures.period.quarter),
        None,
    )
    return bars, len(bars) - 1 if cursor is None else cursor


def week_bars(figures: Patterns, *, calendar: Calendar) -> list[ChartBar]:
    """Slips and saves by week of the quarter, the closing weeks marked."""
    period = figures.period
    crunch_week: int | None = None
    last_begun: int | None = None  # weeks after it have not come yet
    if period.quarter is not None:
        closing = period.quarter.closing_from(CRUNCH_DAYS)
        crunch_week = period.quarter.week_of_quarter(closing, calendar.week_start)
        if figures.running:
            last_begun = period.quarter.week_of_quarter(figures.observed_end, calendar.week_start)
    return [
        ChartBar(
            label=bucket.label,
            title=f"Week {bucket.key}{_week_dates(period, bucket.key, calendar)}{_in(period)}",
            slips=bucket.slips,
            saves=bucket.saves,
            entries=bucket.entries,
            marked=crunch_week is not None
            and isinstance(bucket.key, int)
            and bucket.key >= crunch_week,
            to_come=last_begun is not None
            and isinstance(bucket.key, int)
            and bucket.key > last_begun,
        )
        for bucket in figures.weeks
    ]


def _week_dates(period: Period, week: int | str, calendar: Calendar) -> str:
    """' (12-18 Oct)': the days of a quarter's week, cut to the quarter."""
    if period.quarter is None or not isinstance(week, int):
        return ""
    return week_span(*period.quarter.week_days(week, calendar.week_start))


def crunch_rows(figures: Patterns, palette: Palette) -> list[FigureRow]:
    """The crunch in a sentence, leading to the slips of the closing weeks."""
    crunch = figures.crunch
    sentence = Text(crunch_text(crunch, figures.period, form="screen"))
    if crunch.bunching:
        sentence.stylize(palette.crunch)
    return [
        FigureRow(
            Text.assemble(("Crunch ", f"bold {palette.crunch}"), sentence),
            f"Slips in the last {CRUNCH_DAYS} days of a quarter{_in(figures.period)}",
            crunch.entries,
        )
    ]


def weekday_bars(figures: Patterns) -> list[ChartBar]:
    return [
        ChartBar(
            label=bucket.label,
            title=f"{bucket.label}{_in(figures.period)}",
            slips=bucket.slips,
            saves=bucket.saves,
            entries=bucket.entries,
        )
        for bucket in figures.weekdays
    ]


# --- lists --------------------------------------------------------------------------------------


def _slips_saves(slips: int, saves: int, palette: Palette) -> Text:
    return Text.assemble(
        (plural(slips, "slip"), palette.slip), " · ", (plural(saves, "save"), palette.save)
    )


def trigger_lines(figures: Patterns, palette: Palette) -> list[Line]:
    """Triggers by slips, each as a bar of its slips and saves."""
    where = _in(figures.period)
    seen = [figure for figure in figures.triggers if figure.slips or figure.saves]
    scale = max((figure.slips + figure.saves for figure in seen), default=1)
    return [
        Line(
            figure.name + (" (retired)" if figure.retired else ""),
            SplitBar(figure.slips, figure.saves, scale, palette.slip, palette.save),
            _slips_saves(figure.slips, figure.saves, palette).append(
                f" · weighted {figure.weighted_slips}", style="dim"
            ),
            f"{figure.name}{where}",
            figure.entries,
        )
        for figure in seen
    ]


def save_rate_lines(figures: Patterns, palette: Palette) -> list[Line]:
    """Each trigger's save rate, handled best first; those with too few cases last, with
    their counts only."""
    where = _in(figures.period)
    seen = [figure for figure in figures.triggers if figure.slips or figure.saves]
    rated = sorted(
        seen,
        key=lambda f: (not f.save_rate.enough, -(f.save_rate.value or 0.0), -f.slips),
    )
    return [
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
            Text(rate_text(figure.save_rate), style="" if figure.save_rate.enough else "dim"),
            f"{figure.name}{where}: save rate {rate_text(figure.save_rate)}",
            figure.entries,
        )
        for figure in rated
    ]


def pair_lines(figures: Patterns, palette: Palette) -> list[Line]:
    where = _in(figures.period)
    return [
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
    ]


def customer_lines(figures: Patterns, palette: Palette) -> list[Line]:
    where = _in(figures.period)
    scale = max((c.slips + c.saves for c in figures.customers), default=1)
    return [
        Line(
            figure.customer,
            SplitBar(figure.slips, figure.saves, scale, palette.slip, palette.save),
            _slips_saves(figure.slips, figure.saves, palette).append(
                f" · last {short_day(figure.last_on)}", style="dim"
            ),
            f"{figure.customer}{where}",
            figure.entries,
        )
        for figure in figures.customers
    ]


def share_lines(
    shares: Iterable[Share], title: str, period: Period, palette: Palette
) -> list[Line]:
    """Shares of the slips (control, recovery), each leading to its slips."""
    return [
        Line(
            share.label,
            SplitBar(share.rate.part, 0, share.rate.whole, palette.slip, palette.save)
            if share.rate.enough
            else None,
            Text(rate_text(share.rate), style="" if share.rate.enough else "dim"),
            f"{title}{share.label}{_in(period)}",
            share.entries,
        )
        for share in shares
    ]


def recovery_lines(figures: Patterns, palette: Palette) -> list[Line]:
    lines = share_lines(figures.recovery, "Slips with recovery: ", figures.period, palette)
    recovered = next((s for s in figures.recovery if s.key == "recovered"), None)
    if recovered is not None:
        lines.append(
            Line(
                "of those tried",
                None,
                Text(f"{rate_text(figures.recovered)} recovered"),
                f"Slips recovered{_in(figures.period)}",
                recovered.entries,
            )
        )
    return lines


def coverage_lines(figures: Patterns, *, calendar: Calendar) -> list[Line]:
    coverage = figures.coverage
    where = _in(figures.period)
    base = entries_between(figures.period, figures.observed_end, calendar)
    return [
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
            Text(f"{rate_text(coverage.clean)} of the days journaled (check-ins)", style="dim"),
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
        Line(
            "follow-ups",
            None,
            Text(
                f"{figures.follow_ups.closed} closed · {figures.follow_ups.open} open",
                style="dim",
            ),
            "",
            None,  # closed and open at different days: F lists the ones due
        ),
    ]


def commitment_rows(figures: Patterns, palette: Palette) -> list[FigureRow]:
    """Each commitment running in the period: slips a week before and after, the trend, and
    how often it was followed; it leads to the entries that answered."""
    rows = []
    for figure in figures.commitments:
        line = Text.assemble(
            ("If \u201c", "dim"),
            (figure.trigger_name, "bold"),
            ("\u201d shows up: ", "dim"),
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
                f"Entries that answered the commitment on {named(figure.trigger_name)}",
                figure.entries,
            )
        )
    return rows or [
        FigureRow(
            Text("No commitment ran in this period. Set them in the review (r).", style="dim"),
            "",
            None,
        )
    ]
