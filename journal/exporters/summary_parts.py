"""The plain parts a summary is made of (tables, charts, the year grid, sections), which
Markdown, HTML and SVG render, and `year_text`, the year grid in words for a reader without
the picture. No figure is counted here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal.sentences import plural
from journal.services.analytics.figures import DayCount


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns

    @classmethod
    def of(cls, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
        """A table whose first column is text and the others numbers."""
        return cls(
            tuple(columns),
            tuple(tuple(row) for row in rows),
            tuple(index > 0 for index in range(len(columns))),
        )


@dataclass(frozen=True, slots=True)
class Chart:
    """Slips and saves side by side for a run of labels (quarters, weeks, weekdays)."""

    title: str
    labels: tuple[str, ...]
    slips: tuple[int, ...]
    saves: tuple[int, ...]
    highlight_from: int | None = None  # bars from this index are the crunch


@dataclass(frozen=True, slots=True)
class YearGrid:
    """The year at a glance: a cell a day from `start` to `end`, in weeks from `week_start`,
    with the quarters' first days and the closing weeks (the crunch) marked."""

    start: date
    end: date
    days: tuple[DayCount, ...]  # the days with an entry or a check-in
    week_start: int
    quarter_starts: tuple[tuple[date, str], ...]  # (first day, label)
    fiscal_starts: tuple[tuple[date, str], ...]  # empty when the year is the calendar's
    crunch: tuple[tuple[date, date], ...]  # each quarter's closing weeks within the year

    @property
    def first_column_day(self) -> date:
        return self.start - timedelta(days=(self.start.weekday() - self.week_start) % 7)

    def column(self, day: date) -> int:
        return (day - self.first_column_day).days // 7

    def row(self, day: date) -> int:
        return (day.weekday() - self.week_start) % 7


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # a bulleted list
    table: Table | None = None
    chart: Chart | None = None
    quote: tuple[tuple[str, str], ...] = ()  # (label, the person's own words)
    year: YearGrid | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    facts: tuple[str, ...]  # period, counted up to, privacy
    sections: tuple[Section, ...]
    entries_title: str | None  # None: entries left out (--patterns-only)
    entries_note: str = ""
    figures: dict[str, object] = field(default_factory=dict)


def year_text(year: YearGrid) -> str:
    """The year's days in words, for readers of the Markdown and of screen readers."""
    slip_days = sum(1 for day in year.days if day.slips)
    save_days = sum(1 for day in year.days if day.saves and not day.slips)
    clean = sum(1 for day in year.days if day.clean)
    crunch_slips = sum(
        day.slips for day in year.days if any(a <= day.day <= b for a, b in year.crunch)
    )
    slips = sum(day.slips for day in year.days)
    return (
        f"From {year.start.isoformat()} to {year.end.isoformat()}: {plural(slip_days, 'day')}"
        f" with slips, {plural(save_days, 'day')} with only saves,"
        f" {plural(clean, 'clean check-in')}; {crunch_slips} of {plural(slips, 'slip')} in the"
        f" closing three weeks of a quarter."
    )
