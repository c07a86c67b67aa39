"""Quarters, fiscal years and periods: the calendar every figure, filter and review is cut by.

A `Quarter` is one quarter of a (possibly fiscal) year, a `Calendar` says how a person's year
is cut, and a `Period` is the stretch of days a figure covers (a quarter or any date range).
`parse_period` reads a period from what a person types, for the CLI and the app alike.

Standard library only: the CLI's capture path imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, overload

from journal.dates import MAX_YEAR, MIN_YEAR, MONTHS, DateError, parse_when, shown
from journal.errors import JournalError
from journal.text import LazyPattern

# --- quarters --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of a (possibly fiscal) year.

    `fiscal_year` names the calendar year in which the fiscal year ends; with a January start
    it is simply the calendar year.
    """

    fiscal_year: int
    number: int
    fiscal_start_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number {self.number} is not 1 to 4")
        if not 1 <= self.fiscal_start_month <= 12:
            raise ValueError(f"fiscal start month {self.fiscal_start_month} is not 1 to 12")

    @property
    def is_fiscal(self) -> bool:
        return self.fiscal_start_month != 1

    @property
    def start(self) -> date:
        # A fiscal year starting in month m > 1 begins in calendar year fiscal_year - 1.
        first_year = self.fiscal_year - (1 if self.is_fiscal else 0)
        months = (self.fiscal_start_month - 1) + (self.number - 1) * 3
        year, month0 = divmod(months, 12)
        return date(first_year + year, month0 + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.is_fiscal:
            return f"FY{self.fiscal_year}-Q{self.number}"
        return f"{self.fiscal_year}-Q{self.number}"

    @property
    def short_label(self) -> str:
        """'26-Q3' or 'FY27-Q1': eight of them fit under a chart at 80 columns."""
        year = f"{self.fiscal_year % 100:02d}"
        return f"FY{year}-Q{self.number}" if self.is_fiscal else f"{year}-Q{self.number}"

    def __str__(self) -> str:
        return self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.fiscal_year + 1, 1, self.fiscal_start_month)
        return Quarter(self.fiscal_year, self.number + 1, self.fiscal_start_month)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.fiscal_year - 1, 4, self.fiscal_start_month)
        return Quarter(self.fiscal_year, self.number - 1, self.fiscal_start_month)

    def year_earlier(self) -> Quarter:
        return Quarter(self.fiscal_year - 1, self.number, self.fiscal_start_month)

    def week_of_quarter(self, day: date, week_start: int = 0) -> int:
        """1 for the (possibly partial) week holding the quarter's first day, and so on.

        Weeks begin on `week_start` (0 Monday … 6 Sunday), as the person's calendar shows them.
        """
        if not self.contains(day):
            raise ValueError(f"{day.isoformat()} is not in {self.label}")
        return (day - self._first_week_start(week_start)).days // 7 + 1

    def week_days(self, week: int, week_start: int = 0) -> tuple[date, date]:
        """The first and last day of the quarter's `week`, cut to the quarter."""
        first = self._first_week_start(week_start)
        start = max(self.start, first + timedelta(days=7 * (week - 1)))
        end = min(self.end, first + timedelta(days=7 * week - 1))
        return start, end

    def _first_week_start(self, week_start: int) -> date:
        return self.start - timedelta(days=(self.start.weekday() - week_start) % 7)

    def days_to_close(self, day: date) -> int:
        """Days from `day` to the quarter's last day: 0 on the last day itself."""
        return (self.end - day).days

    def closing_from(self, days: int) -> date:
        """The first of the quarter's last `days` days (the start of its closing weeks)."""
        return self.end - timedelta(days=days - 1)


def quarter_of(day: date, fiscal_start_month: int = 1) -> Quarter:
    """The quarter that holds `day`."""
    months_in = (day.month - fiscal_start_month) % 12
    number = months_in // 3 + 1
    fiscal_year = day.year
    if fiscal_start_month != 1 and day.month >= fiscal_start_month:
        fiscal_year += 1  # the fiscal year is named by the calendar year it ends in
    return Quarter(fiscal_year, number, fiscal_start_month)


_CALENDAR_LABEL = LazyPattern(
    r"^(?P<y>\d{4})\s*-?\s*q(?P<q>\d)$|^q(?P<q2>\d)\s*-?\s*(?P<y2>\d{4})$"
)
_FISCAL_LABEL = LazyPattern(
    r"^fy\s*(?P<y>\d{2}|\d{4})\s*-?\s*q(?P<q>\d)$|^q(?P<q2>\d)\s*-?\s*fy\s*(?P<y2>\d{2}|\d{4})$"
)


def parse_quarter(text: str, *, today: date, fiscal_start_month: int = 1) -> Quarter:
    """Read '2026-Q3', 'Q3 2026', 'FY2027-Q1', 'FY27-Q1', 'this' or 'last'."""
    phrase = " ".join(text.strip().lower().split())
    current = quarter_of(today, fiscal_start_month)
    fiscal = fiscal_start_month != 1
    accepted = (
        "name quarters like FY2027-Q1 (or this, last)"
        if fiscal
        else "name quarters like 2026-Q3 or Q3 2026 (or this, last)"
    )
    if phrase in ("this", "current", "this quarter", "now"):
        return current
    if phrase in ("last", "previous", "last quarter", "previous quarter"):
        return current.previous()

    if match := _FISCAL_LABEL.match(phrase):
        year_text = match["y"] or match["y2"]
        number = int(match["q"] or match["q2"])
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        if not fiscal:
            raise DateError(
                f'"{shown(text)}" is a fiscal quarter, but your quarters follow the calendar;'
                " set fiscal_year_start_month in the config, or name quarters like 2026-Q3"
            )
        return _checked_quarter(text, year, number, fiscal_start_month, accepted)
    if match := _CALENDAR_LABEL.match(phrase):
        year = int(match["y"] or match["y2"])
        number = int(match["q"] or match["q2"])
        if fiscal:
            month = MONTHS[fiscal_start_month - 1].capitalize()
            raise DateError(
                f'"{shown(text)}" is a calendar quarter, but your fiscal year starts in {month};'
                f" {accepted}"
            )
        return _checked_quarter(text, year, number, fiscal_start_month, accepted)
    raise DateError(f'could not read the quarter "{shown(text)}"; {accepted}')


def _checked_quarter(text: str, year: int, number: int, start_month: int, accepted: str) -> Quarter:
    if not 1 <= number <= 4:
        raise DateError(
            f'"{shown(text)}" names quarter {number}; a quarter is Q1 to Q4, so {accepted}'
        )
    if not MIN_YEAR < year <= MAX_YEAR:
        raise DateError(
            f'"{shown(text)}" names a year outside {MIN_YEAR + 1} to {MAX_YEAR}; {accepted}'
        )
    return Quarter(year, number, start_month)


# --- the person's calendar -------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """How the person's year is cut: fiscal start month (1 = calendar) and first weekday."""

    fiscal_start_month: int = 1
    week_start: int = 0  # 0 Monday … 6 Sunday

    def quarter_of(self, day: date) -> Quarter:
        return quarter_of(day, self.fiscal_start_month)

    def saved_quarter(self, label: str) -> tuple[str, str]:
        """A quarter saved under `label` ('2026-Q3', saved when the year was cut another way)
        in this calendar's words, and its months: ('FY2026-Q4', 'Jul-Sep 2026'). A saved
        quarter that is not one of this calendar's keeps its label."""
        import re

        found = re.fullmatch(r"(FY)?(\d{4})-Q([1-4])", label)
        if found is None:
            return label, ""
        if found.group(1):  # fiscal, cut as this calendar cuts it (the only fiscal cut known)
            saved = Quarter(int(found.group(2)), int(found.group(3)), self.fiscal_start_month)
        else:
            saved = Quarter(int(found.group(2)), int(found.group(3)))
        mine = self.quarter_of(saved.start)
        months = f"{saved.start:%b}\u2013{saved.end:%b %Y}"
        return (mine.label if mine.start == saved.start else label), months

    def closing_days_between(self, start: date, end: date, days: int) -> int:
        """How many days from `start` to `end` lie within `days` of their quarter's close."""
        count = 0
        quarter = self.quarter_of(start)
        while quarter.start <= end:
            closing_start = max(quarter.closing_from(days), start)
            closing_end = min(quarter.end, end)
            count += max(0, (closing_end - closing_start).days + 1)
            quarter = quarter.next()
        return count


CALENDAR_YEAR = Calendar()  # calendar quarters, weeks from Monday


# --- periods ---------------------------------------------------------------------------------


def _year_before(day: date) -> date:
    """The same day a year earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """The stretch of days a figure covers: a quarter, or any date range."""

    start: date
    end: date
    label: str
    quarter: Quarter | None = None

    @classmethod
    def of_quarter(cls, quarter: Quarter) -> Period:
        return cls(quarter.start, quarter.end, quarter.label, quarter)

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        if start > end:
            raise ValueError(f"{start} is after {end}")
        return cls(start, end, f"{start.isoformat()} to {end.isoformat()}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before: the previous quarter, or as many days before a range."""
        if self.quarter is not None:
            return Period.of_quarter(self.quarter.previous())
        # A range reaching back past the calendar's first day is compared with what there is
        # before it (no entry is older than the journal's years anyway).
        first = date.min + timedelta(days=self.days)
        start = self.start - timedelta(days=self.days) if self.start >= first else date.min
        return Period.between(start, max(start, self.start - timedelta(days=1)))

    def next(self) -> Period:
        """The period just after: the next quarter, or as many days after a range."""
        if self.quarter is not None:
            return Period.of_quarter(self.quarter.next())
        if self.end > date.max - timedelta(days=self.days):
            return Period.between(date.max, date.max)  # nothing after the calendar's last day
        return Period.between(self.end + timedelta(days=1), self.end + timedelta(days=self.days))

    def year_earlier(self) -> Period:
        if self.quarter is not None:
            return Period.of_quarter(self.quarter.year_earlier())
        if self.start.year == date.min.year:
            return Period.between(date.min, date.min)  # no year before the first
        return Period.between(_year_before(self.start), _year_before(self.end))

    def first_days(self, days: int) -> Period:
        """The same period cut to its first `days` days, to compare with a running one."""
        return replace(self, end=min(self.end, self.start + timedelta(days=days - 1)))

    @property
    def is_cut(self) -> bool:
        return self.quarter is not None and self.end < self.quarter.end

    def observed_end(self, today: date) -> date:
        """The last day that has happened: a running quarter is counted up to today."""
        return min(self.end, today)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
        }


# --- reading a period a person typed ---------------------------------------------------------

PERIOD_HINT = "a quarter (2026-Q3, Q3 2026, this, last) or dates (2026-01-01..2026-03-31)"
FISCAL_PERIOD_HINT = "a quarter (FY2027-Q1, FY27-Q1, this, last) or dates (2026-10-01..2026-12-31)"
# "2026-01-01..2026-03-31" or "from 1 Jan 2026 to 31 Mar 2026"
_RANGE = LazyPattern(r"^\s*(?:from\s+)?(?P<start>.+?)\s*(?:\.\.|\s+to\s+)\s*(?P<end>.+?)\s*$")


def period_hint(fiscal_start_month: int) -> str:
    """What a typed period may look like, in the person's own kind of quarters."""
    return FISCAL_PERIOD_HINT if fiscal_start_month != 1 else PERIOD_HINT


@overload
def parse_period(
    typed: str,
    *,
    today: date,
    fiscal_start_month: int = 1,
    ranges: bool = False,
    started: bool = False,
) -> Period: ...


@overload
def parse_period(
    typed: str | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    today: date,
    fiscal_start_month: int = 1,
) -> Period | None: ...


def parse_period(
    typed: str | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    today: date,
    fiscal_start_month: int = 1,
    ranges: bool = False,
    started: bool = False,
) -> Period | None:
    """The period a person named, or None when they named none. Raises DateError or
    JournalError with one line saying what was wrong and what is accepted.

    `typed` is a quarter ('2026-Q3', 'Q3 2026', 'FY2027-Q1', 'this', 'last'); with `ranges`
    also a date range ('2026-01-01..2026-03-31', 'from 1 Jan 2026 to 31 Mar 2026'), and with
    `started` a quarter that has not begun is refused. `date_from` and `date_to` are the
    command line's --from and --to (no --to: up to today)."""
    # An empty value ("") is a date or quarter given and unreadable, not one left out.
    dated = date_from is not None or date_to is not None
    if typed is not None and dated:
        raise JournalError("give either --quarter or --from/--to, not both")
    if dated:
        if date_from is None:
            raise JournalError("--to needs a --from: the period's first day")
        start = parse_when(date_from, today=today)
        end = parse_when(date_to, today=today, allow_future=True) if date_to is not None else today
        if start > end:
            raise JournalError(
                f"--from {start.isoformat()} is after --to {end.isoformat()}; swap them"
            )
        return Period.between(start, end)
    if typed is None:
        return None
    if not ranges:
        return Period.of_quarter(
            parse_quarter(typed, today=today, fiscal_start_month=fiscal_start_month)
        )
    if not typed.strip():
        raise DateError(f"type {period_hint(fiscal_start_month)}")
    if match := _RANGE.match(typed):
        start = parse_when(match["start"], today=today)
        end = parse_when(match["end"], today=today, allow_future=True)
        if start > end:
            raise DateError(f"the range starts ({start}) after it ends ({end}); swap them")
        return Period.between(start, end)
    try:
        quarter = parse_quarter(typed, today=today, fiscal_start_month=fiscal_start_month)
    except DateError as error:
        raise DateError(f"{error}; or dates such as 2026-01-01..2026-03-31") from None
    if started and quarter.start > today:
        raise DateError(f"{quarter.label} has not started yet (today is {today.isoformat()})")
    return Period.of_quarter(quarter)
